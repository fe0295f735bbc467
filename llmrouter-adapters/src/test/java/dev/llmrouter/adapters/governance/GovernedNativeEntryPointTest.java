package dev.llmrouter.adapters.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.core.governance.Budget;
import dev.llmrouter.core.governance.BudgetScope;
import dev.llmrouter.core.governance.Governance;
import dev.llmrouter.core.governance.GovernanceListener;
import dev.llmrouter.core.governance.KeySpec;
import dev.llmrouter.core.governance.Policy;
import dev.llmrouter.core.governance.SpendRecord;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Governance through the native entry point over the real codecs and HTTP adapters: refusals reach
 * the client in its own protocol, and passthrough calls (the client's body forwarded unchanged) are
 * authenticated, checked and billed like any other, streams included.
 */
@Timeout(20)
class GovernedNativeEntryPointTest {
  @StartStop private final MockWebServer anthropic = new MockWebServer();
  private final List<SpendRecord> spend = new CopyOnWriteArrayList<>();

  private LlmRouter router(Governance governance) {
    return LlmRouter.builder()
        .addProvider(ProviderConfig.builder("anthropic-b", "anthropic").baseUrl(anthropic.url("/").toString())
            .apiKey(Secret.of("sk-upstream")).build())
        .addProvider(ProviderConfig.builder("openai", "openai").baseUrl(anthropic.url("/v1").toString())
            .apiKey(Secret.of("sk-openai")).build())
        .route("claude-sonnet-4-6", "anthropic-b")
        .route("gpt-5.4", "openai")
        .governance(governance)
        .build();
  }

  private Governance.Builder governance() {
    return Governance.builder().addListener(new GovernanceListener() {
      @Override
      public void spend(SpendRecord record) {
        spend.add(record);
      }
    });
  }

  private static NativeRequest anthropicRequest(String fixture, String key, boolean stream) {
    String body = Fixtures.text("anthropic/" + fixture + ".request.json");
    if (stream) {
      body = body.replaceFirst("\\{", "{\"stream\": true,");
    }
    NativeRequest.Builder b = NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, body.getBytes(StandardCharsets.UTF_8));
    if (key != null) {
      b.header("x-api-key", key);
    }
    return b.build();
  }

  private static String text(NativeResponse response) {
    if (!response.isStream()) {
      return new String(response.body(), StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] chunk : response.bodyStream()) {
      out.writeBytes(chunk);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void missingOrUnknownKeyIsA401InTheClientsProtocolAndNoUpstreamIsCalled() {
    try (LlmRouter router = router(governance().build())) {
      try (NativeResponse response = router.handle(anthropicRequest("01-simple-text", null, false))) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(text(response)).contains("\"authentication_error\"", "virtual key is required");
      }
      NativeRequest openAi = NativeRequest.builder(WireFormat.OPENAI_CHAT,
              Fixtures.bytes("openai-chat/01-simple-text.request.json"))
          .header("authorization", "Bearer sk-llmr-forged").build();
      try (NativeResponse response = router.handle(openAi)) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(text(response)).contains("\"error\"", "invalid virtual key").doesNotContain("sk-llmr-forged");
      }
    }
    assertThat(anthropic.getRequestCount()).isZero();
  }

  @Test
  void countingTokensNeedsAValidKeyToo() {
    Governance governance = governance().build();
    String key = governance.keys().mint(KeySpec.builder().build()).secret();
    anthropic.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json")
        .body("{\"input_tokens\": 15}").build());
    try (LlmRouter router = router(governance)) {
      NativeRequest withoutKey = NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES,
              Fixtures.bytes("anthropic/01-simple-text.request.json"))
          .operation(NativeRequest.Operation.COUNT_TOKENS).build();
      try (NativeResponse response = router.handle(withoutKey)) {
        assertThat(response.status()).isEqualTo(401);
      }
      NativeRequest withKey = NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES,
              Fixtures.bytes("anthropic/01-simple-text.request.json"))
          .operation(NativeRequest.Operation.COUNT_TOKENS).credential(key).build();
      try (NativeResponse response = router.handle(withKey)) {
        assertThat(response.status()).isEqualTo(200);
        assertThat(text(response)).contains("15");
      }
    }
    assertThat(spend).isEmpty();
  }

  @Test
  void passthroughIsBilledFromTheUpstreamsUsageAndTheVirtualKeyNeverGoesUpstream() throws Exception {
    Governance governance = governance().build();
    String key = governance.keys().mint(KeySpec.builder().team("eng").build()).secret();
    anthropic.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json")
        .body(Fixtures.text("anthropic/01-simple-text.response.json")).build());
    anthropic.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream")
        .body(Fixtures.text("anthropic/01-simple-text.response.sse")).build());
    try (LlmRouter router = router(governance)) {
      try (NativeResponse response = router.handle(anthropicRequest("01-simple-text", key, false))) {
        assertThat(response.status()).isEqualTo(200);
      }
      try (NativeResponse response = router.handle(anthropicRequest("01-simple-text", key, true))) {
        assertThat(text(response)).contains("message_stop");
      }
    }
    RecordedRequest forwarded = anthropic.takeRequest();
    assertThat(forwarded.getHeaders().get("x-api-key")).isEqualTo("sk-upstream");
    assertThat(forwarded.getHeaders().toString()).doesNotContain(key);
    // 15 input tokens at $3 and 7 output tokens at $15 per million
    assertThat(spend).hasSize(2).allSatisfy(row -> {
      assertThat(row.outcome()).isEqualTo(SpendRecord.Outcome.SUCCEEDED);
      assertThat(row.provider()).isEqualTo("anthropic-b");
      assertThat(row.usage().inputTokens()).isEqualTo(15);
      assertThat(row.usage().outputTokens()).isEqualTo(7);
      assertThat(row.cost().nanos()).isEqualTo(150_000);
      assertThat(row.principal().team()).isEqualTo("eng");
    });
  }

  @Test
  void aPassthroughBodyAboveTheMaxTokensCapGoesUpLoweredWithEverythingElseKept() throws Exception {
    Governance governance = governance().policy(Policy.builder().maxTokens(64).build()).build();
    String key = governance.keys().mint(KeySpec.builder().build()).secret();
    anthropic.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json")
        .body(Fixtures.text("anthropic/01-simple-text.response.json")).build());
    String body = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":4096,\"metadata\":{\"user_id\":\"u-1\"},"
        + "\"future_field\":{\"keep\":[1,2.5,\"é\"]},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    try (LlmRouter router = router(governance);
        NativeResponse response = router.handle(NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES,
            body.getBytes(StandardCharsets.UTF_8)).header("x-api-key", key).build())) {
      assertThat(response.status()).isEqualTo(200);
    }
    tools.jackson.databind.JsonNode sent = tools.jackson.databind.json.JsonMapper.builder().build()
        .readTree(anthropic.takeRequest().getBody().utf8());
    assertThat(sent.get("max_tokens").asInt()).isEqualTo(64);
    assertThat(sent.at("/future_field/keep").toString()).isEqualTo("[1,2.5,\"é\"]");
    assertThat(sent.at("/metadata/user_id").asString()).isEqualTo("u-1");
    assertThat(sent.at("/messages/0/content").asString()).isEqualTo("hi");
  }

  @Test
  void deniedToolIsA403NamingTheRule() {
    Governance governance = governance().policy(Policy.builder().denyTool("^get_weather$").build()).build();
    String key = governance.keys().mint(KeySpec.builder().build()).secret();
    try (LlmRouter router = router(governance);
        NativeResponse response = router.handle(anthropicRequest("03-tool-call", key, false))) {
      assertThat(response.status()).isEqualTo(403);
      assertThat(text(response)).contains("\"permission_error\"", "deny-tool ^get_weather$");
    }
    assertThat(anthropic.getRequestCount()).isZero();
  }

  @Test
  void exhaustedBudgetIsA429WithRetryAfterNamingTheBudget() {
    Budget budget = Budget.builder(BudgetScope.team("eng"), new BigDecimal("0.0001")).name("eng-tiny").build();
    Governance governance = governance().budget(budget).build();
    String key = governance.keys().mint(KeySpec.builder().team("eng").build()).secret();
    try (LlmRouter router = router(governance);
        NativeResponse response = router.handle(anthropicRequest("01-simple-text", key, false))) {
      assertThat(response.status()).isEqualTo(429);
      assertThat(response.headers()).containsKey("retry-after");
      assertThat(text(response)).contains("\"rate_limit_error\"", "budget 'eng-tiny'", "resets at");
    }
    assertThat(anthropic.getRequestCount()).isZero();
  }
}
