package dev.llmrouter.core.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * The circuit breaker each deployment (provider and upstream model) gets. Only failures the
 * {@link ErrorClassifier} calls {@link ErrorClassifier.Verdict#RETRYABLE RETRYABLE} count: a rate-limited
 * or refused key and an error of the request's own never open a breaker.
 *
 * <pre>{@code
 * CircuitBreakerConfig.builder()
 *     .failureThreshold(5, 10)          // open after 5 failures among the last 10 attempts
 *     .openDelay(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 */
public final class CircuitBreakerConfig {
  /** Opens after 5 consecutive failures, for 30 s; one successful trial closes it. */
  public static final CircuitBreakerConfig DEFAULTS = builder().build();

  private static final CircuitBreakerConfig DISABLED = builder().enabled(false).build();

  private final boolean enabled;
  private final int failureThreshold;
  private final int failureWindow;
  private final Duration openDelay;
  private final int successThreshold;

  private CircuitBreakerConfig(Builder b) {
    this.enabled = b.enabled;
    this.failureThreshold = b.failureThreshold;
    this.failureWindow = b.failureWindow == 0 ? b.failureThreshold : b.failureWindow;
    this.openDelay = b.openDelay;
    this.successThreshold = b.successThreshold;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** No breaker: deployments are never skipped for their failures. */
  public static CircuitBreakerConfig disabled() {
    return DISABLED;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Failures among the last {@link #failureWindow()} attempts that open the breaker. */
  public int failureThreshold() {
    return failureThreshold;
  }

  public int failureWindow() {
    return failureWindow;
  }

  /** How long an open breaker stays open before a trial call. */
  public Duration openDelay() {
    return openDelay;
  }

  /** Successful trial calls that close a half-open breaker. */
  public int successThreshold() {
    return successThreshold;
  }

  @Override
  public String toString() {
    return enabled
        ? "CircuitBreakerConfig{" + failureThreshold + "/" + failureWindow + " failures, open " + openDelay
            + ", " + successThreshold + " trial(s)}"
        : "CircuitBreakerConfig{disabled}";
  }

  public static final class Builder {
    private boolean enabled = true;
    private int failureThreshold = 5;
    private int failureWindow;
    private Duration openDelay = Duration.ofSeconds(30);
    private int successThreshold = 1;

    private Builder() {}

    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    /** Opens after {@code failures} consecutive failures. */
    public Builder failureThreshold(int failures) {
      return failureThreshold(failures, failures);
    }

    /** Opens after {@code failures} failures among the last {@code window} attempts. */
    public Builder failureThreshold(int failures, int window) {
      if (failures < 1 || window < failures) {
        throw new IllegalArgumentException(
            "need 1 <= failures <= window, got " + failures + " failures in " + window);
      }
      this.failureThreshold = failures;
      this.failureWindow = window;
      return this;
    }

    public Builder openDelay(Duration value) {
      Objects.requireNonNull(value, "openDelay");
      if (value.isNegative()) {
        throw new IllegalArgumentException("openDelay must not be negative: " + value);
      }
      this.openDelay = value;
      return this;
    }

    public Builder successThreshold(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("successThreshold must be at least 1: " + value);
      }
      this.successThreshold = value;
      return this;
    }

    public CircuitBreakerConfig build() {
      return new CircuitBreakerConfig(this);
    }
  }
}
