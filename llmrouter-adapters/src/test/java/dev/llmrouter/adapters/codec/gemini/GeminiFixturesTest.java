package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.accumulate;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.assertJsonEquals;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.decode;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.decodeSse;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.encode;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.json;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.ofType;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.wire;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.withoutExtras;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.stream.StreamEvent;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every golden fixture of {@code fixtures/gemini/}: decoded and re-encoded, both roles, streams included. */
class GeminiFixturesTest {

  static Stream<String> requests() {
    return Stream.of(
        "01-simple-text.request.json",
        "02-system-multiturn.request.json",
        "03-tool-call.request.json",
        "04-tool-result.request.json",
        "05-parallel-tool-calls.request.json",
        "05-parallel-tool-calls.followup.request.json",
        "06-image-input.request.json",
        "06-image-input.url.request.json",
        "07-thinking.request.json",
        "08-error-rate-limit.request.json",
        "09-stream-error.request.json",
        "10-thinking-tool-roundtrip.request.json",
        "11-tool-schema-sanitize.request.json",
        "11-tool-schema-sanitize.parameters.request.json");
  }

  static Stream<String> responses() {
    return Stream.of(
        "01-simple-text", "02-system-multiturn", "03-tool-call", "04-tool-result", "05-parallel-tool-calls",
        "06-image-input", "07-thinking", "10-thinking-tool-roundtrip");
  }

  static Stream<String> streams() {
    return Stream.of(
        "01-simple-text", "02-system-multiturn", "03-tool-call", "04-tool-result", "05-parallel-tool-calls",
        "06-image-input", "07-thinking");
  }

  @Test
  void theListsCoverEveryFixtureCase() {
    assertThat(Fixtures.cases("gemini")).allMatch(c -> c.startsWith("12") || requests().anyMatch(r -> r.startsWith(c)));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void requestDecodesAndEncodesBackToTheFixture(String file) {
    byte[] body = Fixtures.bytes("gemini/" + file);

    ChatRequest request = CODEC.decodeRequest(body, "gemini-2.5-flash", false);

    assertThat(request.model()).isEqualTo("gemini-2.5-flash");
    assertJsonEquals(json(body), json(CODEC.encodeRequest(request, false)));
  }

  @Test
  void streamingIsSaidByThePathNotTheBody() {
    byte[] body = Fixtures.bytes("gemini/01-simple-text.request.json");

    assertThat(CODEC.decodeRequest(body, "models/gemini-2.5-flash", true).stream()).isTrue();
    assertThat(CODEC.decodeRequest(body, "models/gemini-2.5-flash", true).model()).isEqualTo("gemini-2.5-flash");
    assertThat(CODEC.decodeRequest(body).stream()).isFalse();
    assertThat(CODEC.decodeRequest(body).model()).isEqualTo(GeminiCodec.PLACEHOLDER_MODEL);
    assertThat(CODEC.encodeRequest(CODEC.decodeRequest(body), true)).isEqualTo(CODEC.encodeRequest(CODEC.decodeRequest(body), false));
  }

  @Test
  void toolCallRoundTripKeepsIdsSignatureAndResultShape() {
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes("gemini/04-tool-result.request.json"));

    List<?> model = request.messages().get(1).content();
    assertThat(model).hasSize(3);
    assertThat(model.get(0)).isInstanceOf(TextBlock.class);
    ReasoningBlock signature = (ReasoningBlock) model.get(1);
    assertThat(signature.signature()).startsWith("hmhnu8e7");
    assertThat(signature.text()).isEmpty();
    assertThat(((ToolCallBlock) model.get(2)).id()).isEqualTo("toolu_01WsE9mPq3Xz7Hc2Ld8Ny4Fa");
    assertThat(json(((ToolCallBlock) model.get(2)).arguments()))
        .isEqualTo(json("{\"location\":\"Paris, France\",\"unit\":\"celsius\"}"));
    var result = (dev.llmrouter.api.model.ToolResultBlock) request.messages().get(2).content().get(0);
    assertThat(result.toolCallId()).isEqualTo("toolu_01WsE9mPq3Xz7Hc2Ld8Ny4Fa");
    assertThat(result.name()).isEqualTo("get_weather");
    assertThat(result.textContent()).isEqualTo("18°C, partly cloudy, humidity 72%");
    assertThat(result.isError()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("responses")
  void responseDecodesAndEncodesBackToTheFixture(String name) {
    byte[] body = Fixtures.bytes("gemini/" + name + ".response.json");
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes("gemini/" + name + ".request.json"));

    ChatResponse response = CODEC.decodeResponse(body);

    assertJsonEquals(json(body), json(CODEC.encodeResponse(response, request)));
  }

  @Test
  void followUpResponseRoundTrips() {
    byte[] body = Fixtures.bytes("gemini/05-parallel-tool-calls.followup.response.json");
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes("gemini/05-parallel-tool-calls.followup.request.json"));

    assertJsonEquals(json(body), json(CODEC.encodeResponse(CODEC.decodeResponse(body), request)));
  }

