package dev.llmrouter.adapters.codec.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.testing.CodecStreams;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Helpers shared by the Chat codec tests. */
final class ChatTestSupport {
  static final OpenAiChatCodec CODEC = new OpenAiChatCodec();

  /** Numbers compare by value: {@code 1} and {@code 1.0} are the same JSON number. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private ChatTestSupport() {}

  static JsonNode json(String text) {
    return JsonSupport.MAPPER.readTree(text);
  }

  static JsonNode json(byte[] bytes) {
    return JsonSupport.MAPPER.readTree(bytes);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static void assertSameJson(JsonNode actual, JsonNode expected) {
    if (!actual.equals(NUMBERS_BY_VALUE, expected)) {
      assertThat(actual.toPrettyString()).isEqualTo(expected.toPrettyString());
    }
  }

  /** Parses SSE bytes fed in pieces of {@code chunk} bytes, as a network read would deliver them. */
  static List<SseEvent> parse(byte[] sse, int chunk) {
    return CodecStreams.parse(sse, chunk);
  }

  /** Decodes upstream SSE events, including the decoder's {@code finish}. */
  static List<StreamEvent> decode(List<SseEvent> sse) {
    return CodecStreams.decode(CODEC, sse);
  }

  /** Decodes chunks written as {@code data:} payloads. */
  static List<StreamEvent> decodeData(String... payloads) {
    List<SseEvent> sse = new ArrayList<>();
    for (String payload : payloads) {
      sse.add(SseEvent.data(payload));
    }
    return decode(sse);
  }

  static List<SseEvent> encode(StreamEncoder encoder, List<StreamEvent> events) {
    return CodecStreams.encode(encoder, events);
  }

  static ChatResponse accumulate(List<StreamEvent> events) {
    return CodecStreams.accumulate(events);
  }

  /** What a stream can carry: the response without its unmapped fields. */
  static ChatResponse withoutExtras(ChatResponse response) {
    return response.toBuilder().extras(ProviderFields.EMPTY).build();
  }

  /** A chunk as compatible servers write it, with {@code choices[0]} built from {@code choiceJson}. */
  static String chunk(String choiceJson) {
    return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[" + choiceJson + "]}";
  }

  static String deltaChunk(String deltaJson) {
    return chunk("{\"index\":0,\"delta\":" + deltaJson + ",\"finish_reason\":null}");
  }
}
