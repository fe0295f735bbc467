package dev.llmrouter.api.error;

/** The request or answer was blocked by the provider's content policy. */
public final class ContentPolicyException extends LlmException {
  private static final long serialVersionUID = 1L;

  ContentPolicyException(Builder builder) {
    super(builder);
  }
}
