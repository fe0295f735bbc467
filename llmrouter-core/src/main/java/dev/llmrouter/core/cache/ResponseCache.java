package dev.llmrouter.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.StopReason;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Answers stored by canonical request (Caffeine). The key ignores whether the request asked for a
 * stream, so an answer stored from a whole call also serves a stream and the other way round.
 * Thread-safe.
 */
public final class ResponseCache {
  private final CacheConfig config;
  private final Cache<Key, ChatResponse> answers;

  /** Callers of different partitions (virtual keys) never share answers. */
  private record Key(String partition, ChatRequest request) {}

  /**
   * @param nanoTicker the time source for expiry, in nanoseconds (tests pass a manual one)
   */
  public ResponseCache(CacheConfig config, LongSupplier nanoTicker) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(nanoTicker, "nanoTicker");
    this.answers = Caffeine.newBuilder()
        .maximumSize(config.maximumSize())
        .expireAfterWrite(config.ttl())
        .ticker(nanoTicker::getAsLong)
        // maintenance on the caller's thread: no pool thread, and eviction is visible at once in tests
        .executor(Runnable::run)
        .build();
  }

  /** Whether {@code request} may be looked up and stored. */
  public boolean accepts(ChatRequest request) {
    return config.cacheable().test(request);
  }

  /** The stored answer, marked as a {@linkplain ChatResponse#cacheHit() cache hit}. */
  public Optional<ChatResponse> get(ChatRequest request) {
    return get("", request);
  }

  /** The answer stored for {@code request} in {@code partition} (e.g. one virtual key's). */
  public Optional<ChatResponse> get(String partition, ChatRequest request) {
    ChatResponse stored = answers.getIfPresent(key(partition, request));
    return stored == null ? Optional.empty() : Optional.of(stored.toBuilder().cacheHit(true).build());
  }

  /** Stores a finished answer; an answer that reports a model error is not stored. */
  public void put(ChatRequest request, ChatResponse response) {
    put("", request, response);
  }

  /** Stores a finished answer in {@code partition}. */
  public void put(String partition, ChatRequest request, ChatResponse response) {
    if (response.stopReason().kind() == StopReason.Kind.ERROR) {
      return;
    }
    answers.put(key(partition, request), response.cacheHit() ? response.toBuilder().cacheHit(false).build() : response);
  }

  public void invalidateAll() {
    answers.invalidateAll();
  }

  public long estimatedSize() {
    answers.cleanUp();
    return answers.estimatedSize();
  }

  private static Key key(String partition, ChatRequest request) {
    return new Key(partition, request.stream() ? request.toBuilder().stream(false).build() : request);
  }

  @Override
  public String toString() {
    return "ResponseCache{" + config + ", size=" + answers.estimatedSize() + "}";
  }
}
