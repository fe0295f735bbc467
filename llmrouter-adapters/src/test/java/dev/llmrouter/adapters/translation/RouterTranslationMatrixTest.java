package dev.llmrouter.adapters.translation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.ModelField;
import dev.llmrouter.adapters.codec.gemini.GeminiCodec;
import dev.llmrouter.adapters.codec.matrix.Format;
import dev.llmrouter.adapters.codec.matrix.MatrixAssertions;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.core.resilience.RetryConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix through the router's native entry point: for each client format C and upstream format U,
 * an {@link LlmRouter} whose one provider speaks U at a loopback {@link MockWebServer} serving U's
 * fixture answer, and {@code router.handle} given C's request fixture. The upstream must receive a
 * valid U request for the upstream model; the client gets C's format: a whole answer equal to C's
 * fixture (compare rules and named lossy items of the codec matrix), a stream that obeys C's grammar
 * and reassembles to the same answer, C's error envelope and in-band error. A same-format pair is
 * passthrough: the body goes up byte for byte but for the model, and the answer comes back byte for
 * byte, its usage tapped.
 */
class RouterTranslationMatrixTest {
  private static final String CLIENT_MODEL = "client-model";
  private static final List<String> WHOLE_CASES = List.of(
      "01-simple-text", "02-system-multiturn", "03-tool-call", "04-tool-result", "05-parallel-tool-calls",
      "05-parallel-tool-calls.followup", "06-image-input", "07-thinking", "10-thinking-tool-roundtrip");
  private static final List<String> STREAM_CASES = List.of(
      "01-simple-text", "02-system-multiturn", "03-tool-call", "04-tool-result", "05-parallel-tool-calls",
      "06-image-input", "07-thinking");

  @StartStop private final MockWebServer server = new MockWebServer();
  private LlmRouter router;
  private Format upstreamFormat;

  static Stream<Arguments> whole() {
    return cells(WHOLE_CASES);
  }

  static Stream<Arguments> streams() {
    return cells(STREAM_CASES);
  }

  static Stream<Arguments> pairs() {
    return cells(List.of("any")).map(a -> Arguments.of(a.get()[1], a.get()[2]));
  }

  private static Stream<Arguments> cells(List<String> cases) {
    List<Arguments> out = new ArrayList<>();
    for (String caseFile : cases) {
      for (Format client : Format.values()) {
        for (Format upstream : Format.values()) {
          out.add(Arguments.of(caseFile, client, upstream));
        }
      }
    }
    return out.stream();
  }

  @BeforeEach
  void noRouterYet() {
    router = null;
  }

  @AfterEach
  void closeRouter() {
    if (router != null) {
      router.close();
    }
  }

  /** A router whose every model goes to one provider of {@code upstream}'s format at the mock server. */
  private void routeTo(Format upstream) {
    upstreamFormat = upstream;
    String type;
    String base = server.url("/").toString();
    switch (upstream) {
      case ANTHROPIC:
        type = "anthropic";
        break;
      case GEMINI:
        type = "gemini";
        break;
      default:
        type = "openai";
        base = server.url("/v1").toString();
    }
    router = LlmRouter.builder()
        .addProvider(ProviderConfig.builder("up", type).wireFormat(upstream.wire()).baseUrl(base)
            .apiKey(Secret.of("sk-test-upstream-key")).build())
        .route(CLIENT_MODEL, "up", upstream.fixtureModel())
        // one upstream attempt: this matrix is about translation; retries have their own tests
        .retry(RetryConfig.builder().maxAttempts(1).build())
        .build();
  }

  private static NativeRequest clientRequest(Format client, byte[] body, boolean stream) {
    NativeRequest.Builder request = NativeRequest.builder(client.wire(), body).header("content-type", "application/json");
    if (client == Format.GEMINI) {
      request.model(CLIENT_MODEL).stream(stream);
    }
    return request.build();
  }

  private static byte[] clientBody(Format client, String caseFile, boolean stream) {
    byte[] body = MatrixAssertions.clientBody(client, caseFile, stream);
    return client == Format.GEMINI ? body : ModelField.replace(body, CLIENT_MODEL);
  }

  private static ChatRequest decodedClient(Format client, byte[] body, boolean stream) {
    return client == Format.GEMINI
        ? ((GeminiCodec) client.codec()).decodeRequest(body, CLIENT_MODEL, stream)
        : client.codec().decodeRequest(body);
  }

