package dev.llmrouter.benchmarks;

import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The bodies every benchmark uses, one set per wire format, copied from the golden fixtures
 * ({@code shared/protocols/fixtures/<format>/}) so that the benchmark jar runs anywhere:
 *
 * <ul>
 *   <li>{@code request.json}: case 04 {@code tool-result} (system prompt, a user turn, an assistant
 *       turn with a tool call, the tool result, one tool with a JSON Schema), 1.5–2 KB;
 *   <li>{@code reply.json}: case 03 {@code tool-call} (text and one tool call, usage), 0.7–2.4 KB;
 *   <li>{@code reply.sse}: case 03 streamed, byte-exact (3 to 16 events).
 * </ul>
 *
 * Bodies are the fixtures' pretty-printed JSON; the whitespace is cheap to skip and brings the
 * request to the ~2 KB the issue asks for.
 */
public final class Payloads {
  private static final Map<WireFormat, Payloads> ALL = new EnumMap<>(WireFormat.class);

  static {
    for (WireFormat format : WireFormat.values()) {
      ALL.put(format, new Payloads(format));
    }
  }

  private final WireFormat format;
  private final byte[] request;
  private final byte[] streamingRequest;
  private final byte[] reply;
  private final byte[] replySse;
  private final List<SseEvent> replyEvents;
  private final List<byte[]> replyChunks;

  private Payloads(WireFormat format) {
    this.format = format;
    this.request = resource(format, "request.json");
    this.streamingRequest = withStreamSwitch(format, request);
    this.reply = resource(format, "reply.json");
    this.replySse = resource(format, "reply.sse");
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser();
    parser.feed(replySse, events::add);
    parser.finish(events::add);
    this.replyEvents = List.copyOf(events);
    this.replyChunks = splitAfterBlankLines(replySse);
  }

  public static Payloads of(WireFormat format) {
    return ALL.get(format);
  }

  /** The client's request body, non-streaming. */
  public byte[] request() {
    return request;
  }

  /** The upstream's whole answer in this format. */
  public byte[] reply() {
    return reply;
  }

  /** The upstream's streamed answer, as it comes off the wire. */
  public byte[] replySse() {
    return replySse;
  }

  /** The streamed answer split into events, as the SSE parser hands them to a decoder. */
  public List<SseEvent> replyEvents() {
    return replyEvents;
  }

  /** The streamed answer as an upstream writes it: one chunk per event, each ending with its blank line. */
  public List<byte[]> replyChunks() {
    return replyChunks;
  }

  /** The model the fixtures of this format ask for. */
  public String model() {
    switch (format) {
      case ANTHROPIC_MESSAGES:
        return "claude-sonnet-4-6";
      case GEMINI:
        return "gemini-2.5-flash";
      default:
        return "gpt-5.4-mini";
    }
  }

  /**
   * The request as a client of this format sends it, with the headers its SDK sets (none is a
   * credential: keys are the proxy's business, not the router's).
   */
  public NativeRequest nativeRequest(boolean stream) {
    NativeRequest.Builder b = NativeRequest.builder(format, stream ? streamingRequest : request)
        .header("content-type", "application/json")
        .header("user-agent", "llmrouter-benchmarks");
    if (format == WireFormat.ANTHROPIC_MESSAGES) {
      b.header("anthropic-version", "2023-06-01");
    }
    if (format == WireFormat.GEMINI) {
      // Gemini names the model and the streaming switch in the URL
      b.model(model()).stream(stream);
    }
    return b.build();
  }

  /** Gemini streams by URL; the others add {@code "stream": true} (Chat also asks for usage). */
  private static byte[] withStreamSwitch(WireFormat format, byte[] body) {
    if (format == WireFormat.GEMINI) {
      return body;
    }
    String fields = format == WireFormat.OPENAI_CHAT
        ? "\"stream\": true, \"stream_options\": {\"include_usage\": true}, "
        : "\"stream\": true, ";
    String text = new String(body, StandardCharsets.UTF_8);
    int brace = text.indexOf('{');
    return (text.substring(0, brace + 1) + fields + text.substring(brace + 1))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static List<byte[]> splitAfterBlankLines(byte[] sse) {
    List<byte[]> chunks = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < sse.length; i++) {
      if (sse[i] == '\n' && (sse[i - 1] == '\n' || (i >= 3 && sse[i - 1] == '\r' && sse[i - 2] == '\n'))) {
        chunks.add(Arrays.copyOfRange(sse, start, i + 1));
        start = i + 1;
      }
    }
    if (start < sse.length) {
      chunks.add(Arrays.copyOfRange(sse, start, sse.length));
    }
    return List.copyOf(chunks);
  }

  private static byte[] resource(WireFormat format, String name) {
    String path = "/payloads/" + format.id() + "/" + name;
    try (InputStream in = Payloads.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing benchmark payload " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
