package dev.llmrouter.adapters.codec.openai;

import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.accumulate;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.bytes;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.chunk;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.decodeData;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.deltaChunk;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.encode;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenAiChatStreamTest {
  private static final String ROLE = deltaChunk("{\"role\":\"assistant\",\"content\":\"\"}");
  private static final String FINISH_TOOL_CALLS = chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}");
  private static final String FINISH_STOP = chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}");

  private static String toolCallChunk(String callsJson) {
    return deltaChunk("{\"tool_calls\":" + callsJson + "}");
  }

  // ---- decoding an upstream stream ----

  @Test
  void serversThatRepeatIdAndNameOnEveryChunkGiveOneCall() {
    List<StreamEvent> events = decodeData(
        ROLE,
        toolCallChunk("[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]"),
        toolCallChunk("[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]"),
        toolCallChunk("[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\":1}\"}}]"),
        FINISH_TOOL_CALLS,
        "[DONE]");

    assertThat(events).filteredOn(e -> e instanceof StreamEvent.BlockStart).hasSize(1);
    assertThat(accumulate(events).content()).containsExactly(ToolCallBlock.of("call_1", "f", "{\"a\":1}"));
  }

  @Test
  void interleavedCallIndicesGoToTheirOwnBlocks() {
    List<StreamEvent> events = decodeData(
        ROLE,
        toolCallChunk("[{\"index\":0,\"id\":\"call_a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\"}}]"),
        toolCallChunk("[{\"index\":1,\"id\":\"call_b\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"y\\\":\"}}]"),
        toolCallChunk("[{\"index\":0,\"function\":{\"arguments\":\"1}\"}},{\"index\":1,\"function\":{\"arguments\":\"2}\"}}]"),
        FINISH_TOOL_CALLS,
        "[DONE]");

    assertThat(accumulate(events).content()).containsExactly(
        ToolCallBlock.of("call_a", "f", "{\"x\":1}"), ToolCallBlock.of("call_b", "g", "{\"y\":2}"));
  }

  @Test
  void wholeArgumentsWithStopStillMeanToolUse() {
    List<StreamEvent> events = decodeData(
        ROLE,
        toolCallChunk("[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]"),
        toolCallChunk("[{\"index\":1,\"id\":\"call_2\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]"),
        FINISH_STOP,
        "[DONE]");

    ChatResponse response = accumulate(events);
    assertThat(response.toolCalls()).hasSize(2);
    assertThat(response.stopReason()).isEqualTo(StopReason.of(StopReason.Kind.TOOL_USE, "stop"));
  }

  @Test
  void argumentsBeforeTheIdAndNameAreHeldUntilTheCallCanStart() {
    List<StreamEvent> events = decodeData(
        ROLE,
        toolCallChunk("[{\"index\":0,\"function\":{\"arguments\":\"{\\\"q\\\":\"}}]"),
        toolCallChunk("[{\"index\":0,\"function\":{\"name\":\"search\"}}]"),
        toolCallChunk("[{\"index\":0,\"id\":\"call_s\",\"function\":{\"arguments\":\"\\\"x\\\"}\"}}]"),
        FINISH_TOOL_CALLS,
        "[DONE]");

    assertThat(events.get(1)).isEqualTo(new StreamEvent.BlockStart(0, ToolCallBlock.of("call_s", "search", "")));
    assertThat(events.get(2)).isEqualTo(new StreamEvent.ToolArgumentsDelta(0, "{\"q\":\"x\"}"));
  }

  @Test
  void aCallWhoseServerNeverSendsAnIdGetsOneAtTheFinish() {
    List<StreamEvent> events = decodeData(
        ROLE,
        toolCallChunk("[{\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]"),
        FINISH_TOOL_CALLS,
        "[DONE]");

    ToolCallBlock call = accumulate(events).toolCalls().get(0);
    assertThat(call.id()).startsWith("call_");
    assertThat(call.name()).isEqualTo("f");
    assertThat(call.arguments()).isEqualTo("{}");
  }

  @Test
  void aChunkWithContentFinishReasonAndUsageIsSplitInOrder() {
    Usage usage = Usage.builder().inputTokens(8).cacheReadTokens(2).outputTokens(3).build();
    List<StreamEvent> events = decodeData(
        ROLE,
        chunk("{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"length\"}")
            .replace("]}", "],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":2}}}"),
        "[DONE]");

    assertThat(events).containsExactly(
        new StreamEvent.MessageStart("c1", "m", Usage.ZERO),
        new StreamEvent.BlockStart(0, TextBlock.of("")),
        new StreamEvent.TextDelta(0, "Hi"),
        new StreamEvent.BlockStop(0),
        new StreamEvent.UsageUpdate(usage),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.MAX_TOKENS, "length"), null),
        new StreamEvent.MessageStop());
  }

  @Test
  void reasoningDeltasOfEitherSpellingFormAReasoningBlockClosedBeforeTheText() {
    List<StreamEvent> events = decodeData(
        ROLE,
        deltaChunk("{\"reasoning_content\":\"Think\"}"),
        deltaChunk("{\"reasoning\":\"ing.\"}"),
        deltaChunk("{\"content\":\"Done.\"}"),
        FINISH_STOP,
        "[DONE]");

    assertThat(events.subList(1, 6)).containsExactly(
        new StreamEvent.BlockStart(0, new ReasoningBlock("", null, false, null, WireFormat.OPENAI_CHAT, ProviderFields.EMPTY)),
        new StreamEvent.ReasoningDelta(0, "Think"),
        new StreamEvent.ReasoningDelta(0, "ing."),
        new StreamEvent.BlockStop(0),
        new StreamEvent.BlockStart(1, TextBlock.of("")));
    assertThat(accumulate(events).text()).isEqualTo("Done.");
  }

  @Test
  void aStreamWithoutDoneEndsNormallyOnceAFinishReasonWasSeen() {
    List<StreamEvent> events = decodeData(ROLE, deltaChunk("{\"content\":\"Hi\"}"), FINISH_STOP);

    assertThat(events.get(events.size() - 1)).isEqualTo(new StreamEvent.MessageStop());
  }

  @Test
  void aStreamCutBeforeItsFinishReasonEndsWithAConnectionError() {
    List<StreamEvent> events = decodeData(ROLE, deltaChunk("{\"content\":\"Hi\"}"));

    StreamEvent.StreamError error = (StreamEvent.StreamError) events.get(events.size() - 1);
    assertThat(error.error().kind()).isEqualTo(ErrorKind.CONNECTION);
  }

  @Test
  void anErrorChunkEndsTheStreamAndLaterChunksAreIgnored() {
    List<StreamEvent> events = decodeData(
        ROLE,
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}",
        deltaChunk("{\"content\":\"late\"}"),
        "[DONE]");

    assertThat(events).hasSize(2);
    LlmException error = ((StreamEvent.StreamError) events.get(1)).error();
    assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(error.getMessage()).isEqualTo("Rate limit reached");
  }

  @Test
  void aChunkThatIsNotJsonEndsTheStreamWithAnUpstreamError() {
    List<StreamEvent> events = decodeData(ROLE, "{\"choices\": [");

    assertThat(((StreamEvent.StreamError) events.get(1)).error().kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER);
  }

  @Test
  void usageRepeatedOnEveryChunkIsReportedOnceEachTimeItChanges() {
    String usage = ",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}";
    List<StreamEvent> events = decodeData(
        ROLE.substring(0, ROLE.length() - 1) + usage,
        deltaChunk("{\"content\":\"a\"}").replaceFirst("}$", usage),
        deltaChunk("{\"content\":\"b\"}").replaceFirst("}$", usage.replace("\"completion_tokens\":1", "\"completion_tokens\":2")),
        FINISH_STOP,
        "[DONE]");

    assertThat(events).filteredOn(e -> e instanceof StreamEvent.UsageUpdate)
        .extracting(e -> ((StreamEvent.UsageUpdate) e).usage().outputTokens())
        .containsExactly(1L, 2L);
  }

  // ---- encoding a client's stream ----

  private static ChatRequest request(boolean includeUsage) {
    String options = includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "";
    return CODEC.decodeRequest(bytes("{\"model\":\"gpt-5\",\"messages\":[],\"stream\":true" + options + "}"));
  }

  private static List<JsonNode> chunks(List<SseEvent> sse) {
    return sse.stream().filter(e -> !e.data().equals("[DONE]")).map(e -> json(e.data())).toList();
  }

  @Test
  void toolCallIndicesCountToolCallsOnlyAndInterleavedCallsNeedNoBuffering() {
    List<StreamEvent> events = List.of(
        new StreamEvent.MessageStart("msg_1", "claude", Usage.ZERO),
        new StreamEvent.BlockStart(0, TextBlock.of("")),
        new StreamEvent.TextDelta(0, "Checking."),
        new StreamEvent.BlockStop(0),
        new StreamEvent.BlockStart(1, ToolCallBlock.of("toolu_a", "f", "")),
        new StreamEvent.BlockStart(2, ToolCallBlock.of("toolu_b", "g", "")),
        new StreamEvent.ToolArgumentsDelta(1, "{\"x\":1}"),
        new StreamEvent.ToolArgumentsDelta(2, "{}"),
        new StreamEvent.BlockStop(1),
        new StreamEvent.BlockStop(2),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE, "tool_use"), null),
        new StreamEvent.MessageStop());

    List<SseEvent> sse = encode(CODEC.newStreamEncoder(request(false)), events);

    OpenAiChatStreamGrammar.validate(sse, false);
    List<JsonNode> deltas = chunks(sse).stream().map(c -> c.at("/choices/0/delta")).toList();
    assertThat(deltas.get(0)).isEqualTo(json("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}"));
    assertThat(deltas.get(2)).isEqualTo(json("""
        {"tool_calls":[{"index":0,"id":"toolu_a","type":"function","function":{"name":"f","arguments":""}}]}"""));
    assertThat(deltas.get(3).at("/tool_calls/0/index").intValue()).isEqualTo(1);
    assertThat(deltas.get(4)).isEqualTo(json("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"x\\\":1}\"}}]}"));
    assertThat(chunks(sse).get(6).at("/choices/0/finish_reason").stringValue()).isEqualTo("tool_calls");
    assertThat(accumulate(ChatTestSupport.decode(sse)).toolCalls()).containsExactly(
        ToolCallBlock.of("toolu_a", "f", "{\"x\":1}"), ToolCallBlock.of("toolu_b", "g", "{}"));
  }

  @Test
  void theRoleChunkHasNullContentWhenTheAnswerStartsWithAToolCall() {
    List<SseEvent> sse = encode(CODEC.newStreamEncoder(request(false)), List.of(
        new StreamEvent.MessageStart(null, null, Usage.ZERO),
        new StreamEvent.BlockStart(0, ToolCallBlock.of("call_1", "f", "{}")),
        new StreamEvent.BlockStop(0),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.END_TURN), null),
        new StreamEvent.MessageStop()));

    OpenAiChatStreamGrammar.validate(sse, false);
    List<JsonNode> chunks = chunks(sse);
    assertThat(chunks.get(0).at("/choices/0/delta/content").isNull()).isTrue();
    assertThat(chunks.get(0).get("model").stringValue()).isEqualTo("gpt-5");
    assertThat(chunks.get(2).at("/choices/0/delta/tool_calls/0/function/arguments").stringValue()).isEqualTo("{}");
    assertThat(chunks.get(3).at("/choices/0/finish_reason").stringValue()).isEqualTo("tool_calls");
  }

  @Test
  void usageComesOnceAfterTheFinishReasonWithChatAccounting() {
    Usage usage = Usage.builder().inputTokens(18).cacheReadTokens(2006).cacheWriteTokens(10).outputTokens(180)
        .reasoningTokens(120).build();
    List<SseEvent> sse = encode(CODEC.newStreamEncoder(request(true)), List.of(
        new StreamEvent.MessageStart("id", "m", Usage.ZERO),
        new StreamEvent.BlockStart(0, ReasoningBlock.of("hmm", "c2ln", WireFormat.ANTHROPIC_MESSAGES)),
        new StreamEvent.SignatureDelta(0, "more"),
        new StreamEvent.BlockStop(0),
        new StreamEvent.BlockStart(1, new ReasoningBlock("", "opaque", true, null, WireFormat.ANTHROPIC_MESSAGES,
            ProviderFields.EMPTY)),
        new StreamEvent.BlockStop(1),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.MAX_TOKENS), null),
        new StreamEvent.UsageUpdate(usage),
        new StreamEvent.MessageStop()));

    OpenAiChatStreamGrammar.validate(sse, true);
    List<JsonNode> chunks = chunks(sse);
    assertThat(chunks).hasSize(4);
    assertThat(chunks.get(1).at("/choices/0/delta")).isEqualTo(json("{\"reasoning_content\":\"hmm\"}"));
    assertThat(chunks.get(2).at("/choices/0/finish_reason").stringValue()).isEqualTo("length");
    assertThat(chunks.get(3).get("usage")).isEqualTo(json("""
        {"prompt_tokens":2034,"completion_tokens":180,"total_tokens":2214,
         "prompt_tokens_details":{"cached_tokens":2006,"audio_tokens":0,"cache_write_tokens":10},
         "completion_tokens_details":{"reasoning_tokens":120,"audio_tokens":0,"accepted_prediction_tokens":0,
           "rejected_prediction_tokens":0}}"""));
  }

  @Test
  void aStreamErrorBecomesAnErrorChunkAndNothingFollows() {
    LlmException failure = LlmException.builder(ErrorKind.OVERLOADED, "Overloaded").upstreamStatus(529).build();
    List<SseEvent> sse = encode(CODEC.newStreamEncoder(request(true)), List.of(
        new StreamEvent.MessageStart("id", "m", Usage.ZERO),
        new StreamEvent.BlockStart(0, TextBlock.of("")),
        new StreamEvent.TextDelta(0, "Hel"),
        new StreamEvent.StreamError(failure),
        new StreamEvent.MessageStop()));

    OpenAiChatStreamGrammar.validate(sse, true);
    assertThat(json(sse.get(sse.size() - 1).data())).isEqualTo(json("""
        {"error":{"message":"Overloaded","type":"server_error","param":null,"code":"server_overloaded"}}"""));
    assertThat(sse).noneMatch(e -> e.data().equals("[DONE]"));
  }

  @Test
  void refusalTextIsStreamedAsRefusal() {
    ChatResponse refused = CODEC.decodeResponse(bytes("""
        {"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help."},
         "finish_reason":"stop"}]}"""));
    List<StreamEvent> events = List.of(
        new StreamEvent.MessageStart("x", "m", Usage.ZERO),
        new StreamEvent.BlockStart(0, refused.content().get(0)),
        new StreamEvent.BlockStop(0),
        new StreamEvent.MessageDelta(refused.stopReason(), null),
        new StreamEvent.MessageStop());

    List<SseEvent> sse = encode(CODEC.newStreamEncoder(request(false)), events);

    OpenAiChatStreamGrammar.validate(sse, false);
    assertThat(chunks(sse).get(1).at("/choices/0/delta")).isEqualTo(json("{\"refusal\":\"I can't help.\"}"));
    assertThat(accumulate(ChatTestSupport.decode(sse)).content()).isEqualTo(refused.content());
  }

  @Test
  void theGrammarValidatorRejectsAStreamWithoutFinishReason() {
    List<SseEvent> sse = List.of(SseEvent.data(ROLE), SseEvent.data("[DONE]"));

    assertThatThrownBy(() -> OpenAiChatStreamGrammar.validate(sse, false))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("finish_reason");
  }

  @Test
  void theGrammarValidatorRejectsAToolCallStartedWithoutItsId() {
    List<SseEvent> sse = List.of(
        SseEvent.data(ROLE),
        SseEvent.data(toolCallChunk("[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]")),
        SseEvent.data(FINISH_TOOL_CALLS),
        SseEvent.data("[DONE]"));

    assertThatThrownBy(() -> OpenAiChatStreamGrammar.validate(sse, false))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("without an id");
  }

  @Test
  void anAnswerWithoutBlocksStillHasARoleChunkAndAFinishReason() {
    List<SseEvent> sse = encode(CODEC.newStreamEncoder(request(false)), List.of(
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.END_TURN), null), new StreamEvent.MessageStop()));

    OpenAiChatStreamGrammar.validate(sse, false);
  }
}
