package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.core.TokenEstimator;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.api.stream.StreamEvent.BlockStart;
import dev.llmrouter.api.stream.StreamEvent.BlockStop;
import dev.llmrouter.api.stream.StreamEvent.MessageDelta;
import dev.llmrouter.api.stream.StreamEvent.MessageStart;
import dev.llmrouter.api.stream.StreamEvent.MessageStop;
import dev.llmrouter.api.stream.StreamEvent.ReasoningDelta;
import dev.llmrouter.api.stream.StreamEvent.SignatureDelta;
import dev.llmrouter.api.stream.StreamEvent.TextDelta;
import dev.llmrouter.api.stream.StreamEvent.ToolArgumentsDelta;
import dev.llmrouter.api.stream.StreamEvent.UsageUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Server side streams: canonical events from any upstream, written for an Anthropic client. */
class AnthropicStreamEncoderTest {
  private static final ChatRequest REQUEST = ChatRequest.builder()
      .model("claude-sonnet-4-6")
      .addSystem("You are a helpful weather assistant.")
      .addMessage(Message.user("Compare the weather in Paris and Tokyo right now."))
      .build();
  private static final Usage FINAL_USAGE = Usage.builder().inputTokens(430).outputTokens(96).build();

  private static List<SseEvent> encode(StreamEvent... events) {
    List<SseEvent> sse = StreamSupport.encode(REQUEST, List.of(events));
    AnthropicStreamGrammar.validate(sse);
    return sse;
  }

  private static JsonNode data(SseEvent event) {
    return tree(event.data());
  }

  private static SseEvent named(List<SseEvent> events, String name) {
    return events.stream().filter(e -> e.event().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void interleavedToolCallsOfAChatUpstreamAreSerialisedInOrder() {
    List<SseEvent> sse = encode(
        new MessageStart("chatcmpl-1", "gpt-5.4-mini", Usage.ZERO),
        new BlockStart(0, ToolCallBlock.of("call_a", "get_weather", "")),
        new BlockStart(1, ToolCallBlock.of("call_b", "get_weather", "")),
        new ToolArgumentsDelta(0, "{\"location\":"),
        new ToolArgumentsDelta(1, "{\"location\":"),
        new ToolArgumentsDelta(1, "\"Tokyo\"}"),
        new ToolArgumentsDelta(0, ""),
        new ToolArgumentsDelta(0, "\"Paris\"}"),
        new BlockStop(1),
        new BlockStop(0),
        new MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE, "tool_calls"), null),
        new UsageUpdate(FINAL_USAGE),
        new MessageStop());

    ChatResponse answer = StreamSupport.accumulate(StreamSupport.decode(sse));
    assertThat(answer.toolCalls())
        .containsExactly(
            ToolCallBlock.of("call_a", "get_weather", "{\"location\":\"Paris\"}"),
            ToolCallBlock.of("call_b", "get_weather", "{\"location\":\"Tokyo\"}"));
    assertThat(answer.stopReason().kind()).isEqualTo(StopReason.Kind.TOOL_USE);
    assertThat(answer.usage()).isEqualTo(FINAL_USAGE);
    assertThat(sse).filteredOn(e -> e.event().equals("ping")).hasSize(1);
  }

  @Test
  void messageStartNeverReportsZeroInputAndMessageDeltaWaitsForTheFinalUsage() {
    List<SseEvent> sse = encode(
        new MessageStart("id", "gpt-5.4-mini", Usage.ZERO),
        new BlockStart(0, TextBlock.of("")),
        new TextDelta(0, "Hi"),
        new BlockStop(0),
        new MessageDelta(StopReason.of(StopReason.Kind.END_TURN, "stop"), null),
        new UsageUpdate(FINAL_USAGE),
        new MessageStop());

    long estimate = TokenEstimator.estimateInput(REQUEST);
    assertThat(estimate).isPositive();
    JsonNode start = data(sse.get(0)).path("message").path("usage");
    assertThat(start.path("input_tokens").asLong()).isEqualTo(estimate);
    assertThat(start.path("output_tokens").asInt()).isEqualTo(1);
    assertThat(sse.get(sse.size() - 2).event()).isEqualTo("message_delta");
    assertThat(data(sse.get(sse.size() - 2)).path("usage")).isEqualTo(tree(
        "{\"input_tokens\":430,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":96}"));
    assertThat(data(sse.get(sse.size() - 2)).path("delta")).isEqualTo(tree(
        "{\"stop_reason\":\"end_turn\",\"stop_sequence\":null}"));
  }

  @Test
  void anUpstreamThatNeverReportsInputStillGetsTheEstimateAtTheEnd() {
    List<SseEvent> sse = encode(
        new MessageStart(null, null, Usage.ZERO),
        new BlockStart(0, TextBlock.of("")),
        new TextDelta(0, "Hi"),
        new BlockStop(0),
        new UsageUpdate(Usage.builder().outputTokens(3).build()),
        new MessageDelta(StopReason.of(StopReason.Kind.END_TURN), null),
        new MessageStop());

    JsonNode usage = data(named(sse, "message_delta")).path("usage");
    assertThat(usage.path("input_tokens").asLong()).isEqualTo(TokenEstimator.estimateInput(REQUEST));
    assertThat(usage.path("output_tokens").asLong()).isEqualTo(3);
    JsonNode message = data(sse.get(0)).path("message");
    assertThat(message.path("id").asString()).startsWith("msg_");
    assertThat(message.path("model").asString()).isEqualTo("claude-sonnet-4-6");
  }

  @Test
  void anEmptyTextBlockIsNeverOpened() {
    List<SseEvent> sse = encode(
        new MessageStart("id", "m", FINAL_USAGE),
        new BlockStart(0, TextBlock.of("")),
        new TextDelta(0, ""),
        new BlockStop(0),
        new BlockStart(1, ToolCallBlock.of("call_a", "f", "{}")),
        new BlockStop(1),
        new MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE), null),
        new MessageStop());

