package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.accumulate;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.assertJsonEquals;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.decode;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.json;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.GenerationSettings;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.ReasoningConfig;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GeminiStreamTest {
  private static final ChatRequest PLAIN = ChatRequest.builder().model("m").addMessage(Message.user("hi")).build();
  private static final ChatRequest WITH_THOUGHTS = PLAIN.toBuilder()
      .settings(GenerationSettings.builder()
          .reasoning(new ReasoningConfig(ReasoningConfig.Mode.ADAPTIVE, null, null, true, null)).build())
      .build();

  /** An encoder with a log of what it wrote after each event. */
  private static final class Recorder {
    final StreamEncoder encoder;
    final List<SseEvent> written = new ArrayList<>();

    Recorder(ChatRequest request) {
      encoder = CODEC.newStreamEncoder(request);
    }

    List<SseEvent> feed(StreamEvent event) {
      int before = written.size();
      encoder.encode(event, written::add);
      return List.copyOf(written.subList(before, written.size()));
    }
  }

  private static JsonNode part(SseEvent event) {
    return json(event.data()).at("/candidates/0/content/parts/0");
  }

  private static SseEvent chunk(String parts, String rest) {
    return SseEvent.data("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":" + parts + "},\"index\":0" + rest
        + "}],\"responseId\":\"r\"}");
  }

  @Test
  void textGoesOutAsSoonAsItArrives() {
    Recorder r = new Recorder(PLAIN);
    r.feed(new StreamEvent.MessageStart("r", "gemini-x", Usage.ZERO));

    assertThat(r.feed(new StreamEvent.BlockStart(0, TextBlock.of("")))).isEmpty();
    List<SseEvent> first = r.feed(new StreamEvent.TextDelta(0, "Hel"));
    List<SseEvent> second = r.feed(new StreamEvent.TextDelta(0, "lo"));

    assertThat(first).hasSize(1);
    assertJsonEquals(json("{\"text\":\"Hel\"}"), part(first.get(0)));
    assertThat(first.get(0).event()).isNull();
    assertJsonEquals(json("{\"text\":\"lo\"}"), part(second.get(0)));
  }

  @Test
  void aToolCallWaitsForItsEndAndInterleavedCallsStayApart() {
    Recorder r = new Recorder(PLAIN);
    r.feed(new StreamEvent.MessageStart(null, null, Usage.ZERO));
    r.feed(new StreamEvent.BlockStart(0, ToolCallBlock.of("call_a", "read", "")));
    r.feed(new StreamEvent.BlockStart(1, ToolCallBlock.of("call_b", "read", "")));
    assertThat(r.feed(new StreamEvent.ToolArgumentsDelta(0, "{\"path\":"))).isEmpty();
    assertThat(r.feed(new StreamEvent.ToolArgumentsDelta(1, "{\"path\":\"b\"}"))).isEmpty();
    assertThat(r.feed(new StreamEvent.ToolArgumentsDelta(0, "\"a\"}"))).isEmpty();

    List<SseEvent> a = r.feed(new StreamEvent.BlockStop(0));
    List<SseEvent> b = r.feed(new StreamEvent.BlockStop(1));

    assertJsonEquals(json("{\"functionCall\":{\"id\":\"call_a\",\"name\":\"read\",\"args\":{\"path\":\"a\"}}}"), part(a.get(0)));
    assertJsonEquals(json("{\"functionCall\":{\"id\":\"call_b\",\"name\":\"read\",\"args\":{\"path\":\"b\"}}}"), part(b.get(0)));
  }

  @Test
  void theLastChunkAlwaysCarriesFinishReasonAndUsage() {
    Recorder r = new Recorder(PLAIN);
    r.feed(new StreamEvent.MessageStart(null, null, Usage.ZERO));
    r.feed(new StreamEvent.BlockStart(0, ToolCallBlock.of("c", "f", "{}")));
    r.feed(new StreamEvent.BlockStop(0));
    r.feed(new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE, "tool_calls"), null));

    List<SseEvent> last = r.feed(new StreamEvent.MessageStop());

    assertThat(last).hasSize(1);
    JsonNode chunk = json(last.get(0).data());
    assertThat(chunk.at("/candidates/0/finishReason").asString()).isEqualTo("STOP");
    assertJsonEquals(json("{\"promptTokenCount\":0,\"candidatesTokenCount\":0,\"totalTokenCount\":0}"), chunk.get("usageMetadata"));
    GeminiStreamGrammar.validate(r.written);
    assertThat(r.feed(new StreamEvent.TextDelta(0, "late"))).isEmpty();
  }

  @Test
  void anotherProvidersReasoningRidesOnTheFollowingCall() {
    ReasoningBlock thinking = ReasoningBlock.of("Need weather.", "EqQBsig", WireFormat.ANTHROPIC_MESSAGES);
    List<StreamEvent> events = List.of(
        new StreamEvent.MessageStart("msg_1", "claude", Usage.ZERO),
        new StreamEvent.BlockStart(0, ReasoningBlock.of("", null, WireFormat.ANTHROPIC_MESSAGES)),
        new StreamEvent.ReasoningDelta(0, "Need weather."),
        new StreamEvent.SignatureDelta(0, "EqQBsig"),
        new StreamEvent.BlockStop(0),
        new StreamEvent.BlockStart(1, ToolCallBlock.of("toolu_1", "get_weather", "")),
        new StreamEvent.ToolArgumentsDelta(1, "{\"city\":\"Paris\"}"),
        new StreamEvent.BlockStop(1),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE, "tool_use"), null),
        new StreamEvent.MessageStop());

    List<SseEvent> shown = GeminiTestSupport.encode(events, WITH_THOUGHTS);
    List<SseEvent> hidden = GeminiTestSupport.encode(events, PLAIN);

    GeminiStreamGrammar.validate(shown);
    GeminiStreamGrammar.validate(hidden);
    assertJsonEquals(json("{\"text\":\"Need weather.\",\"thought\":true}"), part(shown.get(0)));
    assertThat(ReasoningEnvelope.unwrap(part(shown.get(1)).get("thoughtSignature").asString())).isEqualTo(thinking);
    assertThat(hidden).hasSize(2);
    assertThat(ReasoningEnvelope.unwrap(part(hidden.get(0)).get("thoughtSignature").asString())).isEqualTo(thinking);

    ChatResponse back = accumulate(decode(hidden));
    assertThat(back.content()).containsExactly(thinking, ToolCallBlock.of("toolu_1", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(back.stopReason().kind()).isEqualTo(StopReason.Kind.TOOL_USE);
  }

  @Test
  void aSignatureWithNoPartLeftGoesInTheLastChunk() {
    ReasoningBlock thinking = ReasoningBlock.of("", "opaque", WireFormat.ANTHROPIC_MESSAGES);
    List<SseEvent> sse = GeminiTestSupport.encode(List.of(
        new StreamEvent.MessageStart(null, null, Usage.ZERO),
        new StreamEvent.BlockStart(0, thinking),
        new StreamEvent.BlockStop(0),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.END_TURN), null),
        new StreamEvent.MessageStop()), PLAIN);

    assertThat(sse).hasSize(1);
    assertThat(ReasoningEnvelope.unwrap(part(sse.get(0)).get("thoughtSignature").asString())).isEqualTo(thinking);
    GeminiStreamGrammar.validate(sse);
  }

  @Test
  void anErrorIsSentInBandAndEndsTheStream() {
    Recorder r = new Recorder(PLAIN);
    r.feed(new StreamEvent.MessageStart(null, null, Usage.ZERO));
    r.feed(new StreamEvent.BlockStart(0, TextBlock.of("")));
    r.feed(new StreamEvent.TextDelta(0, "Hel"));

    List<SseEvent> error = r.feed(new StreamEvent.StreamError(LlmException.builder(ErrorKind.RATE_LIMITED, "slow down")
        .retryAfter(Duration.ofMillis(12_500)).build()));

    assertJsonEquals(json("{\"error\":{\"code\":429,\"message\":\"slow down\",\"status\":\"RESOURCE_EXHAUSTED\","
        + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"12.5s\"}]}}"),
        json(error.get(0).data()));
    assertThat(r.feed(new StreamEvent.MessageStop())).isEmpty();
    GeminiStreamGrammar.validate(r.written);
  }

  @Test
  void aStreamCutBeforeItsFinishReasonIsAConnectionError() {
    List<StreamEvent> events = decode(List.of(chunk("[{\"text\":\"Hel\"}]", "")));

    StreamEvent last = events.get(events.size() - 1);
    assertThat(last).isInstanceOf(StreamEvent.StreamError.class);
    assertThat(((StreamEvent.StreamError) last).error().kind()).isEqualTo(ErrorKind.CONNECTION);
    assertThat(ofType(decode(List.of()), StreamEvent.StreamError.class)).hasSize(1);
  }

  @Test
  void usageMayRepeatAndTheLastWins() {
    List<StreamEvent> events = decode(List.of(
        SseEvent.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}],"
            + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":1,\"totalTokenCount\":11}}"),
        SseEvent.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"STOP\"}],"
            + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":2,\"thoughtsTokenCount\":5,\"totalTokenCount\":17}}")));

    assertThat(ofType(events, StreamEvent.UsageUpdate.class)).hasSize(2);
    assertThat(accumulate(events).usage())
        .isEqualTo(Usage.builder().inputTokens(10).outputTokens(7).reasoningTokens(5).build());
    assertThat(accumulate(events).text()).isEqualTo("ab");
  }

  @Test
  void parallelCallsOneChunkEachAreAllKeptWithDistinctIds() {
    List<StreamEvent> events = decode(List.of(
        chunk("[{\"functionCall\":{\"name\":\"read\",\"args\":{\"p\":\"a\"}}}]", ""),
        chunk("[{\"functionCall\":{\"name\":\"read\",\"args\":{\"p\":\"b\"}}}]", ",\"finishReason\":\"STOP\"")));

    ChatResponse response = accumulate(events);

    assertThat(response.toolCalls()).extracting(ToolCallBlock::arguments).containsExactly("{\"p\":\"a\"}", "{\"p\":\"b\"}");
    assertThat(response.toolCalls()).extracting(ToolCallBlock::id).doesNotHaveDuplicates();
    assertThat(response.stopReason()).isEqualTo(StopReason.of(StopReason.Kind.TOOL_USE, "STOP"));
    assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
  }

  @Test
  void aSignatureOnALaterEmptyPartRodeOnTheOpenText() {
    ChatResponse response = accumulate(decode(List.of(
        chunk("[{\"text\":\"Done.\"}]", ""),
        chunk("[{\"text\":\"\",\"thoughtSignature\":\"c2ln\"}]", ",\"finishReason\":\"STOP\""))));

    assertThat(response.content()).hasSize(2);
    ChatRequest replay = PLAIN.toBuilder().addMessage(Message.of(dev.llmrouter.api.model.Role.ASSISTANT, response.content())).build();
    assertJsonEquals(json("[{\"text\":\"Done.\",\"thoughtSignature\":\"c2ln\"}]"),
        json(CODEC.encodeRequest(replay, true)).at("/contents/1/parts"));
  }

  @Test
  void aSignatureOnAThoughtBelongsToThatThought() {
    ChatResponse response = accumulate(decode(List.of(
        chunk("[{\"text\":\"hmm\",\"thought\":true}]", ""),
        chunk("[{\"text\":\" ok\",\"thought\":true,\"thoughtSignature\":\"c2ln\"}]", ""),
        chunk("[{\"text\":\"Yes\"}]", ",\"finishReason\":\"STOP\""))));

    assertThat(response.content()).containsExactly(
        new ReasoningBlock("hmm ok", "c2ln", false, null, WireFormat.GEMINI, null), TextBlock.of("Yes"));
  }

  @Test
  void aSignatureOnAThoughtPartWithoutTextBelongsToTheOpenThought() {
    ChatResponse response = accumulate(decode(List.of(
        chunk("[{\"text\":\"hmm\",\"thought\":true}]", ""),
        chunk("[{\"thought\":true,\"thoughtSignature\":\"c2ln\"}]", ",\"finishReason\":\"STOP\""))));

    assertThat(response.content())
        .containsExactly(new ReasoningBlock("hmm", "c2ln", false, null, WireFormat.GEMINI, null));
  }

  @Test
  void imagesAndGeminiOnlyPartsGoOutWholeAndComeBack() {
    List<SseEvent> upstream = List.of(
        chunk("[{\"executableCode\":{\"language\":\"PYTHON\",\"code\":\"print(1)\"}}]", ""),
        chunk("[{\"codeExecutionResult\":{\"outcome\":\"OUTCOME_OK\",\"output\":\"1\"}}]", ""),
        chunk("[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBOR\"},\"thoughtSignature\":\"c2ln\"}]", ""),
        chunk("[{\"text\":\"Done\"}]", ",\"finishReason\":\"STOP\""));
    List<StreamEvent> canonical = decode(upstream);

    List<SseEvent> encoded = GeminiTestSupport.encode(canonical, PLAIN);

    GeminiStreamGrammar.validate(encoded);
    for (int i = 0; i < 4; i++) {
      assertJsonEquals(json(upstream.get(i).data()).at("/candidates/0/content/parts"),
          json(encoded.get(i).data()).at("/candidates/0/content/parts"));
    }
    assertThat(accumulate(decode(encoded))).isEqualTo(accumulate(canonical));
  }

  @Test
  void aBlockedPromptEndsTheStreamAsAContentFilterStop() {
    List<StreamEvent> events = decode(List.of(SseEvent.data("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}")));

    assertThat(accumulate(events).stopReason()).isEqualTo(StopReason.of(StopReason.Kind.CONTENT_FILTER, "SAFETY"));
    assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
  }

  @Test
  void anUpstreamErrorChunkKeepsItsRetryDelay() {
    List<StreamEvent> events = decode(List.of(chunk("[{\"text\":\"a\"}]", ""),
        SseEvent.data("{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":"
            + "[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"3.5s\"}]}}"),
        chunk("[{\"text\":\"ignored\"}]", ",\"finishReason\":\"STOP\"")));

    StreamEvent.StreamError error = ofType(events, StreamEvent.StreamError.class).get(0);
    assertThat(error.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(error.error().retryAfter()).isEqualTo(Duration.ofMillis(3500));
    assertThat(events.get(events.size() - 1)).isSameAs(error);
  }

  @Test
  void aChunkThatIsNotJsonIsAnUpstreamFailure() {
    List<StreamEvent> events = decode(List.of(chunk("[{\"text\":\"a\"}]", ""), SseEvent.data("[DONE]")));

    StreamEvent last = events.get(events.size() - 1);
    assertThat(((StreamEvent.StreamError) last).error().kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER);
  }
}
