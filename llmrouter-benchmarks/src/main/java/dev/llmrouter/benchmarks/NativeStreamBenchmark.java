package dev.llmrouter.benchmarks;

import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.LlmRouter;
import java.util.ArrayList;
import java.util.List;
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
 * One whole streamed call through {@link LlmRouter#handle}, the upstream in memory: the request side
 * (decode, route, encode or splice) once, then every upstream chunk through the SSE parser and the
 * decoder (and, translated, the client's encoder) to the client's bytes, with the usage read at the
 * end as the proxy does. {@code events} is the time per upstream event, fixed request costs included
 * (compare {@link StreamEventBenchmark}, which has none).
 *
 * <pre>
 * java -jar llmrouter-benchmarks/target/benchmarks.jar NativeStreamBenchmark \
 *     -prof gc -prof dev.llmrouter.benchmarks.CpuTimeProfiler
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NativeStreamBenchmark {
  @Param({
      "anthropic:passthrough", "anthropic->openai-chat", "anthropic->openai-responses", "anthropic->gemini",
      "openai-chat:passthrough", "openai-chat->anthropic", "openai-chat->openai-responses", "openai-chat->gemini",
      "openai-responses:passthrough", "openai-responses->anthropic", "openai-responses->openai-chat",
      "openai-responses->gemini",
      "gemini:passthrough", "gemini->anthropic", "gemini->openai-chat", "gemini->openai-responses",
  })
  public String route;

  private LlmRouter router;
  private NativeRequest request;
  private int eventCount;

  @Setup
  public void setUp() {
    Route r = Route.parse(route);
    router = Routers.routingTo(r.upstream());
    request = Payloads.of(r.client()).nativeRequest(true);
    eventCount = Payloads.of(r.upstream()).replyEvents().size();
    requireCompleteStream(router.handle(request), r);
  }

  @TearDown
  public void tearDown() {
    router.close();
  }

  @Benchmark
  public void stream(Blackhole bh, UpstreamEvents counter) {
    try (NativeResponse response = router.handle(request)) {
      for (byte[] chunk : response.bodyStream()) {
        bh.consume(chunk);
      }
      bh.consume(response.usage());
    }
    counter.events += eventCount;
  }

  /** The client's own stream decoder must read a complete answer with a tool call, or the route measures a failure. */
  static void requireCompleteStream(NativeResponse response, Route route) {
    if (response.status() != 200 || !response.isStream()) {
      throw new IllegalStateException("route " + route + " did not open a stream: " + response.status());
    }
    List<StreamEvent> events = new ArrayList<>();
    SseParser parser = new SseParser();
    StreamDecoder decoder = Codecs.of(route.client()).newStreamDecoder();
    try (response) {
      for (byte[] chunk : response.bodyStream()) {
        parser.feed(chunk, 0, chunk.length, sse -> decoder.decode(sse, events::add));
      }
    }
    parser.finish(sse -> decoder.decode(sse, events::add));
    decoder.finish(events::add);
    boolean toolCall = events.stream().anyMatch(e -> e instanceof StreamEvent.BlockStart start
        && start.block() instanceof ToolCallBlock);
    boolean stopped = events.stream().anyMatch(StreamEvent.MessageStop.class::isInstance);
    if (!toolCall || !stopped || events.stream().anyMatch(StreamEvent.StreamError.class::isInstance)
        || response.usage() == null) {
      throw new IllegalStateException("route " + route + " streamed an incomplete answer: " + events);
    }
  }
}