  @Test
  void responsesMapStopReasonsAndUsage() {
    ChatResponse toolCall = CODEC.decodeResponse(Fixtures.bytes("gemini/03-tool-call.response.json"));
    ChatResponse cached = CODEC.decodeResponse(Fixtures.bytes("gemini/02-system-multiturn.response.json"));
    ChatResponse thinking = CODEC.decodeResponse(Fixtures.bytes("gemini/07-thinking.response.json"));

    assertThat(toolCall.stopReason()).isEqualTo(StopReason.of(StopReason.Kind.TOOL_USE, "STOP"));
    assertThat(cached.stopReason().kind()).isEqualTo(StopReason.Kind.END_TURN);
    assertThat(cached.usage()).isEqualTo(Usage.builder().inputTokens(18).cacheReadTokens(2006).outputTokens(9).build());
    assertThat(thinking.usage())
        .isEqualTo(Usage.builder().inputTokens(32).outputTokens(180).reasoningTokens(120).build());
    assertThat(thinking.content()).hasSize(3);
    assertThat(((ReasoningBlock) thinking.content().get(0)).text()).startsWith("1013 is odd");
    assertThat(thinking.content().get(1)).isInstanceOf(TextBlock.class);
    assertThat(((ReasoningBlock) thinking.content().get(2)).signature()).startsWith("QMPmpiXj");
  }

