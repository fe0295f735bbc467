package dev.llmrouter.core;

import java.time.Duration;

/**
 * The router's time: what time it is, how to wait before a retry, and how to run a task later (stream
 * idle timeouts). Every timing decision of the router goes through it (backoff, key cooldowns, circuit
 * breaker delays, rate windows, cache expiry, deadlines), so a test can drive time by hand and never
 * sleep.
 */
public interface RouterClock {

  /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Waits {@code duration} before the next retry. */
  void sleep(Duration duration) throws InterruptedException;

  /** Runs {@code task} once after {@code delay}, on some thread; it must be quick. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task. */
  interface Cancellable {
    /** Stops the task if it has not run yet. */
    void cancel();
  }

  /**
   * The real clock. Its scheduled tasks run on one daemon thread created on first use; a router that
   * made its own system clock stops that thread when it closes.
   */
  static RouterClock system() {
    return new SystemRouterClock();
  }
}
