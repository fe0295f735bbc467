package dev.llmrouter.store.redis;

import dev.llmrouter.api.spi.RateLimitStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * Rate-limit counters in Redis: one integer per window, expiring on its own. Check-and-add over all the
 * counters of a call is one Lua script, so instances sharing the server share the limit exactly.
 */
public final class RedisRateLimitStore implements RateLimitStore {
  private static final String ACQUIRE = """
      local n = #KEYS
      for i = 1, n do
        local limit = tonumber(ARGV[2 * i])
        if limit > 0 and tonumber(redis.call('GET', KEYS[i]) or '0') + tonumber(ARGV[2 * i - 1]) > limit then
          return i - 1
        end
      end
      for i = 1, n do
        redis.call('INCRBY', KEYS[i], ARGV[2 * i - 1])
        redis.call('PEXPIRE', KEYS[i], ARGV[2 * n + 1])
      end
      return -1
      """;
  private static final String ADJUST = """
      local current = redis.call('GET', KEYS[1])
      if not current then return 0 end
      local value = tonumber(current) + tonumber(ARGV[1])
      if value < 0 then value = 0 end
      redis.call('SET', KEYS[1], value, 'KEEPTTL')
      return value
      """;

  private final UnifiedJedis redis;
  private final String prefix;

  /** @param redis a client the caller owns and closes; @param prefix put before every key */
  public RedisRateLimitStore(UnifiedJedis redis, String prefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public int acquire(List<Hold> holds, long ttlMillis) {
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>();
    for (Hold hold : holds) {
      keys.add(prefix + "rate:" + hold.counter());
      args.add(Long.toString(hold.amount()));
      args.add(Long.toString(hold.limit()));
    }
    args.add(Long.toString(ttlMillis));
    return ((Long) redis.eval(ACQUIRE, keys, args)).intValue();
  }

  @Override
  public void adjust(String counter, long delta, long ttlMillis) {
    redis.eval(ADJUST, List.of(prefix + "rate:" + counter), List.of(Long.toString(delta)));
  }

  @Override
  public long count(String counter) {
    String value = redis.get(prefix + "rate:" + counter);
    return value == null ? 0 : Long.parseLong(value);
  }
}
