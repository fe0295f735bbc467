package dev.llmrouter.core.governance;

import dev.llmrouter.api.spi.BudgetStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Budget counters in memory. One lock makes check-and-reserve atomic across all the counters of a
 * call; each critical section is a few map operations, so it is not a bottleneck next to an upstream
 * call. Counters of past periods stay until the process ends (one small entry per budget and period).
 */
public final class InMemoryBudgetStore implements BudgetStore {
  private final Map<String, long[]> counters = new HashMap<>();
  private final Set<String> marks = new HashSet<>();

  @Override
  public synchronized int reserve(List<Hold> holds) {
    for (int i = 0; i < holds.size(); i++) {
      Hold hold = holds.get(i);
      long[] c = counters.get(hold.counter());
      long used = c == null ? 0 : c[0] + c[1];
      if (hold.limitNanos() >= 0 && used + hold.amountNanos() > hold.limitNanos()) {
        return i;
      }
    }
    for (Hold hold : holds) {
      counters.computeIfAbsent(hold.counter(), k -> new long[2])[1] += hold.amountNanos();
    }
    return -1;
  }

  @Override
  public synchronized void settle(List<String> names, long reservedNanos, long spentNanos) {
    for (String name : names) {
      long[] c = counters.computeIfAbsent(name, k -> new long[2]);
      c[1] = Math.max(0, c[1] - reservedNanos);
      c[0] += spentNanos;
    }
  }

  @Override
  public synchronized long spent(String counter) {
    long[] c = counters.get(counter);
    return c == null ? 0 : c[0];
  }

  @Override
  public synchronized long reserved(String counter) {
    long[] c = counters.get(counter);
    return c == null ? 0 : c[1];
  }

  @Override
  public synchronized boolean markOnce(String marker) {
    return marks.add(marker);
  }
}
