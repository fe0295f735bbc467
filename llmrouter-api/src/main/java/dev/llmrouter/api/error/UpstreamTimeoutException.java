package dev.llmrouter.api.error;

/** The upstream did not answer in time. Retryable. */
public final class UpstreamTimeoutException extends LlmException {
  private static final long serialVersionUID = 1L;

  UpstreamTimeoutException(Builder builder) {
    super(builder);
  }
}
