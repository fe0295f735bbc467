package dev.llmrouter.core;

import java.time.Duration;

/**
 * Fires when a reader waiting on the upstream has waited longer than the idle timeout, or is still
 * waiting when a deadline passes (the attempt timeout, until the stream's first content). One task
 * is scheduled per period, not one per read: the task checks when the current wait began and
 * schedules itself again for the rest when nothing is due yet.
 */
final class IdleWatchdog {
  /** What made the watchdog fire. */
  enum Reason {
    IDLE,
    DEADLINE
  }

  private final RouterClock clock;
  private final long idleNanos;
  private final Runnable onFire;
  private volatile long deadline;
  private volatile boolean hasDeadline;
  private volatile long waitingSince;
  private volatile boolean waiting;
  private volatile Reason fired;
  private RouterClock.Cancellable scheduled;
  private boolean stopped;

  /**
   * @param idle the longest silence, or {@code null} for none
   * @param deadlineIn the time after which any wait fails, or {@code null} for none
   */
  IdleWatchdog(RouterClock clock, Duration idle, Duration deadlineIn, Runnable onFire) {
    this.clock = clock;
    this.idleNanos = idle == null ? Long.MAX_VALUE : idle.toNanos();
    this.onFire = onFire;
    if (deadlineIn != null) {
      this.deadline = clock.nanoTime() + deadlineIn.toNanos();
      this.hasDeadline = true;
    }
  }

  /** The reader is about to block on the upstream. */
  void beforeRead() {
    long now = clock.nanoTime();
    waitingSince = now;
    waiting = true;
    synchronized (this) {
      if (scheduled == null && !stopped) {
        scheduled = clock.schedule(Duration.ofNanos(untilDue(now, now)), this::check);
      }
    }
  }

  /** The read returned. */
  void afterRead() {
    waiting = false;
  }

  /** From now on only silence counts (the stream committed). */
  void liftDeadline() {
    hasDeadline = false;
  }

  /** Why the watchdog fired (and closed the upstream), or {@code null}. */
  Reason fired() {
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

  /** Nanoseconds from {@code now} until a wait that began at {@code since} is due; 0 or less when due. */
  private long untilDue(long since, long now) {
    long idleLeft = idleNanos == Long.MAX_VALUE ? Long.MAX_VALUE : idleNanos - (now - since);
    return hasDeadline ? Math.min(idleLeft, deadline - now) : idleLeft;
  }

  private void check() {
    long now = clock.nanoTime();
    Reason reason;
    synchronized (this) {
      scheduled = null;
      if (stopped || !waiting) {
        return;
      }
      long left = untilDue(waitingSince, now);
      if (left > 0) {
        if (left != Long.MAX_VALUE) {
          scheduled = clock.schedule(Duration.ofNanos(left), this::check);
        }
        return;
      }
      reason = now - waitingSince >= idleNanos ? Reason.IDLE : Reason.DEADLINE;
      stopped = true;
    }
    fired = reason;
    onFire.run();
  }
}