  @ParameterizedTest
  @MethodSource("streams")
  void streamAccumulatesToTheNonStreamingResponse(String name) {
    byte[] sse = Fixtures.bytes("gemini/" + name + ".response.sse");
    ChatResponse expected = withoutExtras(CODEC.decodeResponse(Fixtures.bytes("gemini/" + name + ".response.json")));

    for (int chunk : new int[] {1, 3, 7, sse.length}) {
      List<StreamEvent> events = decodeSse(sse, chunk);

      assertThat(events.get(0)).isInstanceOf(StreamEvent.MessageStart.class);
      assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
      assertThat(accumulate(events)).as("%s in %d-byte chunks", name, chunk).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("streams")
  void fixtureStreamsPassTheGrammar(String name) {
    GeminiStreamGrammar.validate(Fixtures.sse("gemini/" + name + ".response.sse"));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void reEncodedStreamPassesTheGrammarAndDecodesToTheSameResponse(String name) {
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes("gemini/" + name + ".request.json"));
    List<StreamEvent> canonical = decodeSse(Fixtures.bytes("gemini/" + name + ".response.sse"), 64);

    List<SseEvent> encoded = encode(canonical, request);

    GeminiStreamGrammar.validate(encoded);
    assertThat(accumulate(decodeSse(wire(encoded), 5))).isEqualTo(accumulate(canonical));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void reEncodedStreamSendsEachTextDeltaAsItComes(String name) {
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes("gemini/" + name + ".request.json"));
    List<StreamEvent> canonical = decodeSse(Fixtures.bytes("gemini/" + name + ".response.sse"), 64);

    List<SseEvent> encoded = encode(canonical, request);

    long deltas = ofType(canonical, StreamEvent.TextDelta.class).size()
        + ofType(canonical, StreamEvent.ReasoningDelta.class).size();
    long textChunks = encoded.stream().filter(e -> json(e.data()).path("candidates").path(0).path("content")
        .path("parts").path(0).has("text")).count();
    assertThat(textChunks).isGreaterThanOrEqualTo(deltas);
  }

  @Test
  void rateLimitErrorKeepsItsRetryDelay() {
    byte[] body = Fixtures.bytes("gemini/08-error-rate-limit.response.json");

    LlmException error = CODEC.decodeError(429, h -> null, body);

    assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(error.upstreamStatus()).isEqualTo(429);
    assertThat(error.upstreamType()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(error.getMessage()).startsWith("You exceeded your current quota");

    EncodedError encoded = CODEC.encodeError(error);
    JsonNode expected = json(body).get("error");
    JsonNode actual = json(encoded.body()).get("error");
    assertThat(encoded.status()).isEqualTo(429);
    assertThat(actual.get("code")).isEqualTo(expected.get("code"));
    assertThat(actual.get("status")).isEqualTo(expected.get("status"));
    assertThat(actual.get("message")).isEqualTo(expected.get("message"));
    assertThat(actual.get("details")).contains(expected.get("details").get(2));
  }

  @Test
  void streamErrorDecodesToAStreamErrorAndIsEncodedInBand() {
    List<SseEvent> fixture = Fixtures.sse("gemini/09-stream-error.response.sse");
    GeminiStreamGrammar.validate(fixture);

    List<StreamEvent> events = decode(fixture);

    StreamEvent last = events.get(events.size() - 1);
    assertThat(last).isInstanceOf(StreamEvent.StreamError.class);
    LlmException error = ((StreamEvent.StreamError) last).error();
    assertThat(error.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(error.upstreamStatus()).isEqualTo(503);
    assertThat(ofType(events, StreamEvent.TextDelta.class)).extracting(StreamEvent.TextDelta::text).containsExactly("Hello");
    assertThat(ofType(events, StreamEvent.MessageStop.class)).isEmpty();

    List<SseEvent> encoded = encode(events, CODEC.decodeRequest(Fixtures.bytes("gemini/09-stream-error.request.json")));

    GeminiStreamGrammar.validate(encoded);
    assertJsonEquals(json(fixture.get(1).data()), json(encoded.get(encoded.size() - 1).data()));
  }

  @Test
  void countTokensRequestAndAnswer() {
    byte[] body = Fixtures.bytes("gemini/12-count-tokens.request.json");

    ChatRequest request = CODEC.decodeCountTokensRequest(body);

    assertThat(request.model()).isEqualTo("gemini-2.5-flash");
    assertThat(request.tools()).extracting(t -> t.name()).containsExactly("get_weather");
    assertThat(request.systemText()).isEqualTo("You are a helpful weather assistant.");
    assertJsonEquals(json(body), json(CODEC.encodeCountTokensRequest(request)));
    assertThat(CODEC.decodeCountTokensResponse(Fixtures.bytes("gemini/12-count-tokens.response.json"))).isEqualTo(412);
    assertJsonEquals(json("{\"totalTokens\":412}"), json(CODEC.encodeCountTokensResponse(412, true)));
  }

  @Test
  void countTokensTranslatedFromAnotherRequestUsesTheFullForm() {
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes("gemini/03-tool-call.request.json"), "gemini-2.5-flash", false);

    assertJsonEquals(json(Fixtures.bytes("gemini/12-count-tokens.request.json")),
        json(CODEC.encodeCountTokensRequest(request)));
  }

  @Test
  void schemaSanitiserGivesTheParametersVariant() {
    JsonNode jsonSchema = Fixtures.json("gemini/11-tool-schema-sanitize.request.json")
        .at("/tools/0/functionDeclarations/0/parametersJsonSchema");
    JsonNode parameters = Fixtures.json("gemini/11-tool-schema-sanitize.parameters.request.json")
        .at("/tools/0/functionDeclarations/0/parameters");

    assertJsonEquals(parameters, GeminiSchemas.toOpenApiSubset(jsonSchema));
  }
}
