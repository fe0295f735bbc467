package dev.llmrouter.store.redis;

import dev.llmrouter.api.spi.BudgetDefinitionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * Budgets set at run time, in Redis: one hash per budget and a set of their names, so that every
 * instance on the same server and prefix applies them and a restart keeps them. A save writes the
 * hash before the name and a delete removes the name first, so a reader never sees a name without its
 * budget (a half-written budget is skipped).
 */
public final class RedisBudgetDefinitionStore implements BudgetDefinitionStore {
  private final UnifiedJedis redis;
  private final String prefix;

  /** @param redis a client the caller owns and closes; @param prefix put before every key */
  public RedisBudgetDefinitionStore(UnifiedJedis redis, String prefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public void saveBudget(Definition budget) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", budget.name());
    fields.put("scopeLevel", budget.scopeLevel());
    fields.put("scopeId", budget.scopeId());
    if (budget.models() != null) {
      fields.put("models", budget.models());
    }
    fields.put("limitNanos", Long.toString(budget.limitNanos()));
    fields.put("period", budget.period());
    fields.put("alertAt", Double.toString(budget.alertAt()));
    fields.put("onBreach", budget.onBreach());
    if (budget.downgradeTo() != null) {
      fields.put("downgradeTo", budget.downgradeTo());
    }
    String key = key(budget.name());
    redis.del(key); // optional fields left from an earlier version must not survive
    redis.hset(key, fields);
    redis.sadd(prefix + "budgetdefs", budget.name());
  }

  @Override
  public boolean deleteBudget(String name) {
    boolean known = redis.srem(prefix + "budgetdefs", name) == 1;
    redis.del(key(name));
    return known;
  }

  @Override
  public List<Definition> listBudgets() {
    List<Definition> all = new ArrayList<>();
    for (String name : redis.smembers(prefix + "budgetdefs")) {
      Map<String, String> f = redis.hgetAll(key(name));
      if (f.isEmpty()) {
        continue;
      }
      all.add(new Definition(f.get("name"), f.get("scopeLevel"), f.get("scopeId"), f.get("models"),
          Long.parseLong(f.get("limitNanos")), f.get("period"), Double.parseDouble(f.get("alertAt")),
          f.get("onBreach"), f.get("downgradeTo")));
    }
    all.sort(Comparator.comparing(Definition::name));
    return all;
  }

  private String key(String name) {
    return prefix + "budgetdef:" + name;
  }
}
