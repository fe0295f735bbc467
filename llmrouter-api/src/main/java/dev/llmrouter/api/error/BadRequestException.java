package dev.llmrouter.api.error;

/** The request is invalid for the upstream (HTTP 400, 413, 422). Not retryable: the caller must fix it. */
public final class BadRequestException extends LlmException {
  private static final long serialVersionUID = 1L;

  BadRequestException(Builder builder) {
    super(builder);
  }
}
