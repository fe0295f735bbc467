package dev.llmrouter.adapters.codec.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.stream.ChatResponseAccumulator;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The matrix's comparisons for tests outside this package (the router-level matrix): bodies against
 * the golden fixtures under the compare rules and the named lossy items, streams against their
 * grammar and against the whole translation. Takes and returns no Jackson type.
 */
public final class MatrixAssertions {
  private MatrixAssertions() {}

  /** The client's request body of a case, as it sends it (streaming form when {@code stream}). */
  public static byte[] clientBody(Format client, String caseFile, boolean stream) {
    ObjectNode body = (ObjectNode) Fixtures.json(client.file(caseFile + ".request.json")).deepCopy();
    if (stream && client != Format.GEMINI) {
      body.put("stream", true);
      if (client == Format.CHAT) {
        body.putObject("stream_options").put("include_usage", true);
      }
    } else if (!stream) {
      body.remove(List.of("stream", "stream_options"));
    }
    return JsonSupport.writeBytes(body);
  }

  /** The model a body names, or {@code null} (Gemini bodies name none). */
  public static String modelOf(byte[] body) {
    JsonNode model = JsonSupport.MAPPER.readTree(body).get("model");
    return model == null ? null : model.asString();
  }

  /** A whole answer the client got equals its fixture of {@code caseFile}, but for the named lossy items. */
  public static void assertWholeResponseMatches(String caseFile, Format client, Format upstream, byte[] body) {
    Scenario scenario = new Scenario(Scenario.Kind.RESPONSE, caseFile, upstream, client);
    boolean opaque = client != upstream;
    assertMatches(scenario,
        JsonCompare.response(client, Fixtures.json(client.file(caseFile + ".response.json")), opaque),
        JsonCompare.response(client, JsonSupport.MAPPER.readTree(body), opaque));
  }

  /** An error envelope the client got equals its fixture of {@code caseFile} (08), but for the named lossy items. */
  public static void assertErrorMatches(Format client, Format upstream, byte[] body) {
    assertMatches(new Scenario(Scenario.Kind.ERROR, "08-error-rate-limit", upstream, client),
        errorEnvelope(Fixtures.json(client.file("08-error-rate-limit.response.json")), client != upstream),
        errorEnvelope(JsonSupport.MAPPER.readTree(body), client != upstream));
  }

  /**
   * A streamed answer the client got obeys its grammar and reassembles, decoded by the client's codec,
   * to the same answer as the whole translation of the upstream's fixture.
   */
  public static void assertStreamMatches(
      String caseFile, Format client, Format upstream, ChatRequest clientRequest, List<SseEvent> events) {
    client.validateStream(events, clientRequest);
    ChatResponse reassembled = accumulate(client, events);
    ChatRequest whole = client.codec().decodeRequest(Fixtures.bytes(client.file(caseFile + ".request.json")));
    ChatResponse upstreamAnswer = upstream.codec().decodeResponse(Fixtures.bytes(upstream.file(caseFile + ".response.json")));
    ChatResponse expected = client.codec().decodeResponse(client.codec().encodeResponse(upstreamAnswer, whole));
    assertThat(comparable(reassembled.content())).isEqualTo(comparable(expected.content()));
    assertThat(reassembled.stopReason().kind()).isEqualTo(expected.stopReason().kind());
    assertThat(reassembled.usage()).isEqualTo(expected.usage());
  }

  /**
   * A stream that failed after its first byte (09) obeys the client's grammar and ends with the client's
   * in-band error, the text before it kept.
   */
  public static void assertInBandError(Format client, ChatRequest clientRequest, List<SseEvent> events) {
    client.validateStream(events, clientRequest);
    List<StreamEvent> decoded = decode(client, events);
    assertThat(decoded.get(decoded.size() - 1)).isInstanceOf(StreamEvent.StreamError.class);
    ChatResponseAccumulator accumulator = new ChatResponseAccumulator();
    decoded.forEach(accumulator::accept);
    assertThat(accumulator.toResponse().text()).isEqualTo("Hello");
  }

