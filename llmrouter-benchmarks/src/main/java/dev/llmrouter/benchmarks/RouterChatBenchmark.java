package dev.llmrouter.benchmarks;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.core.LlmRouter;
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

/**
 * {@link LlmRouter#chat} in-process: a canonical request built in code (the conversation of the
 * fixtures' case 04) encoded for the upstream, the upstream's answer (case 03) decoded. The baseline
 * {@code adapter-direct} calls the same in-memory adapter without the router, so the difference is
 * the router's own cost (route lookup, key choice, model rewrite, call options).
 *
 * <pre>
 * java -jar llmrouter-benchmarks/target/benchmarks.jar RouterChatBenchmark \
 *     -prof gc -prof dev.llmrouter.benchmarks.CpuTimeProfiler
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterChatBenchmark {
  @Param({"anthropic", "openai-chat", "openai-responses", "gemini"})
  public String upstream;

  @Param({"adapter-direct", "router"})
  public String path;

  private LlmRouter router;
  private ProviderAdapter adapter;
  private ChatRequest request;
  private CallOptions options;

  @Setup
  public void setUp() {
    WireFormat format = WireFormat.fromId(upstream);
    router = Routers.routingTo(format);
    request = canonicalRequest(Routers.ALIAS);
    if ("adapter-direct".equals(path)) {
      adapter = new InMemoryProviderAdapter(Routers.PROVIDER, Codecs.of(format), Payloads.of(format));
      request = canonicalRequest(Routers.upstreamModel(format));
      options = CallOptions.of(Secret.of("sk-benchmark-key-not-a-secret"));
    } else if (!"router".equals(path)) {
      throw new IllegalArgumentException("unknown path " + path);
    }
    if (call().content().stream().noneMatch(ToolCallBlock.class::isInstance)) {
      throw new IllegalStateException("the " + upstream + " answer lost its tool call");
    }
  }

  @TearDown
  public void tearDown() {
    router.close();
  }

  @Benchmark
  public ChatResponse call() {
    return adapter != null ? adapter.chat(request, options) : router.chat(request);
  }

  /** The conversation of case 04: a system prompt, a question, a tool call, its result; one tool. */
  static ChatRequest canonicalRequest(String model) {
    String schema = "{\"type\":\"object\",\"properties\":{"
        + "\"location\":{\"type\":\"string\",\"description\":\"City and country, e.g. Paris, France\"},"
        + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"],\"description\":\"Temperature unit\"}},"
        + "\"required\":[\"location\"]}";
    String callId = "toolu_01WsE9mPq3Xz7Hc2Ld8Ny4Fa";
    return ChatRequest.builder()
        .model(model)
        .addSystem("You are a helpful weather assistant.")
        .addMessage(Message.user("What's the weather like in Paris right now?"))
        .addMessage(Message.of(Role.ASSISTANT, List.of(
            TextBlock.of("I'll check the current weather in Paris."),
            ToolCallBlock.of(callId, "get_weather", "{\"location\": \"Paris, France\", \"unit\": \"celsius\"}"))))
        .addMessage(Message.of(Role.USER, List.of(new ToolResultBlock(callId, "get_weather",
            List.of(TextBlock.of("18°C, partly cloudy, humidity 72%")), false, null, ProviderFields.EMPTY))))
        .addTool(Tool.function("get_weather", "Get the current weather for a city.", schema))
        .toolChoice(ToolChoice.auto())
        .maxTokens(1024)
        .build();
  }
}
