package dev.llmrouter.api.error;

/** The upstream could not be reached, or the connection broke. Retryable. */
public final class ConnectionException extends LlmException {
  private static final long serialVersionUID = 1L;

  ConnectionException(Builder builder) {
    super(builder);
  }
}
