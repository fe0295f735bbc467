package dev.llmrouter.api.error;

/**
 * The provider limited the rate (HTTP 429). {@link #retryAfter()} holds the delay the provider asked
 * for (from {@code retry-after-ms}, {@code retry-after} or Gemini's {@code RetryInfo}), if any.
 */
public final class RateLimitedException extends LlmException {
  private static final long serialVersionUID = 1L;

  RateLimitedException(Builder builder) {
    super(builder);
  }
}
