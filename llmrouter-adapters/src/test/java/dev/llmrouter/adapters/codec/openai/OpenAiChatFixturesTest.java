package dev.llmrouter.adapters.codec.openai;

import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.accumulate;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.assertSameJson;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.decode;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.encode;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.json;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.parse;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.withoutExtras;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.stream.StreamEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The golden fixtures of {@code shared/protocols/fixtures/openai-chat/}, through every path of the codec. */
class OpenAiChatFixturesTest {
  private static final String DIR = "openai-chat/";

  static Stream<String> requestFiles() throws IOException {
    return files(".request.json");
  }

  static Stream<String> responseFiles() throws IOException {
    return files(".response.json").filter(name -> !name.startsWith("08-"));
  }

  static Stream<String> streamCases() throws IOException {
    return files(".response.sse").filter(name -> !name.startsWith("09-")).map(name -> name.substring(0, name.indexOf('.')));
  }

  private static Stream<String> files(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(Fixtures.fixture(DIR))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("requestFiles")
  void requestDecodesAndEncodesBackToTheFixture(String file) {
    byte[] body = Fixtures.bytes(DIR + file);
    ChatRequest request = CODEC.decodeRequest(body);

    assertSameJson(json(CODEC.encodeRequest(request, request.stream())), json(body));
  }

  @ParameterizedTest
  @MethodSource("responseFiles")
  void responseDecodesAndEncodesBackToTheFixture(String file) {
    byte[] body = Fixtures.bytes(DIR + file);
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes(DIR + requestFileFor(file)));

    assertSameJson(json(CODEC.encodeResponse(CODEC.decodeResponse(body), request)), json(body));
  }

  private static String requestFileFor(String responseFile) {
    return responseFile.replace(".response.json", ".request.json");
  }

  @ParameterizedTest
  @MethodSource("streamCases")
  void streamReassemblesIntoTheNonStreamingResponseWhateverTheReadSize(String id) {
    ChatResponse expected = withoutExtras(CODEC.decodeResponse(Fixtures.bytes(DIR + id + ".response.json")));
    byte[] sse = Fixtures.bytes(DIR + id + ".response.sse");

    for (int readSize : new int[] {1, 3, 7, sse.length}) {
      List<StreamEvent> events = decode(parse(sse, readSize));
      assertThat(events.get(0)).isInstanceOf(StreamEvent.MessageStart.class);
      assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
      assertThat(accumulate(events)).as("read size %d", readSize).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("streamCases")
  void reEncodedStreamFollowsTheGrammarAndMatchesTheFixtureChunks(String id) {
    List<SseEvent> fixture = Fixtures.sse(DIR + id + ".response.sse");
    List<StreamEvent> events = decode(fixture);

    List<SseEvent> encoded = encode(CODEC.newStreamEncoder(streamingRequest(id, true)), events);

    OpenAiChatStreamGrammar.validate(encoded, true);
    assertThat(encoded).hasSameSizeAs(fixture);
    for (int i = 0; i < fixture.size(); i++) {
      assertSameJson(withoutEchoes(encoded.get(i)), withoutEchoes(fixture.get(i)));
    }
    assertThat(accumulate(decode(encoded))).isEqualTo(accumulate(events));
  }

  @ParameterizedTest
  @MethodSource("streamCases")
  void reEncodedStreamHasNoUsageChunkWhenTheClientDidNotAskForIt(String id) {
    List<SseEvent> encoded =
        encode(CODEC.newStreamEncoder(streamingRequest(id, false)), decode(Fixtures.sse(DIR + id + ".response.sse")));

    OpenAiChatStreamGrammar.validate(encoded, false);
    assertThat(encoded).noneMatch(e -> e.data().contains("\"usage\""));
  }

  /** The fixture's request as the manifest says it is streamed, with or without {@code include_usage}. */
  private static ChatRequest streamingRequest(String id, boolean includeUsage) {
    ObjectNode body = (ObjectNode) Fixtures.json(DIR + id + ".request.json");
    body.put("stream", true);
    if (includeUsage) {
      body.putObject("stream_options").put("include_usage", true);
    }
    return CODEC.decodeRequest(JsonSupport.writeBytes(body));
  }

  /** A chunk without the fields the compare rules ignore (ids, timestamps, model, echoes). */
  private static JsonNode withoutEchoes(SseEvent event) {
    JsonNode node = JsonSupport.parseOrNull(event.data());
    if (node instanceof ObjectNode object) {
      object.remove(List.of("id", "created", "model", "service_tier", "system_fingerprint"));
      return object;
    }
    return JsonSupport.NODES.stringNode(event.data());
  }

  @Test
  void rateLimitErrorDecodesWithItsRetryAfterAndEncodesBackToTheSameEnvelope() {
    JsonNode http = manifestEntry("08-error-rate-limit");
    byte[] body = Fixtures.bytes(DIR + "08-error-rate-limit.response.json");

    LlmException error = CODEC.decodeError(
        http.get("status").intValue(), name -> header(http.get("response_headers"), name), body);

    assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(error.upstreamStatus()).isEqualTo(429);
    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(error.upstreamType()).isEqualTo("requests");
    assertThat(error.upstreamCode()).isEqualTo("rate_limit_exceeded");
    assertThat(error.getMessage()).startsWith("Rate limit reached for gpt-5.4-mini");

    EncodedError encoded = CODEC.encodeError(error);
    assertThat(encoded.status()).isEqualTo(429);
    assertThat(encoded.headers()).containsEntry("retry-after", "20");
    assertSameJson(json(encoded.body()), json(body));
  }

  @Test
  void rateLimitRetryAfterComesFromTheMessageWhenTheHeaderIsMissing() {
    LlmException error = CODEC.decodeError(429, name -> null, Fixtures.bytes(DIR + "08-error-rate-limit.response.json"));

    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(20));
  }

  private static JsonNode manifestEntry(String caseId) {
    for (JsonNode entry : Fixtures.json("manifest.json").get("cases")) {
      if (caseId.equals(entry.get("id").stringValue())) {
        return entry.get("files").get("openai-chat");
      }
    }
    throw new AssertionError("no case " + caseId);
  }

  private static String header(JsonNode headers, String name) {
    JsonNode value = headers.get(name.toLowerCase(Locale.ROOT));
    return value == null ? null : value.stringValue();
  }

  @Test
  void streamErrorBecomesAStreamErrorAndIsReEncodedAsTheSameErrorChunkWithoutDone() {
    List<SseEvent> fixture = Fixtures.sse(DIR + "09-stream-error.response.sse");

    List<StreamEvent> events = decode(fixture);

    assertThat(events).hasSize(4);
    assertThat(events.get(2)).isEqualTo(new StreamEvent.TextDelta(0, "Hello"));
    StreamEvent.StreamError error = (StreamEvent.StreamError) events.get(3);
    assertThat(error.error().kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(error.error().getMessage()).isEqualTo("The server is overloaded. Please retry your request.");

    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes(DIR + "09-stream-error.request.json"));
    List<SseEvent> encoded = encode(CODEC.newStreamEncoder(request), events);
    OpenAiChatStreamGrammar.validate(encoded, true);
    assertThat(encoded).noneMatch(e -> e.data().equals("[DONE]"));
    assertSameJson(json(encoded.get(encoded.size() - 1).data()), json(fixture.get(fixture.size() - 1).data()));
  }
}
