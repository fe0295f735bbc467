package dev.llmrouter.api.error;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure of an LLM call, typed by {@link ErrorKind}. Unchecked.
 *
 * <p>The message is safe to log: it never holds an API key, an {@code Authorization} value or an
 * unredacted upstream body. Create instances with {@link #builder(ErrorKind, String)}, which picks
 * the subclass for the kind, so callers can {@code catch (RateLimitedException e)}.
 */
public abstract class LlmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String provider;
  private final int upstreamStatus;
  private final String upstreamType;
  private final String upstreamCode;
  private final transient Duration retryAfter;

  LlmException(Builder b) {
    super(b.message, b.cause);
    this.kind = b.kind;
    this.provider = b.provider;
    this.upstreamStatus = b.upstreamStatus;
    this.upstreamType = b.upstreamType;
    this.upstreamCode = b.upstreamCode;
    this.retryAfter = b.retryAfter;
  }

  /** Starts an exception of {@code kind} with a message that is safe to show and log. */
  public static Builder builder(ErrorKind kind, String safeMessage) {
    return new Builder(kind, safeMessage);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The provider that failed, as named in the router's configuration; {@code null} if none was reached. */
  public String provider() {
    return provider;
  }

  /** The upstream's HTTP status, or 0 when there was none (connection failure, local error). */
  public int upstreamStatus() {
    return upstreamStatus;
  }

  /** The status to answer a client with: the upstream's, else the kind's default. */
  public int httpStatus() {
    return upstreamStatus > 0 ? upstreamStatus : kind.defaultStatus();
  }

  /** The upstream's error type (e.g. {@code rate_limit_error}, {@code RESOURCE_EXHAUSTED}), if any. */
  public String upstreamType() {
    return upstreamType;
  }

  /** The upstream's error code (e.g. {@code context_length_exceeded}), if any. */
  public String upstreamCode() {
    return upstreamCode;
  }

  /** How long the upstream asked to wait before retrying, or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether another attempt may succeed. */
  public boolean retryable() {
    return kind.retryable();
  }

  /** A builder holding this exception's fields, to derive a changed copy. */
  public Builder toBuilder() {
    return builder(kind, getMessage())
        .provider(provider)
        .upstreamStatus(upstreamStatus)
        .upstreamType(upstreamType)
        .upstreamCode(upstreamCode)
        .retryAfter(retryAfter)
        .cause(getCause());
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('{').append(kind);
    if (provider != null) {
      sb.append(", provider=").append(provider);
    }
    if (upstreamStatus > 0) {
      sb.append(", status=").append(upstreamStatus);
    }
    if (upstreamType != null) {
      sb.append(", type=").append(upstreamType);
    }
    if (retryAfter != null) {
      sb.append(", retryAfter=").append(retryAfter);
    }
    return sb.append("}: ").append(getMessage()).toString();
  }

  /** Builds the {@link LlmException} subclass that matches the kind. */
  public static final class Builder {
    private final ErrorKind kind;
    private final String message;
    private String provider;
    private int upstreamStatus;
    private String upstreamType;
    private String upstreamCode;
    private Duration retryAfter;
    private Throwable cause;

    private Builder(ErrorKind kind, String message) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.message = Objects.requireNonNull(message, "message");
    }

    public Builder provider(String value) {
      this.provider = value;
      return this;
    }

    public Builder upstreamStatus(int value) {
      this.upstreamStatus = value;
      return this;
    }

    public Builder upstreamType(String value) {
      this.upstreamType = value;
      return this;
    }

    public Builder upstreamCode(String value) {
      this.upstreamCode = value;
      return this;
    }

    public Builder retryAfter(Duration value) {
      this.retryAfter = value;
      return this;
    }

    /** The underlying cause; its message must be as safe as this one's. */
    public Builder cause(Throwable value) {
      this.cause = value;
      return this;
    }

    public LlmException build() {
      switch (kind) {
        case AUTHENTICATION:
          return new AuthenticationException(this);
        case PERMISSION_DENIED:
          return new PermissionDeniedException(this);
        case NOT_FOUND:
          return new NotFoundException(this);
        case BAD_REQUEST:
          return new BadRequestException(this);
        case CONTEXT_WINDOW_EXCEEDED:
          return new ContextWindowExceededException(this);
        case CONTENT_POLICY:
          return new ContentPolicyException(this);
        case RATE_LIMITED:
          return new RateLimitedException(this);
        case OVERLOADED:
          return new OverloadedException(this);
        case UPSTREAM_SERVER:
          return new UpstreamServerException(this);
        case TIMEOUT:
          return new UpstreamTimeoutException(this);
        case CONNECTION:
          return new ConnectionException(this);
        default:
          throw new AssertionError(kind);
      }
    }
  }
}