    JsonNode start = data(named(sse, "content_block_start"));
    assertThat(start.path("index").asInt()).isZero();
    assertThat(start.path("content_block").path("type").asString()).isEqualTo("tool_use");
    assertThat(sse).filteredOn(e -> e.event().equals("content_block_start")).hasSize(1);
  }

  @Test
  void foreignReasoningStreamsAsThinkingWithItsEnvelopeAsSignature() {
    ReasoningBlock geminiStart = ReasoningBlock.of("", null, WireFormat.GEMINI);
    List<SseEvent> sse = encode(
        new MessageStart("id", "gemini-2.5-flash", FINAL_USAGE),
        new BlockStart(0, geminiStart),
        new ReasoningDelta(0, "Think "),
        new ReasoningDelta(0, "hard."),
        new SignatureDelta(0, "CiQB-gemini-signature"),
        new BlockStop(0),
        new BlockStart(1, TextBlock.of("")),
        new TextDelta(1, "Done."),
        new BlockStop(1),
        new MessageDelta(StopReason.of(StopReason.Kind.END_TURN, "STOP"), null),
        new MessageStop());

    List<String> deltas = sse.stream()
        .filter(e -> e.event().equals("content_block_delta"))
        .map(e -> data(e).path("delta").path("type").asString())
        .toList();
    assertThat(deltas).containsExactly("thinking_delta", "thinking_delta", "signature_delta", "text_delta");
    String signature = sse.stream()
        .map(AnthropicStreamEncoderTest::signatureOf)
        .filter(s -> s != null)
        .findFirst()
        .orElseThrow();
    assertThat(ReasoningEnvelope.unwrap(signature))
        .isEqualTo(ReasoningBlock.of("Think hard.", "CiQB-gemini-signature", WireFormat.GEMINI));
  }

  @Test
  void anthropicReasoningStreamsItsOwnSignatureOnceBeforeTheStop() {
    List<SseEvent> sse = encode(
        new MessageStart("id", "claude", FINAL_USAGE),
        new BlockStart(0, ReasoningBlock.of("", null, WireFormat.ANTHROPIC_MESSAGES)),
        new ReasoningDelta(0, "hmm"),
        new SignatureDelta(0, "sig-"),
        new SignatureDelta(0, "part2"),
        new BlockStop(0),
        new BlockStart(1, new ReasoningBlock("", "redacted-data", true, null, WireFormat.ANTHROPIC_MESSAGES, null)),
        new BlockStop(1),
        new MessageDelta(StopReason.of(StopReason.Kind.END_TURN), null),
        new MessageStop());

    ChatResponse answer = StreamSupport.accumulate(StreamSupport.decode(sse));
    assertThat(answer.content())
        .containsExactly(
            ReasoningBlock.of("hmm", "sig-part2", WireFormat.ANTHROPIC_MESSAGES),
            new ReasoningBlock("", "redacted-data", true, null, WireFormat.ANTHROPIC_MESSAGES, null));
  }

  @Test
  void anErrorEndsTheStreamInBandAndNothingFollows() {
    List<SseEvent> sse = encode(
        new MessageStart("id", "m", FINAL_USAGE),
        new BlockStart(0, TextBlock.of("")),
        new TextDelta(0, "Hel"),
        new StreamEvent.StreamError(LlmException.builder(ErrorKind.CONNECTION, "upstream connection reset").build()),
        new TextDelta(0, "lo"),
        new MessageStop());

    assertThat(sse.get(sse.size() - 1).event()).isEqualTo("error");
    assertThat(data(sse.get(sse.size() - 1))).isEqualTo(tree(
        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"upstream connection reset\"}}"));
  }

  @Test
  void blocksLeftOpenAndAMissingStopReasonAreCompletedAtTheEnd() {
    List<SseEvent> sse = encode(
        new MessageStart("id", "m", FINAL_USAGE),
        new BlockStart(0, TextBlock.of("Let me look.")),
        new BlockStart(1, ToolCallBlock.of("call_1", "f", "{\"a\":1}")),
        new MessageStop());

    assertThat(data(named(sse, "message_delta")).path("delta").path("stop_reason").asString()).isEqualTo("tool_use");
    ChatResponse answer = StreamSupport.accumulate(StreamSupport.decode(sse));
    assertThat(answer.content())
        .containsExactly(TextBlock.of("Let me look."), ToolCallBlock.of("call_1", "f", "{\"a\":1}"));
  }

  @Test
  void aStopSequenceIsNamedOnlyWhenKnown() {
    List<SseEvent> known = encode(
        new MessageStart("id", "m", FINAL_USAGE),
        new MessageDelta(StopReason.of(StopReason.Kind.STOP_SEQUENCE), "END"),
        new MessageStop());
    List<SseEvent> unknown = encode(
        new MessageStart("id", "m", FINAL_USAGE),
        new MessageDelta(StopReason.of(StopReason.Kind.STOP_SEQUENCE, "stop"), null),
        new MessageStop());

    assertThat(data(named(known, "message_delta")).path("delta"))
        .isEqualTo(tree("{\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"END\"}"));
    assertThat(data(named(unknown, "message_delta")).path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
  }

  private static String signatureOf(SseEvent event) {
    JsonNode delta = tree(event.data()).path("delta");
    return delta.path("type").asString("").equals("signature_delta") ? delta.path("signature").asString() : null;
  }
}
