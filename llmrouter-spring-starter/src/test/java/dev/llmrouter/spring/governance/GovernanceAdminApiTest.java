package dev.llmrouter.spring.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.governance.Governance;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** The proxy's admin API and virtual keys, end to end over HTTP, with governance from properties. */
@Timeout(120)
class GovernanceAdminApiTest {
  private static GovernedProxy proxy;

  @BeforeAll
  static void start() {
    proxy = new GovernedProxy(
        "llmrouter.governance.ledger.jdbc-url=jdbc:h2:mem:admin-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "llmrouter.governance.policy.deny-tools[0]=^shell\\.exec$",
        "llmrouter.governance.budgets[0].name=ops-monthly", "llmrouter.governance.budgets[0].scope=team",
        "llmrouter.governance.budgets[0].id=ops", "llmrouter.governance.budgets[0].limit-usd=100");
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  private static JsonNode mint(String body) {
    GovernedProxy.Answer minted = proxy.admin("POST", "/admin/keys", body);
    assertThat(minted.status()).as(minted.body()).isEqualTo(201);
    return minted.json();
  }

  @Test
  void theRouterBeanIsGovernedByTheConfiguredGovernance() {
    Governance governance = proxy.bean(Governance.class);
    assertThat(proxy.bean(LlmRouterGovernance.class).governance()).isSameAs(governance);
    assertThat(governance.budgets()).extracting(b -> b.name()).contains("ops-monthly");
    assertThat(proxy.bean(LlmRouter.class)).isNotNull();
  }

  @Test
  void onlyTheMasterKeyOpensTheAdminApi() {
    assertThat(proxy.send("GET", "/admin/keys", null).status()).isEqualTo(401);
    GovernedProxy.Answer clientKey = proxy.send("GET", "/admin/keys", null, "authorization",
        "Bearer " + GovernedProxy.CLIENT_KEY);
    assertThat(clientKey.status()).isEqualTo(401);
    assertThat(clientKey.json().at("/error/message").asString()).contains("master key only");
    JsonNode virtualKey = mint("{}");
    assertThat(proxy.send("GET", "/admin/keys", null, "x-api-key", virtualKey.get("key").asString()).status())
        .isEqualTo(401);
    GovernedProxy.Answer unknown = proxy.admin("GET", "/admin/nothing", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().at("/error/type").asString()).isEqualTo("not_found_error");
  }

  @Test
  void aMintedKeyIsShownOnceWorksInEveryProtocolAndStopsAtTheNextRequestAfterRevocation() {
    JsonNode minted = mint("{\"team\":\"eng\",\"user\":\"ada\",\"models\":[\"mock-*\"],\"rpm\":100}");
    String secret = minted.get("key").asString();
    String id = minted.get("id").asString();
    assertThat(secret).startsWith("sk-llmr-");
    assertThat(minted.get("team").asString()).isEqualTo("eng");

    GovernedProxy.Answer list = proxy.admin("GET", "/admin/keys", null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains(id).doesNotContain(secret).doesNotContain("\"hash\"");
    assertThat(proxy.admin("GET", "/admin/keys/" + id, null).json().get("user").asString()).isEqualTo("ada");

    assertThat(proxy.messages(secret, "mock-model").status()).isEqualTo(200);
    assertThat(proxy.chat(secret).status()).isEqualTo(200);
    GovernedProxy.Answer otherModel = proxy.messages(secret, "claude-opus-4-6");
    assertThat(otherModel.status()).isEqualTo(403);
    assertThat(otherModel.json().at("/error/type").asString()).isEqualTo("permission_error");
    assertThat(otherModel.body()).contains("may not use model 'claude-opus-4-6'").doesNotContain(secret);

    GovernedProxy.Answer revoked = proxy.admin("DELETE", "/admin/keys/" + id, null);
    assertThat(revoked.json().get("revoked").asBoolean()).isTrue();
    GovernedProxy.Answer refused = proxy.messages(secret, "mock-model");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().at("/error/type").asString()).isEqualTo("authentication_error");
    assertThat(refused.body()).contains("revoked").doesNotContain(secret);
    GovernedProxy.Answer refusedChat = proxy.chat(secret);
    assertThat(refusedChat.status()).isEqualTo(401);
    assertThat(refusedChat.json().at("/error/message").asString()).contains("revoked");

    assertThat(proxy.admin("DELETE", "/admin/keys/vk_nope", null).status()).isEqualTo(404);
    assertThat(proxy.messages("sk-llmr-made-up", "mock-model").status()).isEqualTo(401);
    assertThat(proxy.send("POST", "/v1/messages", "{}").status()).isEqualTo(401);
  }

  @Test
  void theProxysOwnKeysStillWorkAndTheirSpendIsRecordedUnderTheirName() {
    assertThat(proxy.messages(GovernedProxy.MASTER, "mock-model").status()).isEqualTo(200);
    assertThat(proxy.chat(GovernedProxy.CLIENT_KEY).status()).isEqualTo(200);
    JsonNode byKey = proxy.admin("GET", "/admin/spend?by=key&period=daily", null).json();
    assertThat(new BigDecimal(byKey.at("/spend/proxy:master").asString())).isPositive();
    assertThat(new BigDecimal(byKey.at("/spend/proxy:key-1").asString())).isPositive();
  }

  @Test
  void aBudgetSetThroughTheAdminApiHoldsUnderConcurrentCallsAndSaysWhichBudgetAndWhenItResets() throws Exception {
    // what one call costs, measured on a team of its own
    String probe = mint("{\"team\":\"probe\"}").get("key").asString();
    assertThat(proxy.admin("PUT", "/admin/budgets/probe", "{\"scope\":\"team\",\"id\":\"probe\",\"limit_usd\":1}")
        .status()).isEqualTo(200);
    assertThat(proxy.messages(probe, "mock-model").status()).isEqualTo(200);
    BigDecimal perCall = new BigDecimal(proxy.admin("GET", "/admin/budgets/probe", null).json().get("spent_usd")
        .asString());
    assertThat(perCall).isPositive();

    BigDecimal limit = perCall.multiply(BigDecimal.valueOf(40));
    GovernedProxy.Answer set = proxy.admin("PUT", "/admin/budgets/qa-daily",
        "{\"scope\":\"team\",\"id\":\"qa\",\"limit_usd\":\"" + limit.toPlainString() + "\",\"period\":\"daily\","
            + "\"alert_at\":0.5}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().get("period").asString()).isEqualTo("daily");
    assertThat(set.json().get("resets_at").asString()).endsWith("T00:00:00Z");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      keys.add(mint("{\"team\":\"qa\",\"user\":\"u" + i + "\"}").get("key").asString());
    }

    AtomicInteger served = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      String key = keys.get(i % keys.size());
      boolean anthropic = i % 2 == 0;
      calls.add(pool.submit(() -> {
        GovernedProxy.Answer answer = anthropic ? proxy.messages(key, "mock-model") : proxy.chat(key);
        if (answer.status() == 200) {
          served.incrementAndGet();
        } else {
          assertThat(answer.status()).as(answer.body()).isEqualTo(429);
          assertThat(answer.body()).contains("budget 'qa-daily'").contains("resets at");
          assertThat(answer.retryAfter()).isNotNull();
          // each in its own protocol: Anthropic's error type, OpenAI's (type "requests" on a 429)
          assertThat(answer.json().at("/error/type").asString()).isEqualTo(anthropic ? "rate_limit_error" : "requests");
          refused.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> call : calls) {
      call.get();
    }
    pool.shutdown();

    JsonNode state = proxy.admin("GET", "/admin/budgets/qa-daily", null).json();
    BigDecimal spent = new BigDecimal(state.get("spent_usd").asString());
    assertThat(spent).isLessThanOrEqualTo(limit).isEqualByComparingTo(perCall.multiply(BigDecimal.valueOf(served.get())));
    assertThat(new BigDecimal(state.get("reserved_usd").asString())).isZero();
    assertThat(served.get()).isGreaterThan(0);
    assertThat(refused.get()).isGreaterThan(0);
    assertThat(served.get() + refused.get()).isEqualTo(150);

    JsonNode byTeam = proxy.admin("GET", "/admin/spend?by=team&period=daily", null).json();
    assertThat(new BigDecimal(byTeam.at("/spend/qa").asString())).isEqualByComparingTo(spent);
    JsonNode byModel = proxy.admin("GET", "/admin/spend?by=model", null).json();
    assertThat(byModel.at("/spend/mock-upstream").isMissingNode()).isFalse();

    assertThat(proxy.admin("DELETE", "/admin/budgets/qa-daily", null).status()).isEqualTo(200);
    assertThat(proxy.messages(keys.get(0), "mock-model").status()).isEqualTo(200);
  }

  @Test
  void badAdminInputGetsAClearErrorAndChangesNothing() {
    GovernedProxy.Answer malformed = proxy.admin("POST", "/admin/keys", "{\"team\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().at("/error/message").asString()).contains("not valid JSON");
    GovernedProxy.Answer typo = proxy.admin("POST", "/admin/keys", "{\"teem\":\"eng\"}");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(typo.json().at("/error/message").asString()).contains("unknown field 'teem'");
    GovernedProxy.Answer scope = proxy.admin("PUT", "/admin/budgets/x", "{\"scope\":\"galaxy\",\"limit_usd\":1}");
    assertThat(scope.status()).isEqualTo(400);
    assertThat(scope.json().at("/error/message").asString()).contains("scope 'galaxy' is not one of");
    GovernedProxy.Answer noLimit = proxy.admin("PUT", "/admin/budgets/x", "{\"scope\":\"global\"}");
    assertThat(noLimit.status()).isEqualTo(400);
    assertThat(noLimit.json().at("/error/message").asString()).contains("limit-usd is required");
    GovernedProxy.Answer noId = proxy.admin("PUT", "/admin/budgets/x", "{\"scope\":\"team\",\"limit_usd\":1}");
    assertThat(noId.json().at("/error/message").asString()).contains("needs an id");
    assertThat(proxy.admin("GET", "/admin/budgets/x", null).status()).isEqualTo(404);
    assertThat(proxy.admin("GET", "/admin/spend?by=galaxy", null).status()).isEqualTo(400);
  }

  @Test
  void theConfiguredPolicyRefusesADeniedToolInTheCallersProtocol() {
    String body = "{\"model\":\"mock-model\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"tools\":[{\"name\":\"shell.exec\",\"input_schema\":{\"type\":\"object\"}}]}";
    GovernedProxy.Answer denied = proxy.send("POST", "/v1/messages", body, "x-api-key", GovernedProxy.MASTER,
        "anthropic-version", "2023-06-01");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().at("/error/type").asString()).isEqualTo("permission_error");
    assertThat(denied.body()).contains("deny-tool ^shell\\\\.exec$");
  }
}
