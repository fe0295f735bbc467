package dev.llmrouter.api.error;

/** Unknown model, deployment or endpoint (HTTP 404). */
public final class NotFoundException extends LlmException {
  private static final long serialVersionUID = 1L;

  NotFoundException(Builder builder) {
    super(builder);
  }
}
