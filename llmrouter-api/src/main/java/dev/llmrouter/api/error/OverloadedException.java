package dev.llmrouter.api.error;

/** The provider is overloaded (Anthropic 529, OpenAI 503, Gemini UNAVAILABLE). Retryable. */
public final class OverloadedException extends LlmException {
  private static final long serialVersionUID = 1L;

  OverloadedException(Builder builder) {
    super(builder);
  }
}