  /** What the upstream received: the path its format and model need, and a body its codec reads. */
  private RecordedRequest assertUpstreamGotAValidRequest(boolean stream) throws InterruptedException {
    RecordedRequest recorded = server.takeRequest();
    String model = upstreamFormat.fixtureModel();
    switch (upstreamFormat) {
      case ANTHROPIC:
        assertThat(recorded.getTarget()).isEqualTo("/v1/messages");
        break;
      case CHAT:
        assertThat(recorded.getTarget()).isEqualTo("/v1/chat/completions");
        break;
      case RESPONSES:
        assertThat(recorded.getTarget()).isEqualTo("/v1/responses");
        break;
      default:
        assertThat(recorded.getTarget()).isEqualTo("/v1beta/models/" + model
            + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent"));
    }
    byte[] body = recorded.getBody().toByteArray();
    ChatRequest decoded = upstreamFormat == Format.GEMINI
        ? ((GeminiCodec) upstreamFormat.codec()).decodeRequest(body, model, stream)
        : upstreamFormat.codec().decodeRequest(body);
    assertThat(decoded.model()).isEqualTo(model);
    assertThat(decoded.stream()).isEqualTo(stream);
    assertThat(decoded.messages()).isNotEmpty();
    return recorded;
  }

  private static byte[] drain(NativeResponse response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] chunk : response.bodyStream()) {
      out.writeBytes(chunk);
    }
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}: {1} client -> {2} upstream")
  @MethodSource("whole")
  void aWholeAnswerReachesTheClientInItsFormat(String caseFile, Format client, Format upstream) throws Exception {
    routeTo(upstream);
    byte[] answer = Fixtures.bytes(upstream.file(caseFile + ".response.json"));
    server.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json").body(
        new String(answer, StandardCharsets.UTF_8)).build());
    byte[] body = clientBody(client, caseFile, false);

    try (NativeResponse response = router.handle(clientRequest(client, body, false))) {
      RecordedRequest upstreamRequest = assertUpstreamGotAValidRequest(false);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.isStream()).isFalse();
      if (client == upstream) {
        assertPassthrough(client, body, upstreamRequest);
        assertThat(response.body()).isEqualTo(answer);
      } else {
        MatrixAssertions.assertWholeResponseMatches(caseFile, client, upstream, response.body());
      }
      assertThat(response.usage()).isEqualTo(MatrixAssertions.upstreamAnswer(upstream, caseFile).usage());
    }
  }

  @ParameterizedTest(name = "{0}: {1} client -> {2} upstream")
  @MethodSource("streams")
  void aStreamReachesTheClientInItsFormat(String caseFile, Format client, Format upstream) throws Exception {
    routeTo(upstream);
    byte[] sse = Fixtures.bytes(upstream.file(caseFile + ".response.sse"));
    server.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream")
        .body(new String(sse, StandardCharsets.UTF_8)).build());
    byte[] body = clientBody(client, caseFile, true);

    try (NativeResponse response = router.handle(clientRequest(client, body, true))) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.isStream()).isTrue();
      byte[] received = drain(response);
      RecordedRequest upstreamRequest = assertUpstreamGotAValidRequest(true);
      List<SseEvent> events = MatrixAssertions.parse(received);
      MatrixAssertions.assertStreamMatches(caseFile, client, upstream, decodedClient(client, body, true), events);
      if (client == upstream) {
        assertPassthrough(client, body, upstreamRequest);
        assertThat(received).isEqualTo(sse);
      }
      // the router accounts what the upstream reported, which may say more than the client's format can
      assertThat(response.usage()).isEqualTo(MatrixAssertions.upstreamAnswer(upstream, caseFile).usage());
    }
  }

  /** Case 08: an upstream 429 before the first byte reaches the client as its own rate-limit error. */
  @ParameterizedTest(name = "{0} client -> {1} upstream")
  @MethodSource("pairs")
  void anUpstreamRateLimitReachesTheClientAsItsOwnError(Format client, Format upstream) throws Exception {
    routeTo(upstream);
    MockResponse.Builder limited = new MockResponse.Builder().code(429)
        .body(Fixtures.text(upstream.file("08-error-rate-limit.response.json")));
    Function<String, String> headers = MatrixAssertions.manifestHeaders("08-error-rate-limit", upstream);
    for (String name : MatrixAssertions.manifestHeaderNames("08-error-rate-limit", upstream)) {
      limited.addHeader(name, headers.apply(name));
    }
    server.enqueue(limited.build());

    try (NativeResponse response = router.handle(clientRequest(client, clientBody(client, "08-error-rate-limit", false), false))) {
      assertUpstreamGotAValidRequest(false);
      assertThat(response.status()).isEqualTo(429);
      Function<String, String> expected = MatrixAssertions.manifestHeaders("08-error-rate-limit", client);
      if (expected.apply("retry-after") != null) {
        assertThat(response.headers()).containsEntry("retry-after", expected.apply("retry-after"));
      }
      MatrixAssertions.assertErrorMatches(client, upstream, response.body());
    }
  }

  /** Case 09: a failure after the first streamed byte ends the client's stream with its in-band error. */
  @ParameterizedTest(name = "{0} client -> {1} upstream")
  @MethodSource("pairs")
  void aStreamThatFailsMidwayEndsWithTheClientsInBandError(Format client, Format upstream) throws Exception {
    routeTo(upstream);
    byte[] sse = Fixtures.bytes(upstream.file("09-stream-error.response.sse"));
    server.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream")
        .body(new String(sse, StandardCharsets.UTF_8)).build());
    byte[] body = clientBody(client, "09-stream-error", true);

    try (NativeResponse response = router.handle(clientRequest(client, body, true))) {
      byte[] received = drain(response);
      assertUpstreamGotAValidRequest(true);
      assertThat(response.status()).isEqualTo(200);
      if (client == upstream) {
        assertThat(received).isEqualTo(sse);
      }
      MatrixAssertions.assertInBandError(client, decodedClient(client, body, true), MatrixAssertions.parse(received));
    }
  }

  /** Same format: the client's bytes went up unchanged but for the model (Gemini: the model is in the path). */
  private static void assertPassthrough(Format format, byte[] clientBody, RecordedRequest upstreamRequest) {
    byte[] expected = format == Format.GEMINI ? clientBody : ModelField.replace(clientBody, format.fixtureModel());
    assertThat(upstreamRequest.getBody().toByteArray()).isEqualTo(expected);
  }
}
