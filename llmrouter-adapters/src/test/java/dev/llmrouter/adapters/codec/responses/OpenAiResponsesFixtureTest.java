package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.StreamSupport.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.sse.SseWriter;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.stream.StreamEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The golden fixtures of {@code openai-responses/}: every request, response, stream and error. */
class OpenAiResponsesFixtureTest {
  private static final String DIR = "openai-responses/";

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
        "11-tool-schema-sanitize.request.json");
  }

  static Stream<String> responses() {
    return Stream.of(
        "01-simple-text", "02-system-multiturn", "03-tool-call", "04-tool-result", "05-parallel-tool-calls",
        "05-parallel-tool-calls.followup", "06-image-input", "07-thinking", "10-thinking-tool-roundtrip");
  }

  static Stream<String> streams() {
    return Stream.of(
        "01-simple-text", "02-system-multiturn", "03-tool-call", "04-tool-result", "05-parallel-tool-calls",
        "06-image-input", "07-thinking");
  }

  @Test
  void everyRequestFixtureIsCovered() {
    List<String> listed = requests().map(n -> n.substring(0, n.indexOf('.'))).distinct().toList();
    assertThat(listed).containsAll(Fixtures.cases("openai-responses"));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void requestDecodesAndEncodesBackToTheFixture(String file) {
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes(DIR + file));
    JsonNode encoded = StreamSupport.json(CODEC.encodeRequest(request, request.stream()));
    assertThat(encoded).isEqualTo(Fixtures.json(DIR + file));
  }

  @ParameterizedTest
  @MethodSource("responses")
  void responseDecodesAndEncodesBackToTheFixture(String name) {
    ChatResponse response = CODEC.decodeResponse(Fixtures.bytes(DIR + name + ".response.json"));
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes(DIR + name + ".request.json"));
    JsonNode encoded = StreamSupport.json(CODEC.encodeResponse(response, request));
    assertThat(StreamSupport.comparable(encoded))
        .isEqualTo(StreamSupport.comparable(Fixtures.json(DIR + name + ".response.json")));
    assertThat(encoded.get("object").stringValue()).isEqualTo("response");
    assertThat(encoded.get("id").stringValue()).startsWith("resp_");
  }

  @ParameterizedTest
  @MethodSource("streams")
  void fixtureStreamsObeyTheGrammar(String name) {
    OpenAiResponsesStreamGrammar.validate(Fixtures.sse(DIR + name + ".response.sse"));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void streamAccumulatesToTheWholeResponseWhateverTheChunking(String name) {
    ChatResponse expected = CODEC.decodeResponse(Fixtures.bytes(DIR + name + ".response.json"));
    String text = Fixtures.text(DIR + name + ".response.sse");
    for (int chunk : new int[] {1, 3, 7, 1 << 20}) {
      List<StreamEvent> events = StreamSupport.decode(StreamSupport.parse(text, chunk));
      assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
      assertThat(StreamSupport.accumulate(events)).as("chunk %d", chunk).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("streams")
  void reencodedStreamObeysTheGrammarAndDecodesBack(String name) {
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes(DIR + name + ".request.json"));
    List<StreamEvent> canonical = StreamSupport.decode(Fixtures.sse(DIR + name + ".response.sse"));
    List<SseEvent> encoded = StreamSupport.encode(canonical, request);

    OpenAiResponsesStreamGrammar.validate(encoded);
    String wire = encoded.stream().map(SseWriter::toText).collect(Collectors.joining());
    ChatResponse back = StreamSupport.accumulate(StreamSupport.decode(StreamSupport.parse(wire, 5)));
    ChatResponse original = StreamSupport.accumulate(canonical);
    assertThat(back.toBuilder().id(null).build()).isEqualTo(original.toBuilder().id(null).build());

    // the terminal event carries the same response as the non-streaming encoder would write
    JsonNode completed = StreamSupport.data(encoded).get(encoded.size() - 1).get("response");
    JsonNode whole = StreamSupport.json(CODEC.encodeResponse(original, request));
    assertThat(StreamSupport.comparable(completed)).isEqualTo(StreamSupport.comparable(whole));
    assertThat(StreamSupport.comparable(completed))
        .isEqualTo(StreamSupport.comparable(Fixtures.json(DIR + name + ".response.json")));
  }

  @Test
  void rateLimitErrorMapsBothWays() {
    Map<String, String> headers = Map.of("retry-after", "20", "x-request-id", "req_a6bfacd08dba073639da38aaa4862ba3");
    LlmException error = CODEC.decodeError(429, headers::get, Fixtures.bytes(DIR + "08-error-rate-limit.response.json"));

    assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(error.httpStatus()).isEqualTo(429);
    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(error.upstreamCode()).isEqualTo("rate_limit_exceeded");
    assertThat(error.getMessage()).startsWith("Rate limit reached for gpt-5.4-mini");

    EncodedError encoded = CODEC.encodeError(error);
    assertThat(encoded.status()).isEqualTo(429);
    assertThat(encoded.headers()).containsEntry("retry-after", "20");
    assertThat(StreamSupport.json(encoded.body())).isEqualTo(Fixtures.json(DIR + "08-error-rate-limit.response.json"));
  }

  @Test
  void streamErrorDecodesToAStreamErrorAndIsWrittenBackAsResponseFailed() {
    List<SseEvent> fixture = Fixtures.sse(DIR + "09-stream-error.response.sse");
    OpenAiResponsesStreamGrammar.validate(fixture);
    List<StreamEvent> events = StreamSupport.decode(fixture);

    StreamEvent last = events.get(events.size() - 1);
    assertThat(last).isInstanceOf(StreamEvent.StreamError.class);
    LlmException error = ((StreamEvent.StreamError) last).error();
    assertThat(error.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(error.retryable()).isTrue();
    assertThat(error.getMessage()).isEqualTo("The server is overloaded. Please retry your request.");
    assertThat(events).filteredOn(e -> e instanceof StreamEvent.TextDelta)
        .containsExactly(new StreamEvent.TextDelta(0, "Hello"));

    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes(DIR + "09-stream-error.request.json"));
    List<SseEvent> encoded = StreamSupport.encode(events, request);
    OpenAiResponsesStreamGrammar.validate(encoded);
    List<JsonNode> expected = StreamSupport.data(fixture);
    JsonNode failed = StreamSupport.data(encoded).get(encoded.size() - 1);
    assertThat(encoded).extracting(SseEvent::event).containsExactlyElementsOf(fixture.stream().map(SseEvent::event).toList());
    assertThat(StreamSupport.comparable(failed.get("response")))
        .isEqualTo(StreamSupport.comparable(expected.get(expected.size() - 1).get("response")));
  }
}
