package dev.llmrouter.core.governance;

import dev.llmrouter.api.spi.RateLimitStore;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Rate-limit counters in memory; counters past their time to live are dropped as new ones are added.
 * One lock keeps check-and-add atomic over all the counters of a call.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {
  private final Map<String, long[]> counters = new HashMap<>();
  private final LongSupplier millis;
  private long nextSweep;

  /** @param millis the time, in milliseconds, for expiring counters (the governance clock) */
  public InMemoryRateLimitStore(LongSupplier millis) {
    this.millis = millis;
  }

  public InMemoryRateLimitStore() {
    this(System::currentTimeMillis);
  }

  @Override
  public synchronized int acquire(List<Hold> holds, long ttlMillis) {
    long now = millis.getAsLong();
    for (int i = 0; i < holds.size(); i++) {
      Hold hold = holds.get(i);
      if (hold.limit() > 0 && count(hold.counter(), now) + hold.amount() > hold.limit()) {
        return i;
      }
    }
    if (now >= nextSweep) {
      dropExpired(now);
      nextSweep = now + 60_000;
    }
    for (Hold hold : holds) {
      long[] c = counters.computeIfAbsent(hold.counter(), k -> new long[2]);
      c[0] += hold.amount();
      c[1] = now + ttlMillis;
    }
    return -1;
  }

  @Override
  public synchronized void adjust(String counter, long delta, long ttlMillis) {
    long now = millis.getAsLong();
    long[] c = counters.get(counter);
    if (c == null || c[1] <= now) {
      return;
    }
    c[0] = Math.max(0, c[0] + delta);
  }

  @Override
  public synchronized long count(String counter) {
    return count(counter, millis.getAsLong());
  }

  private long count(String counter, long now) {
    long[] c = counters.get(counter);
    return c == null || c[1] <= now ? 0 : c[0];
  }

  private void dropExpired(long now) {
    for (Iterator<long[]> it = counters.values().iterator(); it.hasNext(); ) {
      if (it.next()[1] <= now) {
        it.remove();
      }
    }
  }
}
