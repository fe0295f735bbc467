package dev.llmrouter.adapters.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.core.Deployment;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ModelGroup;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.core.keys.KeyPool;
import dev.llmrouter.core.resilience.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * The README's routing example ("Route, retry and fall back"), with base URLs pointing at loopback
 * upstreams and the router's clock made manual; everything else as written there.
 */
class ReadmeRoutingExampleTest {
  @StartStop private final MockWebServer anthropic = new MockWebServer();
  @StartStop private final MockWebServer openai = new MockWebServer();
  @StartStop private final MockWebServer gemini = new MockWebServer();
  private final ManualClock clock = new ManualClock();

  private LlmRouter readmeRouter() {
    return LlmRouter.builder()
        .clock(clock)
        .addProvider(ProviderConfig.builder("anthropic", "anthropic").baseUrl(anthropic.url("/").toString())
            .apiKeys(Secret.parseList("k1 k2 k3"))
            .build())
        .addProvider(ProviderConfig.builder("openai", "openai").baseUrl(openai.url("/v1").toString())
            .apiKeys(Secret.parseList("sk-openai"))
            .build())
        .addProvider(ProviderConfig.builder("gemini", "gemini").baseUrl(gemini.url("/").toString())
            .apiKeys(Secret.parseList("gm-key"))
            .build())
        .addModelGroup(ModelGroup.builder("smart")
            .deployment("anthropic", "claude-sonnet-4-6", 3)
            .deployment(Deployment.builder("openai", "gpt-5.4").weight(1).rpm(500).build())
            .fallbackTo("cheap", "gemini/gemini-2.5-flash")
            .contextWindowFallback("gemini/gemini-2.5-pro")
            .build())
        .addModelGroup(ModelGroup.builder("cheap").deployment("openai", "gpt-5.4-mini").build())
        .alias("claude-*", "smart")
        .substringAlias("haiku", "cheap")
        .retry(RetryConfig.builder()
            .maxAttempts(3)
            .backoff(Duration.ofMillis(500), Duration.ofSeconds(8))
            .totalDeadline(Duration.ofMinutes(2))
            .streamIdleTimeout(Duration.ofSeconds(90))
            .build())
        .build();
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).addMessage(Message.user("Say hello in exactly three words."))
        .maxTokens(256).build();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("content-type", "application/json").body(body).build();
  }

  /** Answers every request with {@code status}, or with the fixture answer when {@code status} is 200; records models and keys. */
  private static final class Upstream extends Dispatcher {
    final List<String> seen = new CopyOnWriteArrayList<>();
    private final String answer;
    private final String failure;
    volatile int status;

    Upstream(String fixture, String failure, int status) {
      this.answer = Fixtures.text(fixture);
      this.failure = failure;
      this.status = status;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String key = request.getHeaders().get("x-api-key");
      String body = request.getBody() == null ? "" : request.getBody().utf8();
      String model = body.replaceAll("(?s).*\"model\":\"([^\"]+)\".*", "$1");
      seen.add((model.equals(body) ? request.getTarget() : model) + (key == null ? "" : " " + key));
      if (status == 200) {
        return json(200, answer);
      }
      return json(status, failure);
    }
  }

  @Test
  void whenSmartAndCheapFailTheCallEndsOnGeminiAfterThreePassesOverEachGroup() {
    Upstream anthropicUp = new Upstream("anthropic/01-simple-text.response.json",
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", 529);
    Upstream openaiUp = new Upstream("openai-chat/01-simple-text.response.json",
        "{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}", 503);
    Upstream geminiUp = new Upstream("gemini/01-simple-text.response.json", "{}", 200);
    anthropic.setDispatcher(anthropicUp);
    openai.setDispatcher(openaiUp);
    gemini.setDispatcher(geminiUp);

    ChatResponse reply;
    try (LlmRouter router = readmeRouter()) {
      reply = router.chat(ask("claude-opus-5-5"));
    }

    assertThat(reply.provider()).isEqualTo("gemini");
    assertThat(reply.text()).isEqualTo("Hello there, friend!");
    assertThat(anthropicUp.seen).hasSize(3).allMatch(s -> s.startsWith("claude-sonnet-4-6 k"));
    assertThat(openaiUp.seen).containsExactly("gpt-5.4", "gpt-5.4", "gpt-5.4",
        "gpt-5.4-mini", "gpt-5.4-mini", "gpt-5.4-mini");
    assertThat(geminiUp.seen).containsExactly("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(clock.sleeps).hasSize(4).allMatch(d -> d.compareTo(Duration.ofSeconds(2)) <= 0);
  }

  @Test
  void theAnthropicKeyPoolRotatesCoolsDownA429AndDropsA401() {
    Upstream openaiUp = new Upstream("openai-chat/01-simple-text.response.json",
        "{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}", 503);
    openai.setDispatcher(openaiUp);
    List<String> keys = new ArrayList<>();
    anthropic.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String key = request.getHeaders().get("x-api-key");
        keys.add(key);
        if (key.equals("k1")) {
          return json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}")
              .newBuilder().addHeader("retry-after", "20").build();
        }
        if (key.equals("k3")) {
          return json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
        }
        return json(200, Fixtures.text("anthropic/01-simple-text.response.json"));
      }
    });

    try (LlmRouter router = readmeRouter()) {
      for (int i = 0; i < 5; i++) {
        assertThat(router.chat(ask("claude-sonnet-4-6")).provider()).isEqualTo("anthropic");
      }
      assertThat(router.keyPool("anthropic").status()).extracting(KeyPool.KeyStatus::state)
          .containsExactly(KeyPool.KeyState.COOLING_DOWN, KeyPool.KeyState.AVAILABLE, KeyPool.KeyState.REVOKED);
    }
    assertThat(keys).filteredOn("k1"::equals).hasSize(1);
    assertThat(keys).filteredOn("k3"::equals).hasSize(1);
    assertThat(keys).filteredOn("k2"::equals).hasSize(5);
    assertThat(clock.sleeps).isEmpty();
  }

  @Test
  void namesFindTheirGroups() {
    try (LlmRouter router = readmeRouter()) {
      assertThat(router.resolve("claude-opus-5-5")).get().extracting(ModelGroup::name).isEqualTo("smart");
      assertThat(router.resolve("claude-haiku-4-5")).get().extracting(ModelGroup::name).isEqualTo("cheap");
      assertThat(router.resolve("gemini/gemini-2.5-pro")).get()
          .extracting(g -> g.deployments().get(0).upstreamModel()).isEqualTo("gemini-2.5-pro");
    }
  }
}
