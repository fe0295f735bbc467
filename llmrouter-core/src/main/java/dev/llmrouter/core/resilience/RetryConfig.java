package dev.llmrouter.core.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How hard the router tries before it gives up on a model group, and how long anything may take.
 *
 * <p>One <em>pass</em> tries the group's deployments in the order the selection strategy picks them:
 * a key that is rate limited or refused hands over to the next key at once, a deployment that fails
 * hands over to the next deployment at once. When a whole pass failed with retryable errors, the
 * router waits (exponential backoff with jitter, or the provider's {@code Retry-After} when longer and
 * within {@link #maxRetryAfter()}) and makes another pass, up to {@link #maxAttempts()} passes; then it
 * walks the group's fallback chain.
 *
 * <pre>{@code
 * RetryConfig.builder()
 *     .maxAttempts(3)
 *     .backoff(Duration.ofMillis(500), Duration.ofSeconds(8))
 *     .attemptTimeout(Duration.ofSeconds(60))
 *     .totalDeadline(Duration.ofMinutes(3))
 *     .streamIdleTimeout(Duration.ofSeconds(90))
 *     .build();
 * }</pre>
 */
public final class RetryConfig {
  /** Three passes, 0.5 s to 30 s backoff with half jitter, Retry-After honoured up to 60 s, no timeouts of the router's own. */
  public static final RetryConfig DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double multiplier;
  private final double jitter;
  private final Duration maxRetryAfter;
  private final Duration attemptTimeout;
  private final Duration totalDeadline;
  private final Duration streamIdleTimeout;
  private final Random random;

  private RetryConfig(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.maxRetryAfter = b.maxRetryAfter;
    this.attemptTimeout = b.attemptTimeout;
    this.totalDeadline = b.totalDeadline;
    this.streamIdleTimeout = b.streamIdleTimeout;
    this.random = b.random;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.multiplier = multiplier;
    b.jitter = jitter;
    b.maxRetryAfter = maxRetryAfter;
    b.attemptTimeout = attemptTimeout;
    b.totalDeadline = totalDeadline;
    b.streamIdleTimeout = streamIdleTimeout;
    b.random = random;
    return b;
  }

  /** Passes over a group's deployments before its fallback chain is walked; 1 means no retry. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  public double multiplier() {
    return multiplier;
  }

  /** The share of each backoff that is randomised: 0 for none, 1 for "full jitter". */
  public double jitter() {
    return jitter;
  }

  /**
   * The longest {@code Retry-After} the router waits for. A provider asking for more is not waited
   * for: the call moves on to the fallback chain, and the caller gets the provider's retry-after if
   * nothing else answers.
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** The time one upstream attempt may take (passed to the adapter), or {@code null} for the adapter's own. */
  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  /**
   * The time a whole call may take until its answer starts, retries and fallbacks included, or
   * {@code null} for none. Each attempt gets at most what is left of it. It does not cut a stream
   * that already started; {@link #streamIdleTimeout()} watches those.
   */
  public Duration totalDeadline() {
    return totalDeadline;
  }

  /**
   * The longest silence allowed between two events of an upstream stream, or {@code null} for none.
   * Before the first event it fails the attempt (which is retried); after it, the stream ends with an
   * {@code UpstreamTimeoutException} error event.
   */
  public Duration streamIdleTimeout() {
    return streamIdleTimeout;
  }

  /**
   * The wait before pass {@code retry + 1}, {@code retry} counting from 1: exponential backoff, of which
   * the {@link #jitter()} share is random, and at least {@code retryAfter} when given.
   */
  public Duration delayBeforeRetry(int retry, Duration retryAfter) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry counts from 1: " + retry);
    }
    double nominal = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
    double capped = Math.min(nominal, maxBackoff.toNanos());
    double draw = random == null ? ThreadLocalRandom.current().nextDouble() : random.nextDouble();
    Duration backoff = Duration.ofNanos((long) (capped * (1 - jitter * draw)));
    return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
  }

  /** Whether the router waits for a provider that asked for {@code retryAfter}. */
  public boolean waitsFor(Duration retryAfter) {
    return retryAfter == null || retryAfter.compareTo(maxRetryAfter) <= 0;
  }

  @Override
  public String toString() {
    return "RetryConfig{maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff + " x"
        + multiplier + ", jitter=" + jitter + ", maxRetryAfter=" + maxRetryAfter + ", attemptTimeout="
        + attemptTimeout + ", totalDeadline=" + totalDeadline + ", streamIdleTimeout=" + streamIdleTimeout + "}";
  }

  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private double multiplier = 2.0;
    private double jitter = 0.5;
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Duration attemptTimeout;
    private Duration totalDeadline;
    private Duration streamIdleTimeout;
    private Random random;

    private Builder() {}

    /** Passes over a group before its fallbacks; at least 1. */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + value);
      }
      this.maxAttempts = value;
      return this;
    }

    /** Exponential backoff from {@code initial}, doubling, capped at {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      requireNotNegative(initial, "initial backoff");
      requireNotNegative(max, "max backoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max backoff " + max + " is shorter than the initial " + initial);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public Builder multiplier(double value) {
      if (!(value >= 1.0)) {
        throw new IllegalArgumentException("multiplier must be at least 1: " + value);
      }
      this.multiplier = value;
      return this;
    }

    /** The random share of each backoff, from 0 (none) to 1 (full jitter). */
    public Builder jitter(double value) {
      if (!(value >= 0.0 && value <= 1.0)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1: " + value);
      }
      this.jitter = value;
      return this;
    }

    /** The random source of the jitter; by default a thread-local one. Seed it for reproducible tests. */
    public Builder random(Random value) {
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    public Builder maxRetryAfter(Duration value) {
      this.maxRetryAfter = requireNotNegative(value, "maxRetryAfter");
      return this;
    }

    public Builder attemptTimeout(Duration value) {
      this.attemptTimeout = requirePositiveOrNull(value, "attemptTimeout");
      return this;
    }

    public Builder totalDeadline(Duration value) {
      this.totalDeadline = requirePositiveOrNull(value, "totalDeadline");
      return this;
    }

    public Builder streamIdleTimeout(Duration value) {
      this.streamIdleTimeout = requirePositiveOrNull(value, "streamIdleTimeout");
      return this;
    }

    public RetryConfig build() {
      return new RetryConfig(this);
    }

    private static Duration requireNotNegative(Duration value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative: " + value);
      }
      return value;
    }

    private static Duration requirePositiveOrNull(Duration value, String what) {
      if (value != null && (value.isNegative() || value.isZero())) {
        throw new IllegalArgumentException(what + " must be positive: " + value);
      }
      return value;
    }
  }
}
