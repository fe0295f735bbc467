package dev.llmrouter.core;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import dev.llmrouter.core.resilience.CircuitBreakerConfig;
import dev.llmrouter.core.resilience.CircuitState;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the router knows about one upstream model of one provider, shared by every group that uses it:
 * its Failsafe circuit breaker, calls in flight, latency windows and per-minute usage.
 *
 * <p>Failsafe times an open breaker with {@link System#nanoTime()}; to keep every timing on the
 * router's clock, the Failsafe delay is set out of reach and the move to half-open is made here when
 * the router's clock says the delay has passed.
 */
final class DeploymentHealth {
  /** Longer than any router lives: Failsafe never half-opens the breaker by itself. */
  private static final Duration NEVER = Duration.ofDays(3650);

  interface StateListener {
    void changed(DeploymentHealth deployment, CircuitState from, CircuitState to);
  }

  private final String provider;
  private final String upstreamModel;
  private final RouterClock clock;
  private final CircuitBreaker<Object> breaker;
  private final long openDelayNanos;
  private volatile long openedAt;
  private volatile boolean openTimed;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LatencyWindow latency;
  private final LatencyWindow timeToFirstToken;
  private final MinuteWindow requests;
  private final MinuteWindow tokens;

  DeploymentHealth(
      String provider, String upstreamModel, RouterClock clock, CircuitBreakerConfig config, int latencySamples,
      StateListener listener) {
    this.provider = provider;
    this.upstreamModel = upstreamModel;
    this.clock = clock;
    this.openDelayNanos = config.openDelay().toNanos();
    this.breaker = config.enabled() ? newBreaker(config, listener) : null;
    this.latency = new LatencyWindow(latencySamples);
    this.timeToFirstToken = new LatencyWindow(latencySamples);
    this.requests = new MinuteWindow(clock);
    this.tokens = new MinuteWindow(clock);
  }

  private CircuitBreaker<Object> newBreaker(CircuitBreakerConfig config, StateListener listener) {
    return CircuitBreaker.builder()
        .withFailureThreshold(config.failureThreshold(), config.failureWindow())
        .withSuccessThreshold(config.successThreshold())
        .withDelay(NEVER)
        .onOpen(event -> {
          openedAt = clock.nanoTime();
          openTimed = true;
          listener.changed(this, state(event), CircuitState.OPEN);
        })
        .onHalfOpen(event -> {
          openTimed = false;
          listener.changed(this, state(event), CircuitState.HALF_OPEN);
        })
        .onClose(event -> {
          openTimed = false;
          listener.changed(this, state(event), CircuitState.CLOSED);
        })
        .build();
  }

  private static CircuitState state(CircuitBreakerStateChangedEvent event) {
    return CircuitState.valueOf(event.getPreviousState().name());
  }

  String provider() {
    return provider;
  }

  String upstreamModel() {
    return upstreamModel;
  }

  /** The breaker's state, moving an open breaker to half-open once its delay has passed. */
  CircuitState circuitState() {
    if (breaker == null) {
      return CircuitState.CLOSED;
    }
    // openTimed guards the instant between Failsafe opening the breaker and its listener noting when
    if (breaker.isOpen() && openTimed && clock.nanoTime() - openedAt >= openDelayNanos) {
      breaker.halfOpen();
    }
    return CircuitState.valueOf(breaker.getState().name());
  }

  /** Whether an attempt may go now; a half-open breaker lets a limited number of trials through. */
  boolean tryAcquirePermit() {
    return circuitState() != CircuitState.OPEN && (breaker == null || breaker.tryAcquirePermit());
  }

  /** The deployment answered. */
  void recordSuccess() {
    if (breaker != null) {
      breaker.recordSuccess();
    }
  }

  /** The deployment failed in a way that says it is unhealthy. */
  void recordFailure() {
    if (breaker != null) {
      breaker.recordFailure();
    }
  }

  /**
   * The attempt ended without a verdict on the deployment's health (the request's own error, a key
   * problem, a caller that went away). The upstream did answer, so a half-open breaker counts it as a
   * successful trial and frees its permit.
   */
  void recordNeutral() {
    recordSuccess();
  }

  void attemptStarted(long estimatedTokens) {
    inFlight.incrementAndGet();
    requests.add(1);
    if (estimatedTokens != 0) {
      tokens.add(estimatedTokens);
    }
  }

  void attemptEnded(long tokenCorrection) {
    inFlight.decrementAndGet();
    if (tokenCorrection != 0) {
      tokens.add(tokenCorrection);
    }
  }

  void recordLatency(long nanos) {
    latency.add(nanos);
  }

  void recordTimeToFirstToken(long nanos) {
    timeToFirstToken.add(nanos);
  }

  int inFlight() {
    return inFlight.get();
  }

  Duration averageLatency() {
    return latency.average();
  }

  Duration averageTimeToFirstToken() {
    return timeToFirstToken.average();
  }

  long requestsLastMinute() {
    return requests.sum();
  }

  long tokensLastMinute() {
    return tokens.sum();
  }

  @Override
  public String toString() {
    return provider + "/" + upstreamModel + "{" + circuitState() + ", inFlight=" + inFlight.get() + "}";
  }

  /** The mean of the last few samples. */
  static final class LatencyWindow {
    private final long[] samples;
    private int count;
    private int next;

    LatencyWindow(int size) {
      this.samples = new long[size];
    }

    synchronized void add(long nanos) {
      samples[next] = nanos;
      next = (next + 1) % samples.length;
      count = Math.min(count + 1, samples.length);
    }

    synchronized Duration average() {
      if (count == 0) {
        return null;
      }
      long sum = 0;
      for (int i = 0; i < count; i++) {
        sum += samples[i];
      }
      return Duration.ofNanos(sum / count);
    }
  }

  /** A sum over the last 60 seconds, in one-second buckets. */
  static final class MinuteWindow {
    private static final long SECOND = 1_000_000_000L;
    private final RouterClock clock;
    private final long[] seconds = new long[60];
    private final long[] amounts = new long[60];

    MinuteWindow(RouterClock clock) {
      this.clock = clock;
      Arrays.fill(seconds, Long.MIN_VALUE);
    }

    synchronized void add(long amount) {
      long second = Math.floorDiv(clock.nanoTime(), SECOND);
      int slot = (int) Math.floorMod(second, 60L);
      if (seconds[slot] != second) {
        seconds[slot] = second;
        amounts[slot] = 0;
      }
      amounts[slot] += amount;
    }

    synchronized long sum() {
      long now = Math.floorDiv(clock.nanoTime(), SECOND);
      long sum = 0;
      for (int i = 0; i < 60; i++) {
        if (seconds[i] != Long.MIN_VALUE && now - seconds[i] < 60) {
          sum += amounts[i];
        }
      }
      return Math.max(0, sum);
    }
  }
}
