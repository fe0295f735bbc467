package dev.llmrouter.core.keys;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.error.LlmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One provider's API keys and their health. Keys are handed out in rotation; a key the provider
 * rate-limits cools down for the time it asked for and then returns by itself; a key it refuses (401,
 * 403, exhausted quota) leaves the rotation until {@link #reinstate} is called.
 *
 * <p>A deployment may use a subset of the keys: the methods that hand out keys take the keys allowed.
 * Thread-safe and lock-free; time comes from the injected ticker (nanoseconds, like
 * {@link System#nanoTime()}), so tests drive cooldowns without waiting.
 */
public final class KeyPool {
  /** What a key can be used for now. */
  public enum KeyState {
    AVAILABLE,
    /** Rate limited: back by itself once its cooldown has passed. */
    COOLING_DOWN,
    /** Refused by the provider: out until reinstated. */
    REVOKED
  }

  /**
   * A key as telemetry may see it: never the key, only its fingerprint.
   *
   * @param remainingCooldown the time until a cooling key returns; zero otherwise
   */
  public record KeyStatus(String fingerprint, KeyState state, Duration remainingCooldown) {}

  private static final class Slot {
    final Secret key;
    volatile boolean cooling;
    volatile long coolingUntil;
    volatile LlmException revokedBy;

    Slot(Secret key) {
      this.key = key;
    }
  }

  private final String provider;
  private final Map<Secret, Slot> slots;
  private final LongSupplier nanoTicker;
  private final AtomicInteger rotation = new AtomicInteger();

  /**
   * @param provider the provider's name, for messages
   * @param keys the keys; duplicates are dropped; empty for a provider that needs none
   * @param nanoTicker the time source, in nanoseconds
   */
  public KeyPool(String provider, List<Secret> keys, LongSupplier nanoTicker) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
    Map<Secret, Slot> map = new LinkedHashMap<>();
    for (Secret key : keys) {
      map.putIfAbsent(Objects.requireNonNull(key, "key"), new Slot(key));
    }
    this.slots = Collections.unmodifiableMap(map);
  }

  public String provider() {
    return provider;
  }

  /** Whether the provider has no key at all (a local server, say): attempts then go without one. */
  public boolean isEmpty() {
    return slots.isEmpty();
  }

  public boolean contains(Secret key) {
    return slots.containsKey(key);
  }

  /**
   * The next usable key among {@code allowed} in rotation, skipping {@code skip}, or {@code null} when
   * none is usable now.
   */
  public Secret next(List<Secret> allowed, Collection<Secret> skip) {
    int size = allowed.size();
    if (size == 0) {
      return null;
    }
    int start = Math.floorMod(rotation.getAndIncrement(), size);
    long now = nanoTicker.getAsLong();
    for (int i = 0; i < size; i++) {
      Secret key = allowed.get((start + i) % size);
      if (!skip.contains(key) && usable(slot(key), now)) {
        return key;
      }
    }
    return null;
  }

  /** Whether some key of {@code allowed}, other than those in {@code skip}, is usable now. */
  public boolean hasUsable(List<Secret> allowed, Collection<Secret> skip) {
    long now = nanoTicker.getAsLong();
    for (Secret key : allowed) {
      if (!skip.contains(key) && usable(slot(key), now)) {
        return true;
      }
    }
    return false;
  }

  /** Takes a rate-limited key out of rotation for {@code duration}; a longer cooldown already running is kept. */
  public void coolDown(Secret key, Duration duration) {
    Slot slot = slot(key);
    long until = nanoTicker.getAsLong() + duration.toNanos();
    synchronized (slot) {
      if (!slot.cooling || until - slot.coolingUntil > 0) {
        slot.coolingUntil = until;
        slot.cooling = true;
      }
    }
  }

  /** Takes a refused key out of rotation until {@link #reinstate}; {@code cause} is kept to explain later failures. */
  public void revoke(Secret key, LlmException cause) {
    slot(key).revokedBy = Objects.requireNonNull(cause, "cause");
  }

  /** Puts a key back: ends its cooldown and its revocation. */
  public void reinstate(Secret key) {
    Slot slot = slot(key);
    slot.revokedBy = null;
    slot.cooling = false;
  }

  /**
   * The time until some key of {@code allowed} is usable again: zero when one is usable now, the
   * shortest remaining cooldown when all are cooling down, {@code null} when every key is revoked
   * (none will come back by itself).
   */
  public Duration untilUsable(List<Secret> allowed) {
    long now = nanoTicker.getAsLong();
    long best = Long.MAX_VALUE;
    for (Secret key : allowed) {
      Slot slot = slot(key);
      if (slot.revokedBy != null) {
        continue;
      }
      best = Math.min(best, remaining(slot, now));
    }
    return best == Long.MAX_VALUE ? null : Duration.ofNanos(best);
  }

  /** The provider's answer that revoked a key of {@code allowed}, or {@code null} when none is revoked. */
  public LlmException revocationCause(List<Secret> allowed) {
    for (Secret key : allowed) {
      LlmException cause = slot(key).revokedBy;
      if (cause != null) {
        return cause;
      }
    }
    return null;
  }

  /** Every key's state, in configuration order of first appearance. */
  public List<KeyStatus> status() {
    long now = nanoTicker.getAsLong();
    List<KeyStatus> all = new ArrayList<>();
    for (Slot slot : slots.values()) {
      KeyState state = slot.revokedBy != null ? KeyState.REVOKED
          : remaining(slot, now) > 0 ? KeyState.COOLING_DOWN : KeyState.AVAILABLE;
      long remaining = state == KeyState.COOLING_DOWN ? remaining(slot, now) : 0;
      all.add(new KeyStatus(slot.key.fingerprint(), state, Duration.ofNanos(remaining)));
    }
    return all;
  }

  private Slot slot(Secret key) {
    Slot slot = slots.get(key);
    if (slot == null) {
      throw new IllegalArgumentException("key " + key.fingerprint() + " is not in the pool of provider '" + provider + "'");
    }
    return slot;
  }

  private static boolean usable(Slot slot, long now) {
    return slot.revokedBy == null && remaining(slot, now) == 0;
  }

  private static long remaining(Slot slot, long now) {
    if (!slot.cooling) {
      return 0;
    }
    long left = slot.coolingUntil - now;
    return Math.max(0, left);
  }

  @Override
  public String toString() {
    return "KeyPool{" + provider + ", " + status() + "}";
  }
}
