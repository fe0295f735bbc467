package dev.llmrouter.api.error;

/** The provider failed (HTTP 5xx). Retryable. */
public final class UpstreamServerException extends LlmException {
  private static final long serialVersionUID = 1L;

  UpstreamServerException(Builder builder) {
    super(builder);
  }
}