  /** The SSE events of a body as a client's parser reads them. */
  public static List<SseEvent> parse(byte[] sse) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser();
    parser.feed(sse, events::add);
    parser.finish(events::add);
    return events;
  }

  /** The canonical answer in a client's stream. */
  public static ChatResponse accumulate(Format format, List<SseEvent> events) {
    ChatResponseAccumulator accumulator = new ChatResponseAccumulator();
    decode(format, events).forEach(accumulator::accept);
    return accumulator.toResponse();
  }

  /** The upstream's answer of a case, whole, as its codec decodes it. */
  public static ChatResponse upstreamAnswer(Format upstream, String caseFile) {
    return upstream.codec().decodeResponse(Fixtures.bytes(upstream.file(caseFile + ".response.json")));
  }

  /** The response headers of a format's fixture of a case, from the manifest. */
  public static Function<String, String> manifestHeaders(String caseId, Format format) {
    for (JsonNode testCase : Fixtures.json("manifest.json").path("cases")) {
      if (testCase.path("id").asString("").equals(caseId)) {
        JsonNode headers = testCase.path("files").path(format.dir()).path("response_headers");
        return name -> headers.path(name).asString(null);
      }
    }
    throw new IllegalArgumentException(caseId);
  }

  /** The header names of a format's fixture of a case, from the manifest. */
  public static List<String> manifestHeaderNames(String caseId, Format format) {
    for (JsonNode testCase : Fixtures.json("manifest.json").path("cases")) {
      if (testCase.path("id").asString("").equals(caseId)) {
        return List.copyOf(testCase.path("files").path(format.dir()).path("response_headers").propertyNames());
      }
    }
    throw new IllegalArgumentException(caseId);
  }

  private static List<StreamEvent> decode(Format format, List<SseEvent> events) {
    StreamDecoder decoder = format.codec().newStreamDecoder();
    List<StreamEvent> out = new ArrayList<>();
    events.forEach(e -> decoder.decode(e, out::add));
    decoder.finish(out::add);
    return out;
  }

  static void assertMatches(Scenario scenario, ObjectNode expected, ObjectNode actual) {
    List<String> unused = Lossy.apply(scenario, expected, actual);
    List<String> differences = JsonCompare.diff(expected, actual);
    assertThat(differences)
        .as("%s: differences not covered by a documented lossy item %s%nexpected: %s%nactual:   %s",
            scenario, Lossy.namesFor(scenario), expected, actual)
        .isEmpty();
    assertThat(unused).as("%s: lossy items that apply here but excused nothing", scenario).isEmpty();
  }

  /**
   * An error envelope as compared: the request id is per response; the message is the upstream's own
   * prose, which differs between providers, so it is compared only within one protocol.
   */
  static ObjectNode errorEnvelope(JsonNode envelope, boolean foreign) {
    ObjectNode copy = (ObjectNode) envelope.deepCopy();
    copy.remove("request_id");
    if (foreign) {
      JsonCompare.remove(copy, "error.message");
      JsonCompare.remove(copy, "message");
    }
    return copy;
  }

  /**
   * Blocks as compared: tool arguments as parsed JSON; reasoning carried in a router envelope as the
   * block it carries (a whole-response decoder opens envelopes, a stream decoder cannot without
   * buffering: it has announced the block before the signature arrives).
   */
  static List<ContentBlock> comparable(List<ContentBlock> content) {
    List<ContentBlock> blocks = new ArrayList<>();
    for (ContentBlock block : content) {
      ReasoningBlock carried = block instanceof ReasoningBlock r ? ReasoningEnvelope.unwrap(r.signature()) : null;
      if (carried != null) {
        blocks.add(carried);
        continue;
      }
      JsonNode arguments = block instanceof ToolCallBlock call ? JsonSupport.parseOrNull(call.arguments()) : null;
      if (arguments != null) {
        ToolCallBlock call = (ToolCallBlock) block;
        blocks.add(new ToolCallBlock(call.id(), call.name(), JsonSupport.write(arguments), call.cacheControl(),
            call.extras()));
      } else {
        blocks.add(block);
      }
    }
    return blocks;
  }
}
