package dev.llmrouter.spring.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.store.redis.RedisServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A budget set through the admin API holds under concurrent load across two proxy instances sharing
 * Redis, and keys, budgets and spend survive restarts: with Redis, and with the embedded database of a
 * single instance.
 */
@Timeout(180)
class GovernanceSharedAndRestartTest {

  private static String mint(GovernedProxy proxy, String body) {
    GovernedProxy.Answer minted = proxy.admin("POST", "/admin/keys", body);
    assertThat(minted.status()).as(minted.body()).isEqualTo(201);
    return minted.json().get("key").asString();
  }

  /** What one call of {@link GovernedProxy#messages} costs, measured on a budget of its own. */
  private static BigDecimal costOfOneCall(GovernedProxy proxy) {
    String probe = mint(proxy, "{\"team\":\"probe\"}");
    proxy.admin("PUT", "/admin/budgets/probe", "{\"scope\":\"team\",\"id\":\"probe\",\"limit_usd\":1}");
    assertThat(proxy.messages(probe, "mock-model").status()).isEqualTo(200);
    return spent(proxy, "probe");
  }

  private static BigDecimal spent(GovernedProxy proxy, String budget) {
    GovernedProxy.Answer state = proxy.admin("GET", "/admin/budgets/" + budget, null);
    assertThat(state.status()).as(state.body()).isEqualTo(200);
    return new BigDecimal(state.json().get("spent_usd").asString());
  }

  @Test
  void twoInstancesOnOneRedisShareKeysAndABudgetThatHoldsUnderLoadAndOutlivesBoth() throws Exception {
    String prefix = "--llmrouter.governance.store.prefix=test-" + UUID.randomUUID() + ":";
    try (RedisServer redis = new RedisServer()) {
      String[] settings = {"llmrouter.governance.store.type=redis",
          "llmrouter.governance.store.redis-url=" + redis.url(), prefix.substring(2)};
      BigDecimal perCall;
      BigDecimal limit;
      List<String> keys = new ArrayList<>();
      AtomicInteger served = new AtomicInteger();
      try (GovernedProxy a = new GovernedProxy(settings); GovernedProxy b = new GovernedProxy(settings)) {
        perCall = costOfOneCall(a);
        limit = perCall.multiply(BigDecimal.valueOf(50));
        // set on one instance, applied by the other
        assertThat(a.admin("PUT", "/admin/budgets/eng-monthly", "{\"scope\":\"team\",\"id\":\"eng\",\"limit_usd\":\""
            + limit.toPlainString() + "\"}").status()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
          keys.add(mint(i % 2 == 0 ? a : b, "{\"team\":\"eng\"}"));
        }
        Thread.sleep(1_100); // the other instance re-reads stored budgets at most once a second
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          GovernedProxy instance = i % 2 == 0 ? a : b;
          String key = keys.get(i % keys.size());
          calls.add(pool.submit(() -> {
            GovernedProxy.Answer answer = instance.messages(key, "mock-model");
            if (answer.status() == 200) {
              served.incrementAndGet();
            } else {
              assertThat(answer.status()).as(answer.body()).isEqualTo(429);
              assertThat(answer.body()).contains("budget 'eng-monthly'");
            }
            return null;
          }));
        }
        for (Future<?> call : calls) {
          call.get();
        }
        pool.shutdown();
        assertThat(spent(a, "eng-monthly")).isLessThanOrEqualTo(limit)
            .isEqualByComparingTo(perCall.multiply(BigDecimal.valueOf(served.get())))
            .isEqualByComparingTo(spent(b, "eng-monthly"));
        assertThat(served.get()).isBetween(1, 50);
      }
      // both instances stopped; a new one finds the keys, the budget and its spend in Redis
      try (GovernedProxy restarted = new GovernedProxy(settings)) {
        assertThat(spent(restarted, "eng-monthly")).isEqualByComparingTo(perCall.multiply(BigDecimal.valueOf(served.get())));
        JsonNode listed = restarted.admin("GET", "/admin/keys", null).json().get("keys");
        assertThat(listed.size()).isEqualTo(5);
        int status = restarted.messages(keys.get(0), "mock-model").status();
        // the budget is within one call of its limit: the key is known (not 401) and the budget still counts
        assertThat(status).isIn(200, 429);
        restarted.admin("PUT", "/admin/budgets/eng-monthly", "{\"scope\":\"team\",\"id\":\"eng\",\"limit_usd\":0}");
        assertThat(restarted.messages(keys.get(0), "mock-model").status()).isEqualTo(429);
      }
    }
  }

  @Test
  void oneInstanceOnItsEmbeddedDatabaseKeepsKeysBudgetsAndSpendAcrossARestart(@TempDir Path data) {
    String[] settings = {"llmrouter.governance.store.type=jdbc",
        "llmrouter.governance.ledger.jdbc-url=jdbc:h2:file:" + data.resolve("governance") + ";DB_CLOSE_DELAY=-1"};
    String key;
    String revoked;
    BigDecimal spentBefore;
    try (GovernedProxy first = new GovernedProxy(settings)) {
      key = mint(first, "{\"team\":\"eng\",\"user\":\"ada\"}");
      revoked = mint(first, "{\"team\":\"eng\"}");
      BigDecimal perCall = costOfOneCall(first);
      // room for two calls and the worst case a third reserves (~105 tokens at $1 per million), not a fourth
      first.admin("PUT", "/admin/budgets/eng-daily", "{\"scope\":\"team\",\"id\":\"eng\",\"period\":\"daily\","
          + "\"limit_usd\":\"" + perCall.multiply(BigDecimal.valueOf(2)).add(new BigDecimal("0.00011")).toPlainString()
          + "\"}");
      assertThat(first.messages(key, "mock-model").status()).isEqualTo(200);
      assertThat(first.messages(key, "mock-model").status()).isEqualTo(200);
      spentBefore = spent(first, "eng-daily");
      assertThat(spentBefore).isEqualByComparingTo(perCall.multiply(BigDecimal.valueOf(2)));
      String id = first.admin("GET", "/admin/keys", null).json().get("keys").get(1).get("id").asString();
      assertThat(first.admin("DELETE", "/admin/keys/" + id, null).status()).isEqualTo(200);
    }
    try (GovernedProxy second = new GovernedProxy(settings)) {
      assertThat(spent(second, "eng-daily")).isEqualByComparingTo(spentBefore);
      assertThat(second.messages(revoked, "mock-model").status()).isEqualTo(401);
      assertThat(second.messages(key, "mock-model").status()).isEqualTo(200);
      GovernedProxy.Answer over = second.messages(key, "mock-model");
      assertThat(over.status()).isEqualTo(429);
      assertThat(over.body()).contains("budget 'eng-daily'");
      JsonNode byUser = second.admin("GET", "/admin/spend?by=user&period=daily", null).json();
      assertThat(new BigDecimal(byUser.at("/spend/ada").asString()))
          .isEqualByComparingTo(spentBefore.multiply(BigDecimal.valueOf(3)).divide(BigDecimal.valueOf(2)));
    }
  }
}
