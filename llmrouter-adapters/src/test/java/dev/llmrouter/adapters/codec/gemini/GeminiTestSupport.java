package dev.llmrouter.adapters.codec.gemini;

import static org.assertj.core.api.Assertions.fail;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.adapters.sse.SseWriter;
import dev.llmrouter.adapters.testing.CodecStreams;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Shared helpers of the Gemini codec tests: JSON comparison and stream plumbing. */
final class GeminiTestSupport {
  static final GeminiCodec CODEC = new GeminiCodec();

  private GeminiTestSupport() {}

  static JsonNode json(String text) {
    return JsonSupport.MAPPER.readTree(text);
  }

  static JsonNode json(byte[] bytes) {
    return JsonSupport.MAPPER.readTree(bytes);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Equal as JSON trees; numbers compare by value ({@code 1} equals {@code 1.0}). */
  static void assertJsonEquals(JsonNode expected, JsonNode actual) {
    String difference = difference("$", expected, actual, Set.of());
    if (difference != null) {
      fail(difference + "\nexpected: " + expected.toPrettyString() + "\nactual:   " + actual.toPrettyString());
    }
  }

  /**
   * Everything in {@code expected} is in {@code actual} with the same value; {@code actual} may have more
   * object fields only among {@code allowedExtraFields}.
   */
  static void assertJsonContains(JsonNode expected, JsonNode actual, Set<String> allowedExtraFields) {
    String difference = difference("$", expected, actual, allowedExtraFields);
    if (difference != null) {
      fail(difference);
    }
  }

  private static String difference(String path, JsonNode e, JsonNode a, Set<String> extraAllowed) {
    if (a == null) {
      return path + ": missing";
    }
    if (e.isNumber() && a.isNumber()) {
      return e.decimalValue().compareTo(a.decimalValue()) == 0 ? null : path + ": " + e + " != " + a;
    }
    if (e.isObject()) {
      if (!a.isObject()) {
        return path + ": expected an object, got " + a;
      }
      Set<String> extra = new TreeSet<>(a.propertyNames());
      extra.removeAll(e.propertyNames());
      extra.removeAll(extraAllowed);
      if (!extra.isEmpty()) {
        return path + ": unexpected fields " + extra;
      }
      for (Map.Entry<String, JsonNode> field : e.properties()) {
        String d = difference(path + "." + field.getKey(), field.getValue(), a.get(field.getKey()), extraAllowed);
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (e.isArray()) {
      if (!a.isArray() || a.size() != e.size()) {
        return path + ": expected " + e.size() + " items, got " + a;
      }
      for (int i = 0; i < e.size(); i++) {
        String d = difference(path + "[" + i + "]", e.get(i), a.get(i), extraAllowed);
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    return e.equals(a) ? null : path + ": " + e + " != " + a;
  }

  /** Feeds SSE bytes through {@link SseParser} in chunks of {@code chunkSize} bytes and a fresh decoder. */
  static List<StreamEvent> decodeSse(byte[] sse, int chunkSize) {
    return CodecStreams.decode(CODEC, CodecStreams.parse(sse, chunkSize));
  }

  static List<StreamEvent> decode(List<SseEvent> sse) {
    return CodecStreams.decode(CODEC, sse);
  }

  static List<SseEvent> encode(List<StreamEvent> events, ChatRequest request) {
    return CodecStreams.encode(CODEC, request, events);
  }

  /** The bytes a client receives for these events. */
  static byte[] wire(List<SseEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (SseEvent event : events) {
      sb.append(SseWriter.toText(event));
    }
    return bytes(sb.toString());
  }

  static ChatResponse accumulate(List<StreamEvent> events) {
    return CodecStreams.accumulate(events);
  }

  /** A response without its top-level extras, which a stream does not carry. */
  static ChatResponse withoutExtras(ChatResponse response) {
    return response.toBuilder().extras(ProviderFields.EMPTY).build();
  }

  /** Events of one type, in order. */
  static <T extends StreamEvent> List<T> ofType(List<StreamEvent> events, Class<T> type) {
    List<T> result = new ArrayList<>();
    for (Iterator<StreamEvent> it = events.iterator(); it.hasNext(); ) {
      StreamEvent event = it.next();
      if (type.isInstance(event)) {
        result.add(type.cast(event));
      }
    }
    return result;
  }
}
