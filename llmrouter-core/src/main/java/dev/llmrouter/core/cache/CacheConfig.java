package dev.llmrouter.core.cache;

import dev.llmrouter.api.model.ChatRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The router's response cache: exact match on the canonical request, bounded in size and age. Off
 * unless a config is given to {@code LlmRouter.Builder.cache}.
 *
 * <pre>{@code
 * CacheConfig.builder().maximumSize(10_000).ttl(Duration.ofMinutes(30)).build();
 * }</pre>
 *
 * <p>Only requests the {@link #cacheable()} predicate accepts are looked up and stored; by default
 * those that ask for deterministic sampling ({@link #DETERMINISTIC}: temperature 0). Errors and
 * streams that did not finish are never stored.
 */
public final class CacheConfig {
  /** Requests with temperature 0: the same prompt should get the same answer. */
  public static final Predicate<ChatRequest> DETERMINISTIC = request -> {
    Double temperature = request.settings().temperature();
    return temperature != null && temperature == 0.0;
  };

  private final long maximumSize;
  private final Duration ttl;
  private final Predicate<ChatRequest> cacheable;

  private CacheConfig(Builder b) {
    this.maximumSize = b.maximumSize;
    this.ttl = b.ttl;
    this.cacheable = b.cacheable;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The most answers kept; the least useful go first beyond it. */
  public long maximumSize() {
    return maximumSize;
  }

  /** How long an answer stays after it was stored. */
  public Duration ttl() {
    return ttl;
  }

  /** Which requests use the cache. */
  public Predicate<ChatRequest> cacheable() {
    return cacheable;
  }

  @Override
  public String toString() {
    return "CacheConfig{maximumSize=" + maximumSize + ", ttl=" + ttl + "}";
  }

  public static final class Builder {
    private long maximumSize = 1_000;
    private Duration ttl = Duration.ofMinutes(10);
    private Predicate<ChatRequest> cacheable = DETERMINISTIC;

    private Builder() {}

    public Builder maximumSize(long value) {
      if (value < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1: " + value);
      }
      this.maximumSize = value;
      return this;
    }

    public Builder ttl(Duration value) {
      Objects.requireNonNull(value, "ttl");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("ttl must be positive: " + value);
      }
      this.ttl = value;
      return this;
    }

    /** Replaces the {@link #DETERMINISTIC} default, e.g. {@code request -> true} to cache everything. */
    public Builder cacheable(Predicate<ChatRequest> value) {
      this.cacheable = Objects.requireNonNull(value, "cacheable");
      return this;
    }

    public CacheConfig build() {
      return new CacheConfig(this);
    }
  }
}
