package dev.llmrouter.adapters.routing;

import dev.llmrouter.core.RouterClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The router's clock for these tests: a wait before a retry is recorded and passes at once, so
 * backoff and Retry-After are checked without waiting. Socket timeouts stay real (short) ones.
 */
final class ManualClock implements RouterClock {
  private volatile long now = 1_000_000_000_000L;
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    sleeps.add(duration);
    now += duration.toNanos();
  }

  /** These tests set no idle timeout on this clock: nothing is ever scheduled. */
  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    throw new AssertionError("no task should be scheduled on the manual clock");
  }
}
