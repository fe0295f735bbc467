package dev.llmrouter.core;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link RouterClock#system()}: {@link System#nanoTime()}, {@link Thread#sleep}, one lazily started timer thread. */
final class SystemRouterClock implements RouterClock, AutoCloseable {
  private ScheduledThreadPoolExecutor timer;
  private boolean closed;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(duration.toNanos());
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> future = timer().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  private synchronized ScheduledThreadPoolExecutor timer() {
    if (closed) {
      throw new IllegalStateException("the router's clock is closed");
    }
    if (timer == null) {
      timer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "llmrouter-timer");
        thread.setDaemon(true);
        return thread;
      });
      // idle watchdogs are cancelled far more often than they fire: keep the queue small
      timer.setRemoveOnCancelPolicy(true);
    }
    return timer;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
