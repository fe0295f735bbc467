package dev.llmrouter.adapters.codec.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.adapters.sse.SseWriter;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.ChatResponseAccumulator;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The 4×4 translation matrix over the golden fixtures: for every case and every ordered pair of
 * formats (same-format pairs included), the request of one format translated into another equals
 * that format's fixture, and so do responses, streams and errors translated the other way, under the
 * fixtures' compare rules ({@link JsonCompare}) and the documented lossy items ({@link Lossy}), each
 * a named exception.
 */
class TranslationMatrixTest {
  /** Request files present in all four folders (the Gemini-only {@code parameters} variant aside). */
  private static final List<String> REQUEST_CASES = List.of(
      "01-simple-text", "02-system-multiturn", "03-tool-call", "04-tool-result", "05-parallel-tool-calls",
      "05-parallel-tool-calls.followup", "06-image-input", "06-image-input.url", "07-thinking",
      "08-error-rate-limit", "09-stream-error", "10-thinking-tool-roundtrip", "11-tool-schema-sanitize");

  private static final List<String> RESPONSE_CASES = List.of(
      "01-simple-text", "02-system-multiturn", "03-tool-call", "04-tool-result", "05-parallel-tool-calls",
      "05-parallel-tool-calls.followup", "06-image-input", "07-thinking", "10-thinking-tool-roundtrip");

  private static final List<String> STREAM_CASES = List.of(
      "01-simple-text", "02-system-multiturn", "03-tool-call", "04-tool-result", "05-parallel-tool-calls",
      "06-image-input", "07-thinking");

  static Stream<Arguments> requests() {
    return cells(REQUEST_CASES);
  }

  static Stream<Arguments> responses() {
    return cells(RESPONSE_CASES);
  }

  static Stream<Arguments> streams() {
    return cells(STREAM_CASES);
  }

