package dev.llmrouter.benchmarks;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.core.LlmRouter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One non-streaming call through {@link LlmRouter#handle}, the proxy's entry point, with the upstream
 * in memory: a ~2 KB request in, a ~1 KB answer out ({@link Payloads}).
 *
 * <ul>
 *   <li>{@code "F:passthrough"}: client and upstream speak F; the body is forwarded with its model
 *       spliced, the answer returned as is and decoded on the side for usage;
 *   <li>{@code "F->U"}: client request decoded, upstream request encoded, upstream answer decoded,
 *       client answer encoded;
 *   <li>baselines over the same two bodies (F's request and F's answer): {@code "F:raw-copy"} copies
 *       both arrays, {@code "F:jackson-tokens-only"} reads every token of both with a streaming parser
 *       (the floor for anything that looks inside the JSON), {@code "F:jackson-parse-only"} parses both
 *       into Jackson trees.
 * </ul>
 *
 * <pre>
 * mvn -o -q -pl llmrouter-benchmarks -am package -DskipTests
 * java -jar llmrouter-benchmarks/target/benchmarks.jar NativeCallBenchmark \
 *     -prof gc -prof dev.llmrouter.benchmarks.CpuTimeProfiler
 * java -jar llmrouter-benchmarks/target/benchmarks.jar NativeCallBenchmark -p route='anthropic->openai-chat'
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NativeCallBenchmark {
  @Param({
      "anthropic:raw-copy", "anthropic:jackson-tokens-only", "anthropic:jackson-parse-only",
      "anthropic:passthrough", "anthropic->openai-chat", "anthropic->openai-responses", "anthropic->gemini",
      "openai-chat:raw-copy", "openai-chat:jackson-tokens-only", "openai-chat:jackson-parse-only",
      "openai-chat:passthrough", "openai-chat->anthropic", "openai-chat->openai-responses", "openai-chat->gemini",
      "openai-responses:raw-copy", "openai-responses:jackson-tokens-only", "openai-responses:jackson-parse-only",
      "openai-responses:passthrough", "openai-responses->anthropic", "openai-responses->openai-chat",
      "openai-responses->gemini",
      "gemini:raw-copy", "gemini:jackson-tokens-only", "gemini:jackson-parse-only",
      "gemini:passthrough", "gemini->anthropic", "gemini->openai-chat", "gemini->openai-responses",
  })
  public String route;

  private Call call;
  private LlmRouter router;

  /** One measured operation. */
  interface Call {
    void run(Blackhole bh);
  }

  @Setup
  public void setUp() {
    Route r = Route.parse(route);
    Payloads client = Payloads.of(r.client());
    if (r.isBaseline()) {
      byte[] request = client.request();
      byte[] reply = client.reply();
      switch (r.baseline()) {
        case "raw-copy":
          call = bh -> {
            bh.consume(Arrays.copyOf(request, request.length));
            bh.consume(Arrays.copyOf(reply, reply.length));
          };
          return;
        case "jackson-tokens-only":
          call = bh -> {
            bh.consume(countTokens(request));
            bh.consume(countTokens(reply));
          };
          return;
        case "jackson-parse-only":
          call = bh -> {
            bh.consume(JsonSupport.MAPPER.readTree(request));
            bh.consume(JsonSupport.MAPPER.readTree(reply));
          };
          return;
        default:
          throw new IllegalArgumentException("unknown baseline in route " + route);
      }
    }
    router = Routers.routingTo(r.upstream());
    NativeRequest request = client.nativeRequest(false);
    requireToolCallAnswer(router.handle(request), r);
    call = bh -> {
      NativeResponse response = router.handle(request);
      bh.consume(response.body());
      bh.consume(response.usage());
    };
  }

  @TearDown
  public void tearDown() {
    if (router != null) {
      router.close();
    }
  }

  @Benchmark
  public void call(Blackhole bh) {
    call.run(bh);
  }

  private static int countTokens(byte[] json) {
    int tokens = 0;
    try (var parser = JsonSupport.MAPPER.createParser(json)) {
      while (parser.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }

  /** A route that answers with an error envelope would measure the error path: refuse to run it. */
  static void requireToolCallAnswer(NativeResponse response, Route route) {
    if (response.status() != 200 || response.usage() == null) {
      throw new IllegalStateException("route " + route + " did not answer 200 with usage: " + response.status()
          + " " + new String(response.body(), StandardCharsets.UTF_8));
    }
    ChatResponse decoded = Codecs.of(route.client()).decodeResponse(response.body());
    if (decoded.content().stream().noneMatch(ToolCallBlock.class::isInstance)) {
      throw new IllegalStateException("route " + route + " lost the tool call: " + decoded);
    }
  }
}
