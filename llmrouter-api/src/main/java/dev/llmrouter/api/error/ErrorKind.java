package dev.llmrouter.api.error;

/** The kinds of failure every protocol can express, with the default retry classification. */
public enum ErrorKind {
  AUTHENTICATION(401, false),
  PERMISSION_DENIED(403, false),
  NOT_FOUND(404, false),
  BAD_REQUEST(400, false),
  CONTEXT_WINDOW_EXCEEDED(400, false),
  CONTENT_POLICY(400, false),
  RATE_LIMITED(429, true),
  OVERLOADED(529, true),
  UPSTREAM_SERVER(500, true),
  TIMEOUT(504, true),
  CONNECTION(502, true);

  private final int defaultStatus;
  private final boolean retryable;

  ErrorKind(int defaultStatus, boolean retryable) {
    this.defaultStatus = defaultStatus;
    this.retryable = retryable;
  }

  /** The HTTP status to answer with when no upstream status is known. */
  public int defaultStatus() {
    return defaultStatus;
  }

  /**
   * Whether another attempt may succeed: transient upstream conditions are, problems with the request
   * or its credentials are not.
   */
  public boolean retryable() {
    return retryable;
  }
}
