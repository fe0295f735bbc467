package dev.llmrouter.adapters.codec.responses;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.testing.CodecStreams;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Stream plumbing and comparison helpers for the Responses codec tests. */
final class StreamSupport {
  static final OpenAiResponsesCodec CODEC = new OpenAiResponsesCodec();

  private StreamSupport() {}

  static List<SseEvent> parse(String text, int chunk) {
    return CodecStreams.parse(text.getBytes(StandardCharsets.UTF_8), chunk);
  }

  static List<StreamEvent> decode(List<SseEvent> events) {
    return CodecStreams.decode(CODEC, events);
  }

  static ChatResponse accumulate(List<StreamEvent> events) {
    return CodecStreams.accumulate(events);
  }

  static List<SseEvent> encode(List<StreamEvent> events, ChatRequest request) {
    return CodecStreams.encode(CODEC, request, events);
  }

  static JsonNode json(byte[] bytes) {
    return JsonSupport.MAPPER.readTree(bytes);
  }

  /** The part of a response the fixture compare rules look at: status, output without item ids, usage, error. */
  static JsonNode comparable(JsonNode response) {
    ObjectNode kept = JsonSupport.NODES.objectNode();
    for (String field : List.of("status", "usage", "error", "incomplete_details")) {
      kept.set(field, response.get(field));
    }
    ArrayNode output = kept.putArray("output");
    for (JsonNode item : response.get("output")) {
      output.add(((ObjectNode) item.deepCopy()).without("id"));
    }
    return kept;
  }

  /** The JSON of each event's data (for comparing streams after a round trip through text). */
  static List<JsonNode> data(List<SseEvent> events) {
    List<JsonNode> nodes = new ArrayList<>();
    for (SseEvent event : events) {
      nodes.add(JsonSupport.MAPPER.readTree(event.data()));
    }
    return nodes;
  }
}
