package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.CODEC;
import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every golden fixture of {@code fixtures/anthropic/}, through the codec in both roles. */
class AnthropicFixturesTest {

  static Stream<String> requestFiles() throws IOException {
    return files(".request.json").filter(f -> !f.startsWith("12-"));
  }

  static Stream<String> responseFiles() throws IOException {
    return files(".response.json").filter(f -> !f.startsWith("08-") && !f.startsWith("12-"));
  }

  static Stream<String> streamCases() throws IOException {
    return files(".response.sse").filter(f -> !f.startsWith("09-")).map(f -> f.substring(0, f.indexOf('.')));
  }

  private static Stream<String> files(String suffix) throws IOException {
    try (Stream<Path> list = Files.list(Fixtures.fixture("anthropic"))) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList().stream();
    }
  }

  private static ChatRequest requestOf(String caseId) {
    return CODEC.decodeRequest(Fixtures.bytes("anthropic/" + caseId + ".request.json"));
  }

  @ParameterizedTest
  @MethodSource("requestFiles")
  void requestDecodesAndReencodesToTheFixture(String file) {
    JsonNode fixture = Fixtures.json("anthropic/" + file);
    ChatRequest request = CODEC.decodeRequest(Fixtures.bytes("anthropic/" + file));

    assertThat(tree(CODEC.encodeRequest(request, request.stream()))).isEqualTo(fixture);
  }

  @ParameterizedTest
  @MethodSource("responseFiles")
  void responseDecodesAndReencodesToTheFixture(String file) {
    JsonNode fixture = Fixtures.json("anthropic/" + file);
    String caseId = file.substring(0, file.indexOf('.'));
    String requestFile = file.replace(".response.json", ".request.json");
    ChatResponse response = CODEC.decodeResponse(Fixtures.bytes("anthropic/" + file));

    assertThat(tree(CODEC.encodeResponse(response, CODEC.decodeRequest(Fixtures.bytes("anthropic/" + requestFile)))))
        .as(caseId)
        .isEqualTo(fixture);
  }

  @ParameterizedTest
  @MethodSource("streamCases")
  void streamDecodedInAnyChunkingAccumulatesToTheWholeResponse(String caseId) {
    ChatResponse whole = CODEC.decodeResponse(Fixtures.bytes("anthropic/" + caseId + ".response.json"));
    byte[] sse = Fixtures.bytes("anthropic/" + caseId + ".response.sse");
    for (int chunk : new int[] {1, 3, 7, sse.length}) {
      List<StreamEvent> events = StreamSupport.decode(StreamSupport.parse(sse, chunk));

      assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
      StreamSupport.assertSameAnswer(StreamSupport.accumulate(events), whole);
    }
  }

  @ParameterizedTest
  @MethodSource("streamCases")
  void reencodedStreamKeepsTheGrammarAndDecodesToTheSameAnswer(String caseId) {
    List<StreamEvent> canonical = StreamSupport.decode(Fixtures.sse("anthropic/" + caseId + ".response.sse"));
    List<SseEvent> reencoded = StreamSupport.encode(requestOf(caseId), canonical);

    AnthropicStreamGrammar.validate(reencoded);
    StreamSupport.assertSameAnswer(
        StreamSupport.accumulate(StreamSupport.decode(reencoded)), StreamSupport.accumulate(canonical));
  }

  /**
   * Anthropic to Anthropic, the re-encoded stream is the fixture itself, but for two things the
   * encoder leaves out on purpose: empty {@code input_json_delta} fragments and the
   * {@code service_tier} echo.
   */
  @ParameterizedTest
  @MethodSource("streamCases")
  void reencodedStreamIsTheFixtureWithoutEmptyFragments(String caseId) {
    List<SseEvent> fixture = Fixtures.sse("anthropic/" + caseId + ".response.sse");
    List<JsonNode> expected = new ArrayList<>();
    for (SseEvent event : fixture) {
      JsonNode data = tree(event.data());
      if (!"".equals(data.path("delta").path("partial_json").asString("x"))) {
        if (data.path("message").path("usage").isObject()) {
          ((ObjectNode) data.path("message").path("usage")).remove("service_tier");
        }
        expected.add(data);
      }
    }
    List<JsonNode> actual = new ArrayList<>();
    for (SseEvent event : StreamSupport.encode(requestOf(caseId), StreamSupport.decode(fixture))) {
      actual.add(tree(event.data()));
    }

    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void rateLimitErrorDecodesWithItsRetryAfterAndReencodesToTheEnvelope() {
    JsonNode files = null;
    for (JsonNode testCase : Fixtures.json("manifest.json").path("cases")) {
      if (testCase.path("id").asString("").equals("08-error-rate-limit")) {
        files = testCase.path("files").path("anthropic");
      }
    }
    assertThat(files.path("status").asInt()).isEqualTo(429);
    JsonNode responseHeaders = files.path("response_headers");
    byte[] body = Fixtures.bytes("anthropic/08-error-rate-limit.response.json");

    LlmException error = CODEC.decodeError(
        429, name -> responseHeaders.path(name.toLowerCase(Locale.ROOT)).asString(null), body);

    assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(error.httpStatus()).isEqualTo(429);
    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(error.upstreamType()).isEqualTo("rate_limit_error");
    assertThat(error.getMessage()).startsWith("This request would exceed your organization's rate limit");

    EncodedError encoded = CODEC.encodeError(error);
    ObjectNode expected = (ObjectNode) tree(body);
    expected.remove("request_id");
    assertThat(encoded.status()).isEqualTo(429);
    assertThat(encoded.headers()).containsEntry("retry-after", "20").containsEntry("content-type", "application/json");
    assertThat(tree(encoded.body())).isEqualTo(expected);
  }

  @Test
  void streamErrorDecodesToAStreamErrorAndReencodesInBand() {
    List<SseEvent> fixture = Fixtures.sse("anthropic/09-stream-error.response.sse");
    List<StreamEvent> events = StreamSupport.decode(fixture);

    assertThat(events).hasSize(4);
    assertThat(events.get(2)).isEqualTo(new StreamEvent.TextDelta(0, "Hello"));
    StreamEvent.StreamError error = (StreamEvent.StreamError) events.get(3);
    assertThat(error.error().kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(error.error().getMessage()).isEqualTo("Overloaded");

    List<SseEvent> reencoded = StreamSupport.encode(requestOf("09-stream-error"), events);
    AnthropicStreamGrammar.validate(reencoded);
    SseEvent last = reencoded.get(reencoded.size() - 1);
    ObjectNode expected = (ObjectNode) tree(fixture.get(fixture.size() - 1).data());
    expected.remove("request_id");
    assertThat(last.event()).isEqualTo("error");
    assertThat(tree(last.data())).isEqualTo(expected);
    assertThat(reencoded).extracting(SseEvent::event)
        .containsExactly("message_start", "content_block_start", "ping", "content_block_delta", "error");
  }

  @Test
  void countTokensRequestAndResponseRoundTrip() {
    byte[] body = Fixtures.bytes("anthropic/12-count-tokens.request.json");
    ChatRequest request = CODEC.decodeCountTokensRequest(body);

    assertThat(request.settings().maxTokens()).isNull();
    assertThat(tree(CODEC.encodeCountTokensRequest(request))).isEqualTo(tree(body));
    byte[] response = Fixtures.bytes("anthropic/12-count-tokens.response.json");
    assertThat(CODEC.decodeCountTokensResponse(response)).isEqualTo(412);
    assertThat(tree(CODEC.encodeCountTokensResponse(412, false))).isEqualTo(tree(response));
    assertThat(tree(CODEC.encodeCountTokensResponse(412, true))).isEqualTo(tree(response));
  }
}
