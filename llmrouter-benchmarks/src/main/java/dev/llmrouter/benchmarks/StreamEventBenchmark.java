package dev.llmrouter.benchmarks;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Stream translation per upstream event: one operation is one whole upstream stream (case 03, a text
 * and a tool call: 3 Gemini chunks, 10 Chat chunks, 14 Anthropic events, 16 Responses events), and the
 * secondary result {@code events} is the time per upstream event.
 *
 * <ul>
 *   <li>{@code "C->U"}: each upstream event, already split by the SSE parser, goes through U's stream
 *       decoder, C's stream encoder, and becomes wire bytes, as {@code EncodedEventStream} does;
 *   <li>{@code "U:passthrough"}: the usage tap of a passthrough stream (U's decoder only; the bytes
 *       themselves go out untouched);
 *   <li>baselines over U's stream: {@code "U:raw-copy"} copies each event's bytes,
 *       {@code "U:sse-parse"} runs the SSE parser over the raw bytes (a cost every route above adds,
 *       kept apart here), {@code "U:jackson-parse-only"} parses each event's JSON into a tree.
 * </ul>
 *
 * <pre>
 * java -jar llmrouter-benchmarks/target/benchmarks.jar StreamEventBenchmark \
 *     -prof gc -prof dev.llmrouter.benchmarks.CpuTimeProfiler
 * </pre>
 *
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is per stream: divide by the event count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamEventBenchmark {
  @Param({
      "anthropic:raw-copy", "anthropic:sse-parse", "anthropic:jackson-parse-only", "anthropic:passthrough",
      "openai-chat->anthropic", "openai-responses->anthropic", "gemini->anthropic",
      "openai-chat:raw-copy", "openai-chat:sse-parse", "openai-chat:jackson-parse-only", "openai-chat:passthrough",
      "anthropic->openai-chat", "openai-responses->openai-chat", "gemini->openai-chat",
      "openai-responses:raw-copy", "openai-responses:sse-parse", "openai-responses:jackson-parse-only",
      "openai-responses:passthrough",
      "anthropic->openai-responses", "openai-chat->openai-responses", "gemini->openai-responses",
      "gemini:raw-copy", "gemini:sse-parse", "gemini:jackson-parse-only", "gemini:passthrough",
      "anthropic->gemini", "openai-chat->gemini", "openai-responses->gemini",
  })
  public String route;

  private NativeCallBenchmark.Call stream;
  private int eventCount;

  @Setup
  public void setUp() {
    Route r = Route.parse(route);
    // the stream's bytes are the upstream's: for a baseline "U:…" the route names U first
    WireFormat upstream = r.isBaseline() ? r.client() : r.upstream();
    Payloads up = Payloads.of(upstream);
    List<SseEvent> events = up.replyEvents();
    eventCount = events.size();
    WireCodec upstreamCodec = Codecs.of(upstream);
    if (r.isBaseline()) {
      stream = baseline(r.baseline(), up);
      return;
    }
    if (r.client() == r.upstream()) {
      stream = bh -> {
        StreamDecoder tap = upstreamCodec.newStreamDecoder();
        Consumer<StreamEvent> observe = bh::consume;
        for (SseEvent event : events) {
          tap.decode(event, observe);
        }
        tap.finish(observe);
      };
      return;
    }
    WireCodec clientCodec = Codecs.of(r.client());
    ChatRequest clientRequest = clientCodec.decodeRequest(Payloads.of(r.client()).nativeRequest(true).body());
    stream = bh -> {
      StreamDecoder decoder = upstreamCodec.newStreamDecoder();
      StreamEncoder encoder = clientCodec.newStreamEncoder(clientRequest);
      Consumer<StreamEvent> encode = event -> {
        StringBuilder chunk = new StringBuilder();
        encoder.encode(event, sse -> chunk.append(sse.toWireText()));
        if (chunk.length() > 0) {
          bh.consume(chunk.toString().getBytes(StandardCharsets.UTF_8));
        }
      };
      for (SseEvent event : events) {
        decoder.decode(event, encode);
      }
      decoder.finish(encode);
    };
  }

  private static NativeCallBenchmark.Call baseline(String name, Payloads up) {
    switch (name) {
      case "raw-copy":
        List<byte[]> chunks = up.replyChunks();
        return bh -> {
          for (byte[] chunk : chunks) {
            bh.consume(Arrays.copyOf(chunk, chunk.length));
          }
        };
      case "sse-parse":
        byte[] sse = up.replySse();
        return bh -> {
          SseParser parser = new SseParser();
          parser.feed(sse, 0, sse.length, bh::consume);
          parser.finish(bh::consume);
        };
      case "jackson-parse-only":
        List<SseEvent> events = up.replyEvents();
        return bh -> {
          for (SseEvent event : events) {
            if (event.data().startsWith("{")) { // not Chat's "[DONE]"
              bh.consume(JsonSupport.MAPPER.readTree(event.data()));
            }
          }
        };
      default:
        throw new IllegalArgumentException("unknown baseline " + name);
    }
  }

  @Benchmark
  public void stream(Blackhole bh, UpstreamEvents counter) {
    stream.run(bh);
    counter.events += eventCount;
  }
}
