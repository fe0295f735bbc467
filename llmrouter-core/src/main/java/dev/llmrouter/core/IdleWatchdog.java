package dev.llmrouter.core;

import java.time.Duration;

/**
 * Fires when a reader has waited longer than the idle timeout for its next upstream read. One task is
 * scheduled per idle period, not one per read: the task checks when the current wait began and
 * schedules itself again for the rest when the reader has been waiting for less.
 */
final class IdleWatchdog {
  private final RouterClock clock;
  private final long idleNanos;
  private final Runnable onIdle;
  private volatile long waitingSince;
  private volatile boolean waiting;
  private volatile boolean fired;
  private RouterClock.Cancellable scheduled;
  private boolean stopped;

  IdleWatchdog(RouterClock clock, Duration idle, Runnable onIdle) {
    this.clock = clock;
    this.idleNanos = idle.toNanos();
    this.onIdle = onIdle;
  }

  /** The reader is about to block on the upstream. */
  void beforeRead() {
    waitingSince = clock.nanoTime();
    waiting = true;
    synchronized (this) {
      if (scheduled == null && !stopped) {
        scheduled = clock.schedule(Duration.ofNanos(idleNanos), this::check);
      }
    }
  }

  /** The read returned. */
  void afterRead() {
    waiting = false;
  }

  /** Whether the timeout fired (and the upstream was closed). */
  boolean fired() {
    return fired;
  }

  void stop() {
    synchronized (this) {
      stopped = true;
      if (scheduled != null) {
        scheduled.cancel();
        scheduled = null;
      }
    }
  }

  private void check() {
    long idleFor = clock.nanoTime() - waitingSince;
    synchronized (this) {
      scheduled = null;
      if (stopped || !waiting) {
        return;
      }
      if (idleFor < idleNanos) {
        scheduled = clock.schedule(Duration.ofNanos(idleNanos - idleFor), this::check);
        return;
      }
      stopped = true;
    }
    fired = true;
    onIdle.run();
  }
}
