package dev.llmrouter.store.redis;

import dev.llmrouter.api.spi.BudgetStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * Budget counters in Redis, shared by every router instance that points at the same server and prefix.
 * Each counter is a hash ({@code spent}, {@code reserved}, in nano-dollars) with its reservations by name
 * and deadline. Reserving drops expired reservations, checks every counter and increments them all in
 * one Lua script, which Redis runs atomically: two instances can never both take the last room in a
 * budget, and an instance that dies mid-call gives its reservations back at their deadline.
 *
 * <p>A script touches several keys, so on Redis Cluster the prefix must carry a hash tag (e.g.
 * {@code {llmr}:}) to keep them in one slot.
 */
public final class RedisBudgetStore implements BudgetStore {
  // per counter three keys: the hash {spent, reserved}, the amounts of reservations by name, and their
  // deadlines (a sorted set); expired reservations are dropped before any check, using the server's clock
  private static final String EXPIRE = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local function expire(counter, amounts, deadlines)
        for _, name in ipairs(redis.call('ZRANGEBYSCORE', deadlines, '-inf', now)) do
          local amount = tonumber(redis.call('HGET', amounts, name) or '0')
          redis.call('HINCRBY', counter, 'reserved', -amount)
          redis.call('HDEL', amounts, name)
          redis.call('ZREM', deadlines, name)
        end
      end
      """;
  private static final String RESERVE = EXPIRE + """
      local n = #KEYS / 3
      for i = 1, n do
        expire(KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i])
      end
      for i = 1, n do
        local limit = tonumber(ARGV[2 * i + 1])
        if limit >= 0 then
          local spent = tonumber(redis.call('HGET', KEYS[3 * i - 2], 'spent') or '0')
          local reserved = tonumber(redis.call('HGET', KEYS[3 * i - 2], 'reserved') or '0')
          if spent + reserved + tonumber(ARGV[2 * i]) > limit then
            return i - 1
          end
        end
      end
      local deadline = now + tonumber(ARGV[#ARGV])
      for i = 1, n do
        redis.call('HINCRBY', KEYS[3 * i - 2], 'reserved', ARGV[2 * i])
        redis.call('HSET', KEYS[3 * i - 1], ARGV[1], ARGV[2 * i])
        redis.call('ZADD', KEYS[3 * i], deadline, ARGV[1])
      end
      return -1
      """;
  private static final String SETTLE = """
      for i = 1, #KEYS / 3 do
        local amount = redis.call('HGET', KEYS[3 * i - 1], ARGV[1])
        if amount then
          redis.call('HINCRBY', KEYS[3 * i - 2], 'reserved', -tonumber(amount))
          redis.call('HDEL', KEYS[3 * i - 1], ARGV[1])
          redis.call('ZREM', KEYS[3 * i], ARGV[1])
        end
        redis.call('HINCRBY', KEYS[3 * i - 2], 'spent', ARGV[2])
      end
      return 0
      """;
  private static final String RESERVED = EXPIRE + """
      expire(KEYS[1], KEYS[2], KEYS[3])
      return tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
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
  public int reserve(String reservation, List<Hold> holds, long ttlMillis) {
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>();
    args.add(reservation);
    for (Hold hold : holds) {
      keys.addAll(keys(hold.counter()));
      args.add(Long.toString(hold.amountNanos()));
      args.add(Long.toString(hold.limitNanos()));
    }
    args.add(Long.toString(ttlMillis));
    return ((Long) redis.eval(RESERVE, keys, args)).intValue();
  }

  @Override
  public void settle(String reservation, List<String> counters, long spentNanos) {
    List<String> keys = new ArrayList<>();
    for (String counter : counters) {
      keys.addAll(keys(counter));
    }
    redis.eval(SETTLE, keys, List.of(reservation, Long.toString(spentNanos)));
  }

  private List<String> keys(String counter) {
    return List.of(prefix + "budget:" + counter, prefix + "budget-held:" + counter, prefix + "budget-until:" + counter);
  }

  @Override
  public long spent(String counter) {
    String value = redis.hget(prefix + "budget:" + counter, "spent");
    return value == null ? 0 : Long.parseLong(value);
  }

  @Override
  public long reserved(String counter) {
    return (Long) redis.eval(RESERVED, keys(counter), List.of());
  }

  @Override
  public boolean markOnce(String marker) {
    return redis.setnx(prefix + "mark:" + marker, "1") == 1;
  }
}
