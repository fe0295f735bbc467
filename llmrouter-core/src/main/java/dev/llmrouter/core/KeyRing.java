package dev.llmrouter.core;

import dev.llmrouter.api.Secret;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Round-robin over one provider's keys. Lock-free; the routing issue replaces it with a pool that cools keys down. */
final class KeyRing {
  private final List<Secret> keys;
  private final AtomicInteger next = new AtomicInteger();

  KeyRing(List<Secret> keys) {
    this.keys = List.copyOf(keys);
  }

  /** The next key, or {@code null} when the provider has none. */
  Secret next() {
    if (keys.isEmpty()) {
      return null;
    }
    return keys.get(Math.floorMod(next.getAndIncrement(), keys.size()));
  }

  int size() {
    return keys.size();
  }
}
