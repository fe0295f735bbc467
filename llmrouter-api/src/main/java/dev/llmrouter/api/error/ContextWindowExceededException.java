package dev.llmrouter.api.error;

/** The prompt does not fit the model's context window. Not retryable on the same model; a CLI may compact and resend. */
public final class ContextWindowExceededException extends LlmException {
  private static final long serialVersionUID = 1L;

  ContextWindowExceededException(Builder builder) {
    super(builder);
  }
}
