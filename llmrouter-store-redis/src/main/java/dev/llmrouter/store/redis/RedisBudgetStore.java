package dev.llmrouter.store.redis;

import dev.llmrouter.api.spi.BudgetStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * Budget counters in Redis, shared by every router instance that points at the same server and prefix.
 * Each counter is a hash ({@code spent}, {@code reserved}, in nano-dollars). Reserving checks every
 * counter and increments them all in one Lua script, which Redis runs atomically: two instances can
 * never both take the last room in a budget.
 *
 * <p>A script touches several keys, so on Redis Cluster the prefix must carry a hash tag (e.g.
 * {@code {llmr}:}) to keep them in one slot.
 */
public final class RedisBudgetStore implements BudgetStore {
  private static final String RESERVE = """
      local n = #KEYS
      for i = 1, n do
        local limit = tonumber(ARGV[2 * i])
        if limit >= 0 then
          local spent = tonumber(redis.call('HGET', KEYS[i], 'spent') or '0')
          local reserved = tonumber(redis.call('HGET', KEYS[i], 'reserved') or '0')
          if spent + reserved + tonumber(ARGV[2 * i - 1]) > limit then
            return i - 1
          end
        end
      end
      for i = 1, n do
        redis.call('HINCRBY', KEYS[i], 'reserved', ARGV[2 * i - 1])
      end
      return -1
      """;
  private static final String SETTLE = """
      for i = 1, #KEYS do
        local reserved = tonumber(redis.call('HGET', KEYS[i], 'reserved') or '0') - tonumber(ARGV[1])
        if reserved < 0 then reserved = 0 end
        redis.call('HSET', KEYS[i], 'reserved', reserved)
        redis.call('HINCRBY', KEYS[i], 'spent', ARGV[2])
      end
      return 0
      """;

  private final UnifiedJedis redis;
  private final String prefix;

  /**
   * @param redis a client the caller owns and closes (e.g. {@code RedisClient.create("redis://host:6379")})
   * @param prefix put before every key, e.g. {@code llmr:}
   */
  public RedisBudgetStore(UnifiedJedis redis, String prefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public int reserve(List<Hold> holds) {
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>();
    for (Hold hold : holds) {
      keys.add(prefix + "budget:" + hold.counter());
      args.add(Long.toString(hold.amountNanos()));
      args.add(Long.toString(hold.limitNanos()));
    }
    return ((Long) redis.eval(RESERVE, keys, args)).intValue();
  }

  @Override
  public void settle(List<String> counters, long reservedNanos, long spentNanos) {
    List<String> keys = new ArrayList<>();
    for (String counter : counters) {
      keys.add(prefix + "budget:" + counter);
    }
    redis.eval(SETTLE, keys, List.of(Long.toString(reservedNanos), Long.toString(spentNanos)));
  }

  @Override
  public long spent(String counter) {
    return field(counter, "spent");
  }

  @Override
  public long reserved(String counter) {
    return field(counter, "reserved");
  }

  private long field(String counter, String field) {
    String value = redis.hget(prefix + "budget:" + counter, field);
    return value == null ? 0 : Long.parseLong(value);
  }

  @Override
  public boolean markOnce(String marker) {
    return redis.setnx(prefix + "mark:" + marker, "1") == 1;
  }
}