  static Stream<Arguments> pairs() {
    List<Arguments> out = new ArrayList<>();
    for (Format client : Format.values()) {
      for (Format upstream : Format.values()) {
        out.add(Arguments.of(client, upstream));
      }
    }
    return out.stream();
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

  /** (a) The client's request, decoded by its codec and encoded by the upstream's, is the upstream's fixture. */
  @ParameterizedTest(name = "{0}: {1} client -> {2} upstream")
  @MethodSource("requests")
  void requestTranslatesToTheUpstreamsFixture(String caseFile, Format client, Format upstream) {
    Scenario scenario = new Scenario(Scenario.Kind.REQUEST, caseFile, client, upstream);
    ChatRequest decoded = client.codec().decodeRequest(Fixtures.bytes(client.file(caseFile + ".request.json")));
    boolean stream = decoded.stream() || caseFile.startsWith("09-"); // Gemini's switch is the path
    // as the router does: the upstream is asked for its own model
    ChatRequest routed = decoded.toBuilder().model(upstream.fixtureModel()).build();
    JsonNode encoded = JsonSupport.MAPPER.readTree(upstream.codec().encodeRequest(routed, stream));

    boolean opaque = !scenario.sameFormat();
    MatrixAssertions.assertMatches(scenario,
        JsonCompare.request(Fixtures.json(upstream.file(caseFile + ".request.json")), opaque),
        JsonCompare.request(encoded, opaque));
  }

  /** (b) The upstream's response, decoded by its codec and encoded by the client's, is the client's fixture. */
  @ParameterizedTest(name = "{0}: {1} client <- {2} upstream")
  @MethodSource("responses")
  void responseTranslatesToTheClientsFixture(String caseFile, Format client, Format upstream) {
    Scenario scenario = new Scenario(Scenario.Kind.RESPONSE, caseFile, upstream, client);
    ChatRequest request = client.codec().decodeRequest(Fixtures.bytes(client.file(caseFile + ".request.json")));
    ChatResponse response = upstream.codec().decodeResponse(Fixtures.bytes(upstream.file(caseFile + ".response.json")));
    JsonNode encoded = JsonSupport.MAPPER.readTree(client.codec().encodeResponse(response, request));

    boolean opaque = !scenario.sameFormat();
    MatrixAssertions.assertMatches(scenario,
        JsonCompare.response(client, Fixtures.json(client.file(caseFile + ".response.json")), opaque),
        JsonCompare.response(client, encoded, opaque));
  }

  /**
   * (c) The upstream's stream, decoded event by event and fed to the client's stream encoder, obeys the
   * client format's grammar and, decoded by the client's codec, reassembles to the same answer as the
   * whole response translated in (b) (which is the client's fixture, modulo the named lossy items).
   */
  @ParameterizedTest(name = "{0}: {1} client <- {2} upstream")
  @MethodSource("streams")
  void streamTranslatesEventByEventAndReassemblesToTheWholeTranslation(
      String caseFile, Format client, Format upstream) {
    ChatRequest streaming = client.streamingRequest(caseFile + ".request.json");
    List<SseEvent> written = translateStream(upstream, client, streaming, caseFile + ".response.sse");

    client.validateStream(written, streaming);
    ChatResponse reassembled = accumulate(decode(client, reparse(written)));
    assertThat(reassembled.usage().estimated()).as("final usage is the upstream's, not an estimate").isFalse();

    ChatRequest request = client.codec().decodeRequest(Fixtures.bytes(client.file(caseFile + ".request.json")));
    ChatResponse upstreamWhole = upstream.codec().decodeResponse(Fixtures.bytes(upstream.file(caseFile + ".response.json")));
    ChatResponse whole = client.codec().decodeResponse(client.codec().encodeResponse(upstreamWhole, request));
    assertSameAnswer(reassembled, whole);
  }

  /** (d) Case 08: an upstream 429 reaches the client as its own rate-limit error, retry-after kept. */
  @ParameterizedTest(name = "{0} client <- {1} upstream")
  @MethodSource("pairs")
  void rateLimitErrorMapsAcrossThePair(Format client, Format upstream) {
    JsonNode upstreamFiles = manifestFiles("08-error-rate-limit", upstream);
    JsonNode headers = upstreamFiles.path("response_headers");
    LlmException error = upstream.codec().decodeError(upstreamFiles.path("status").asInt(),
        name -> headers.path(name.toLowerCase(Locale.ROOT)).asString(null),
        Fixtures.bytes(upstream.file("08-error-rate-limit.response.json")));

    assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(20));

    EncodedError encoded = client.codec().encodeError(error);
    JsonNode clientFiles = manifestFiles("08-error-rate-limit", client);
    assertThat(encoded.status()).isEqualTo(clientFiles.path("status").asInt());
    String retryAfter = clientFiles.path("response_headers").path("retry-after").asString(null);
    if (retryAfter != null) {
      assertThat(encoded.headers()).containsEntry("retry-after", retryAfter);
    }
    MatrixAssertions.assertMatches(new Scenario(Scenario.Kind.ERROR, "08-error-rate-limit", upstream, client),
        MatrixAssertions.errorEnvelope(Fixtures.json(client.file("08-error-rate-limit.response.json")), client != upstream),
        MatrixAssertions.errorEnvelope(JsonSupport.MAPPER.readTree(encoded.body()), client != upstream));
  }

