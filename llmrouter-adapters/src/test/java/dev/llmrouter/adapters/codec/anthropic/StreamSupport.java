package dev.llmrouter.adapters.codec.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.testing.CodecStreams;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Stream plumbing shared by the Anthropic codec tests. */
final class StreamSupport {
  static final AnthropicMessagesCodec CODEC = new AnthropicMessagesCodec();

  private StreamSupport() {}

  static JsonNode tree(byte[] json) {
    return JsonSupport.MAPPER.readTree(json);
  }

  static JsonNode tree(String json) {
    return JsonSupport.MAPPER.readTree(json);
  }

  /** SSE bytes parsed as they would arrive from a socket, {@code chunk} bytes at a time. */
  static List<SseEvent> parse(byte[] bytes, int chunk) {
    return CodecStreams.parse(bytes, chunk);
  }

  /** An upstream's events through a fresh decoder, {@code finish()} included. */
  static List<StreamEvent> decode(List<SseEvent> events) {
    return CodecStreams.decode(CODEC, events);
  }

  static List<SseEvent> encode(ChatRequest request, List<StreamEvent> events) {
    return CodecStreams.encode(CODEC, request, events);
  }

  static ChatResponse accumulate(List<StreamEvent> events) {
    return CodecStreams.accumulate(events);
  }

  /**
   * Same answer: everything a stream can carry (a stream has no place for response-level extras),
   * with tool arguments compared as parsed JSON (streamed fragments keep the upstream's spacing).
   */
  static void assertSameAnswer(ChatResponse actual, ChatResponse expected) {
    assertThat(comparable(actual.content())).isEqualTo(comparable(expected.content()));
    assertThat(actual.stopReason()).isEqualTo(expected.stopReason());
    assertThat(actual.stopSequence()).isEqualTo(expected.stopSequence());
    assertThat(actual.usage()).isEqualTo(expected.usage());
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.model()).isEqualTo(expected.model());
  }

  static List<ContentBlock> comparable(List<ContentBlock> content) {
    List<ContentBlock> blocks = new ArrayList<>();
    for (ContentBlock block : content) {
      if (block instanceof ToolCallBlock call && JsonSupport.parseOrNull(call.arguments()) != null) {
        String compact = JsonSupport.write(JsonSupport.parseOrNull(call.arguments()));
        blocks.add(new ToolCallBlock(call.id(), call.name(), compact, call.cacheControl(), call.extras()));
      } else {
        blocks.add(block);
      }
    }
    return blocks;
  }
}
