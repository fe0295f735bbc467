package dev.llmrouter.core.resilience;

import dev.llmrouter.api.error.LlmException;

/**
 * Decides what a failed upstream attempt means for the rest of the call: try again elsewhere, take a
 * key out of rotation, or hand the error to the caller. {@link #defaults()} follows the rules most
 * providers document; pass another to {@code LlmRouter.Builder.errorClassifier} to change them.
 */
@FunctionalInterface
public interface ErrorClassifier {

  /** What a failure means. */
  enum Verdict {
    /**
     * A transient failure of the deployment (connection, timeout, 408, 5xx, 529, overloaded): counts
     * against its circuit breaker; the call moves to the next deployment and retries with backoff.
     */
    RETRYABLE,
    /** The key hit its rate limit (429): it cools down for the provider's retry-after; another key or deployment takes over. */
    KEY_RATE_LIMITED,
    /** The key was refused (401, 403, exhausted quota): it leaves the rotation; the next key takes over. */
    KEY_REJECTED,
    /**
     * The request itself is wrong (400, 404, 413, 422…): no retry, no fallback, no breaker; the caller
     * gets the upstream's error as it was.
     */
    CALLER_ERROR,
    /** The prompt does not fit: the caller's error unless the fallback chain names a context-window fallback. */
    CONTEXT_WINDOW_EXCEEDED,
    /** Blocked by content policy: the caller's error unless the fallback chain names a content-policy fallback. */
    CONTENT_POLICY
  }

  Verdict classify(LlmException error);

  /** The stock rules, see {@link DefaultErrorClassifier}. */
  static ErrorClassifier defaults() {
    return DefaultErrorClassifier.INSTANCE;
  }
}
