package dev.llmrouter.spring.governance;

import dev.llmrouter.core.governance.Governance;
import dev.llmrouter.store.redis.RedisBudgetDefinitionStore;
import dev.llmrouter.store.redis.RedisBudgetStore;
import dev.llmrouter.store.redis.RedisKeyStore;
import dev.llmrouter.store.redis.RedisRateLimitStore;
import redis.clients.jedis.RedisClient;

/**
 * The Redis stores, in a class of their own so that Jedis is loaded only when
 * {@code llmrouter.governance.store.type=redis} ({@code llmrouter-store-redis} is an optional
 * dependency of the starter).
 */
final class RedisStores {
  private RedisStores() {}

  /** Puts every store on {@code builder}; returns the client, to close on shutdown. Only with Jedis present. */
  static AutoCloseable apply(Governance.Builder builder, LlmRouterGovernanceProperties.Store settings) {
    RedisClient redis = RedisClient.create(settings.getRedisUrl());
    String prefix = settings.getPrefix();
    builder.keyStore(new RedisKeyStore(redis, prefix)).budgetStore(new RedisBudgetStore(redis, prefix))
        .rateLimitStore(new RedisRateLimitStore(redis, prefix))
        .budgetDefinitionStore(new RedisBudgetDefinitionStore(redis, prefix));
    return redis;
  }
}
