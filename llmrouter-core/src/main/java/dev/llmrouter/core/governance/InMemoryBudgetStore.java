package dev.llmrouter.core.governance;

import dev.llmrouter.api.spi.BudgetStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Budget counters in memory. One lock makes check-and-reserve atomic across all the counters of a
 * call; each critical section is a few map operations, so it is not a bottleneck next to an upstream
 * call. Counters of past periods stay until the process ends (one small entry per budget and period).
 */
public final class InMemoryBudgetStore implements BudgetStore {
  private final Map<String, Counter> counters = new HashMap<>();
  private final Set<String> marks = new HashSet<>();
  private final LongSupplier millis;

  /** One budget in one period: what was spent, and the reservations in flight with their deadlines. */
  private static final class Counter {
    long spent;
    final Map<String, long[]> reservations = new HashMap<>();

    long reserved(long now) {
      long sum = 0;
      for (Iterator<long[]> it = reservations.values().iterator(); it.hasNext(); ) {
        long[] amountAndDeadline = it.next();
        if (amountAndDeadline[1] <= now) {
          it.remove();
        } else {
          sum += amountAndDeadline[0];
        }
      }
      return sum;
    }
  }

  /** @param millis the time in milliseconds, for reservation deadlines (the governance clock) */
  public InMemoryBudgetStore(LongSupplier millis) {
    this.millis = millis;
  }

  public InMemoryBudgetStore() {
    this(System::currentTimeMillis);
  }

  @Override
  public synchronized int reserve(String reservation, List<Hold> holds, long ttlMillis) {
    long now = millis.getAsLong();
    for (int i = 0; i < holds.size(); i++) {
      Hold hold = holds.get(i);
      Counter c = counters.get(hold.counter());
      long used = c == null ? 0 : c.spent + c.reserved(now);
      if (hold.limitNanos() >= 0 && used + hold.amountNanos() > hold.limitNanos()) {
        return i;
      }
    }
    for (Hold hold : holds) {
      counters.computeIfAbsent(hold.counter(), k -> new Counter()).reservations
          .put(reservation, new long[] {hold.amountNanos(), now + ttlMillis});
    }
    return -1;
  }

  @Override
  public synchronized void settle(String reservation, List<String> names, long spentNanos) {
    for (String name : names) {
      Counter c = counters.computeIfAbsent(name, k -> new Counter());
      c.reservations.remove(reservation);
      c.spent += spentNanos;
    }
  }

  @Override
  public synchronized long spent(String counter) {
    Counter c = counters.get(counter);
    return c == null ? 0 : c.spent;
  }

  @Override
  public synchronized long reserved(String counter) {
    Counter c = counters.get(counter);
    return c == null ? 0 : c.reserved(millis.getAsLong());
  }

  @Override
  public synchronized boolean markOnce(String marker) {
    return marks.add(marker);
  }
}