  /** (d) Case 09: a failure after the first byte ends the client's stream with its in-band error. */
  @ParameterizedTest(name = "{0} client <- {1} upstream")
  @MethodSource("pairs")
  void streamErrorBecomesTheClientsInBandError(Format client, Format upstream) {
    ChatRequest streaming = client.streamingRequest("09-stream-error.request.json");
    List<SseEvent> written = translateStream(upstream, client, streaming, "09-stream-error.response.sse");

    client.validateStream(written, streaming);
    List<StreamEvent> upstreamEvents = decode(upstream, Fixtures.sse(upstream.file("09-stream-error.response.sse")));
    ErrorKind upstreamKind = ((StreamEvent.StreamError) upstreamEvents.get(upstreamEvents.size() - 1)).error().kind();
    List<StreamEvent> back = decode(client, reparse(written));
    StreamEvent last = back.get(back.size() - 1);
    assertThat(last).isInstanceOf(StreamEvent.StreamError.class);
    assertThat(((StreamEvent.StreamError) last).error().kind()).as("the upstream's error kind").isEqualTo(upstreamKind);
    assertThat(accumulate(back).text()).isEqualTo("Hello");

    List<SseEvent> fixture = Fixtures.sse(client.file("09-stream-error.response.sse"));
    MatrixAssertions.assertMatches(new Scenario(Scenario.Kind.ERROR, "09-stream-error", upstream, client),
        MatrixAssertions.errorEnvelope(inBandError(client, fixture), client != upstream),
        MatrixAssertions.errorEnvelope(inBandError(client, written), client != upstream));
  }

  // ---------------------------------------------------------------- plumbing

  /** Same answer: blocks (tool arguments as parsed JSON), stop reason, usage; ids, model and response extras aside. */
  private static void assertSameAnswer(ChatResponse actual, ChatResponse expected) {
    assertThat(MatrixAssertions.comparable(actual.content())).isEqualTo(MatrixAssertions.comparable(expected.content()));
    assertThat(actual.stopReason().kind()).isEqualTo(expected.stopReason().kind());
    assertThat(actual.stopSequence()).isEqualTo(expected.stopSequence());
    assertThat(actual.usage()).isEqualTo(expected.usage());
  }

  private static List<SseEvent> translateStream(Format upstream, Format client, ChatRequest request, String sseFile) {
    StreamDecoder decoder = upstream.codec().newStreamDecoder();
    StreamEncoder encoder = client.codec().newStreamEncoder(request);
    List<SseEvent> written = new ArrayList<>();
    for (SseEvent event : Fixtures.sse(upstream.file(sseFile))) {
      decoder.decode(event, canonical -> encoder.encode(canonical, written::add));
    }
    decoder.finish(canonical -> encoder.encode(canonical, written::add));
    return written;
  }

  /** The events as a client reads them: written to the wire and parsed back. */
  private static List<SseEvent> reparse(List<SseEvent> events) {
    StringBuilder wire = new StringBuilder();
    events.forEach(e -> wire.append(SseWriter.toText(e)));
    List<SseEvent> parsed = new ArrayList<>();
    SseParser parser = new SseParser();
    parser.feed(wire.toString().getBytes(StandardCharsets.UTF_8), parsed::add);
    parser.finish(parsed::add);
    return parsed;
  }

  private static List<StreamEvent> decode(Format format, List<SseEvent> events) {
    StreamDecoder decoder = format.codec().newStreamDecoder();
    List<StreamEvent> out = new ArrayList<>();
    events.forEach(e -> decoder.decode(e, out::add));
    decoder.finish(out::add);
    return out;
  }

  private static ChatResponse accumulate(List<StreamEvent> events) {
    ChatResponseAccumulator accumulator = new ChatResponseAccumulator();
    events.forEach(accumulator::accept);
    return accumulator.toResponse();
  }

  private static JsonNode manifestFiles(String caseId, Format format) {
    for (JsonNode testCase : Fixtures.json("manifest.json").path("cases")) {
      if (testCase.path("id").asString("").equals(caseId)) {
        return testCase.path("files").path(format.dir());
      }
    }
    throw new IllegalArgumentException(caseId);
  }

  /** The JSON of the in-band error that ends a stream of {@code format}. */
  private static JsonNode inBandError(Format format, List<SseEvent> events) {
    JsonNode last = JsonSupport.MAPPER.readTree(events.get(events.size() - 1).data());
    return format == Format.RESPONSES ? last.path("response").path("error") : last;
  }
}
