package dev.llmrouter.api.error;

/** The credentials were missing or rejected (HTTP 401). */
public final class AuthenticationException extends LlmException {
  private static final long serialVersionUID = 1L;

  AuthenticationException(Builder builder) {
    super(builder);
  }
}
