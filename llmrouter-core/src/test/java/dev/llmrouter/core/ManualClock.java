package dev.llmrouter.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link RouterClock} that moves only when told: {@link #sleep} records the wait and moves time at
 * once, {@link #advance} runs the tasks that fall due on the calling thread. Nothing ever waits.
 */
final class ManualClock implements RouterClock {
  private record Task(long due, long order, Runnable action, boolean[] cancelled) {}

  private long now = 1_000_000_000_000L;
  private long order;
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
  /** Every wait the router asked for, in order. */
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    advance(duration);
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    tasks.add(new Task(now + delay.toNanos(), order++, task, cancelled));
    return () -> {
      synchronized (ManualClock.this) {
        cancelled[0] = true;
      }
    };
  }

  /** Moves time forward, running every task that falls due, in order. */
  void advance(Duration duration) {
    long target;
    synchronized (this) {
      target = now + duration.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = next.due;
        if (next.cancelled[0]) {
          continue;
        }
      }
      next.action.run();
    }
  }

  synchronized int pendingTasks() {
    List<Task> live = new ArrayList<>();
    for (Task task : tasks) {
      if (!task.cancelled[0]) {
        live.add(task);
      }
    }
    return live.size();
  }
}
