package dev.llmrouter.api.error;

/** The credentials may not do this (HTTP 403). */
public final class PermissionDeniedException extends LlmException {
  private static final long serialVersionUID = 1L;

  PermissionDeniedException(Builder builder) {
    super(builder);
  }
}
