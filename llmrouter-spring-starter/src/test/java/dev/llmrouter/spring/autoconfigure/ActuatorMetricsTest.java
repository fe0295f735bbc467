package dev.llmrouter.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.LlmRouter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Boot application with the starter, Actuator and Prometheus: the router's numbers are Micrometer
 * meters, read from the {@link MeterRegistry}, from {@code /actuator/metrics/{name}} and from
 * {@code /actuator/prometheus}. The upstream is a loopback server where model {@code m-a} fails with
 * a 500 and {@code m-b} answers; group {@code main} tries {@code m-a}, then falls back to {@code backup}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ActuatorMetricsTest.App.class,
    properties = {
        "llmrouter.discover-from-environment=false",
        "llmrouter.groups[0].name=main",
        "llmrouter.groups[0].deployments[0].provider=flaky",
        "llmrouter.groups[0].deployments[0].model=m-a",
        "llmrouter.groups[0].fallbacks[0]=backup",
        "llmrouter.routes[0].model=backup",
        "llmrouter.routes[0].provider=steady",
        "llmrouter.routes[0].upstream-model=m-b",
        "llmrouter.routes[1].model=mock-model",
        "llmrouter.routes[1].provider=mock",
        "llmrouter.providers.mock.type=mock",
        "llmrouter.providers.mock.wire-format=anthropic",
        "llmrouter.retry.max-attempts=1",
        "llmrouter.circuit-breaker.failure-threshold=1",
        "llmrouter.cache.enabled=true",
        "management.endpoints.web.exposure.include=metrics,prometheus",
        "server.address=127.0.0.1"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActuatorMetricsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final MockWebServer UPSTREAM = new MockWebServer();

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  @Autowired LlmRouter router;
  @Autowired MeterRegistry registry;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  static {
    UPSTREAM.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        if (body.contains("\"m-a\"")) {
          return new MockResponse.Builder().code(500).addHeader("content-type", "application/json")
              .body("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}").build();
        }
        return new MockResponse.Builder().addHeader("content-type", "application/json")
            .body("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m-b\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}")
            .build();
      }
    });
    try {
      UPSTREAM.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void upstream(DynamicPropertyRegistry properties) {
    for (String name : List.of("flaky", "steady")) {
      properties.add("llmrouter.providers." + name + ".type", () -> "openai");
      properties.add("llmrouter.providers." + name + ".base-url", () -> UPSTREAM.url("/v1").toString());
      properties.add("llmrouter.providers." + name + ".api-keys[0]", () -> "sk-" + name + "-0123456789");
    }
  }

  /** A fallback, then the same deterministic request from the cache, then a stream from the mock. */
  @BeforeAll
  void calls() {
    ChatRequest ask = ChatRequest.builder().model("main").addMessage(Message.user("hi")).temperature(0.0).build();
    assertThat(router.chat(ask).text()).isEqualTo("fine");
    assertThat(router.chat(ask).cacheHit()).isTrue();
    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream stream = router.stream(ChatRequest.builder().model("mock-model").addMessage(Message.user("hi")).build())) {
      stream.forEach(events::add);
    }
    assertThat(events).last().isInstanceOf(StreamEvent.MessageStop.class);
  }

  @AfterAll
  void stopUpstream() throws IOException {
    UPSTREAM.close();
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  @Test
  void everyNumberOfTheRouterIsAMicrometerMeterWithTheOpenTelemetryNameAndAttributes() {
    assertThat(count("llmrouter.requests", "llmrouter.outcome", "ok")).isEqualTo(2);
    assertThat(count("llmrouter.requests", "llmrouter.outcome", "cache_hit")).isEqualTo(1);
    assertThat(count("llmrouter.errors", "llmrouter.provider", "flaky", "gen_ai.provider.name", "openai",
        "error.type", "upstream_server")).isEqualTo(1);
    assertThat(count("llmrouter.retries", "llmrouter.provider", "flaky")).isEqualTo(1);
    assertThat(count("llmrouter.fallbacks", "llmrouter.fallback.from", "main", "llmrouter.fallback.to", "backup"))
        .isEqualTo(1);
    assertThat(count("llmrouter.cache.hits", "gen_ai.request.model", "main")).isEqualTo(1);
    assertThat(count("llmrouter.circuit_breaker.transitions", "llmrouter.deployment", "flaky/m-a",
        "llmrouter.circuit.from", "closed", "llmrouter.circuit.to", "open")).isEqualTo(1);

    Timer served = registry.get("gen_ai.client.operation.duration").tags("gen_ai.request.model", "main",
        "gen_ai.provider.name", "openai", "gen_ai.response.model", "m-b").timer();
    assertThat(served.count()).isEqualTo(1);
    assertThat(registry.get("gen_ai.client.operation.duration").timers().stream().mapToLong(Timer::count).sum())
        .as("the fallback call, the cache hit and the stream").isEqualTo(3);
    Timer firstChunk = registry.get("gen_ai.client.operation.time_to_first_chunk")
        .tags("gen_ai.request.model", "mock-model").timer();
    assertThat(firstChunk.count()).isEqualTo(1);

    DistributionSummary input = registry.get("gen_ai.client.token.usage")
        .tags("gen_ai.token.type", "input", "gen_ai.request.model", "main", "llmrouter.provider", "steady").summary();
    assertThat(input.count()).isEqualTo(1);
    assertThat(input.totalAmount()).isEqualTo(12);
    assertThat(input.getId().getBaseUnit()).as("annotation units such as {token} are dropped").isNull();
    assertThat(registry.get("gen_ai.client.token.usage").tags("gen_ai.token.type", "output", "llmrouter.provider", "steady")
        .summary().totalAmount()).isEqualTo(5);

    assertThat(registry.get("llmrouter.requests.active").gauges()).isNotEmpty()
        .allSatisfy(gauge -> assertThat(gauge.value()).isZero());
  }

  @Test
  void actuatorServesTheMetricsOverHttp() throws Exception {
    JsonNode requests = JSON.readTree(get("/actuator/metrics/llmrouter.requests?tag=llmrouter.outcome:ok"));
    assertThat(requests.path("name").asString()).isEqualTo("llmrouter.requests");
    assertThat(measurement(requests, "COUNT")).isEqualTo(2.0);
    assertThat(tagValues(requests, "gen_ai.provider.name")).contains("openai");

    JsonNode duration = JSON.readTree(get("/actuator/metrics/gen_ai.client.operation.duration"));
    assertThat(duration.path("baseUnit").asString()).isEqualTo("seconds");
    assertThat(measurement(duration, "COUNT")).isEqualTo(3.0);
    assertThat(measurement(duration, "TOTAL_TIME")).isPositive();

    JsonNode errors = JSON.readTree(get("/actuator/metrics/llmrouter.errors"));
    assertThat(measurement(errors, "COUNT")).isEqualTo(1.0);
    assertThat(tagValues(errors, "error.type")).containsExactly("upstream_server");

    String scrape = get("/actuator/prometheus");
    assertThat(scrape)
        .containsPattern("llmrouter_requests_total\\{[^}]*gen_ai_request_model=\"main\"[^}]*llmrouter_outcome=\"ok\"[^}]*} 1\\.0")
        .containsPattern("llmrouter_requests_total\\{[^}]*llmrouter_outcome=\"cache_hit\"} 1\\.0")
        .containsPattern("llmrouter_circuit_breaker_transitions_total\\{[^}]*llmrouter_circuit_to=\"open\"[^}]*} 1\\.0")
        .contains("gen_ai_client_operation_duration_seconds_bucket{")
        .contains("gen_ai_client_token_usage_bucket{")
        .containsPattern("llmrouter_fallbacks_total\\{[^}]*llmrouter_fallback_to=\"backup\"[^}]*} 1\\.0")
        .containsPattern("llmrouter_requests_active\\{[^}]*} 0\\.0")
        .doesNotContain("sk-flaky-0123456789");
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static double measurement(JsonNode metric, String statistic) {
    for (JsonNode measurement : metric.path("measurements")) {
      if (measurement.path("statistic").asString().equals(statistic)) {
        return measurement.path("value").asDouble();
      }
    }
    throw new AssertionError("no " + statistic + " in " + metric);
  }

  private static List<String> tagValues(JsonNode metric, String tag) {
    List<String> values = new ArrayList<>();
    for (JsonNode available : metric.path("availableTags")) {
      if (available.path("tag").asString().equals(tag)) {
        available.path("values").forEach(value -> values.add(value.asString()));
      }
    }
    return values;
  }
}
