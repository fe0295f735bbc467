package dev.llmrouter.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.core.LlmRouter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every benchmark route once, outside JMH, so that a route which fails or answers with an error
 * envelope breaks the build instead of reporting the (fast) error path as the router's cost.
 */
class BenchmarkRoutesTest {
  private static final Blackhole BH = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  static List<String> nativeCallRoutes() {
    return params(NativeCallBenchmark.class, "route");
  }

  static List<String> streamEventRoutes() {
    return params(StreamEventBenchmark.class, "route");
  }

  static List<String> nativeStreamRoutes() {
    return params(NativeStreamBenchmark.class, "route");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nativeCallRoutes")
  void nativeCallRouteAnswersForReal(String route) {
    NativeCallBenchmark benchmark = new NativeCallBenchmark();
    benchmark.route = route;
    benchmark.setUp();
    try {
      benchmark.call(BH);
    } finally {
      benchmark.tearDown();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamEventRoutes")
  void streamEventRouteRuns(String route) {
    StreamEventBenchmark benchmark = new StreamEventBenchmark();
    benchmark.route = route;
    benchmark.setUp();
    UpstreamEvents counter = new UpstreamEvents();
    benchmark.stream(BH, counter);
    WireFormat upstream = Route.parse(route).isBaseline() ? Route.parse(route).client() : Route.parse(route).upstream();
    assertThat(counter.events).isEqualTo(Payloads.of(upstream).replyEvents().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nativeStreamRoutes")
  void nativeStreamRouteStreamsACompleteAnswer(String route) {
    NativeStreamBenchmark benchmark = new NativeStreamBenchmark();
    benchmark.route = route;
    benchmark.setUp();
    try {
      benchmark.stream(BH, new UpstreamEvents());
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void routerChatRunsOnEveryUpstream() {
    for (String upstream : params(RouterChatBenchmark.class, "upstream")) {
      for (String path : params(RouterChatBenchmark.class, "path")) {
        RouterChatBenchmark benchmark = new RouterChatBenchmark();
        benchmark.upstream = upstream;
        benchmark.path = path;
        benchmark.setUp();
        try {
          assertThat(benchmark.call().text()).as(upstream + " " + path).isNotEmpty();
        } finally {
          benchmark.tearDown();
        }
      }
    }
  }

  @Test
  void everyPairAndEveryPassthroughIsMeasured() {
    Set<String> pairs = new HashSet<>();
    for (WireFormat client : WireFormat.values()) {
      for (WireFormat upstream : WireFormat.values()) {
        pairs.add(client == upstream ? client.id() + ":passthrough" : client.id() + "->" + upstream.id());
      }
    }
    assertThat(nativeCallRoutes()).containsAll(pairs);
    assertThat(streamEventRoutes()).containsAll(pairs);
    assertThat(nativeStreamRoutes()).containsExactlyInAnyOrderElementsOf(pairs);
  }

  @Test
  void anErrorAnswerIsRefused() {
    try (LlmRouter router = Routers.routingTo(WireFormat.OPENAI_CHAT)) {
      NativeResponse rateLimited = router.errorResponse(WireFormat.ANTHROPIC_MESSAGES,
          LlmException.builder(ErrorKind.RATE_LIMITED, "slow down").upstreamStatus(429).build());
      assertThatThrownBy(() -> NativeCallBenchmark.requireToolCallAnswer(
              rateLimited, Route.parse("anthropic->openai-chat")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("429");
    }
  }

  private static List<String> params(Class<?> benchmark, String field) {
    try {
      return Arrays.stream(benchmark.getField(field).getAnnotation(Param.class).value()).collect(Collectors.toList());
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
  }
}
