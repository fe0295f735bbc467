package dev.llmrouter.core;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed on first use, once, by whichever thread asks first: how a passthrough call's
 * request is decoded only when something reads it.
 */
final class Lazily<T> implements Supplier<T> {
  private Supplier<T> compute;
  private volatile T value;

  private Lazily(Supplier<T> compute, T value) {
    this.compute = compute;
    this.value = value;
  }

  static <T> Lazily<T> of(Supplier<T> compute) {
    return new Lazily<>(Objects.requireNonNull(compute, "compute"), null);
  }

  static <T> Lazily<T> done(T value) {
    return new Lazily<>(null, Objects.requireNonNull(value, "value"));
  }

  @Override
  public T get() {
    T known = value;
    if (known == null) {
      synchronized (this) {
        known = value;
        if (known == null) {
          known = compute.get();
          compute = null;
          value = known;
        }
      }
    }
    return known;
  }

  /** The value when it was computed already, else {@code null}; never computes it. */
  T ifDone() {
    return value;
  }
}
