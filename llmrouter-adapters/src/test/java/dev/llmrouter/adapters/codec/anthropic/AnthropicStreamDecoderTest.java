package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client side streams: what an Anthropic upstream sends, in canonical events. */
class AnthropicStreamDecoderTest {
  private static final String START =
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"model\":\"claude\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
          + "\"usage\":{\"input_tokens\":12,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}\n\n";
  private static final String STOP = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  private static List<StreamEvent> decode(String sse) {
    return StreamSupport.decode(StreamSupport.parse(sse.getBytes(StandardCharsets.UTF_8), 5));
  }

  private static String event(String json) {
    return "event: " + tree(json).path("type").asString() + "\ndata: " + json + "\n\n";
  }

  @Test
  void aStreamCutBeforeMessageStopEndsWithAConnectionError() {
    List<StreamEvent> events = decode(START
        + event("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
        + event("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}"));

    StreamEvent last = events.get(events.size() - 1);
    assertThat(last).isInstanceOf(StreamEvent.StreamError.class);
    assertThat(((StreamEvent.StreamError) last).error().kind()).isEqualTo(ErrorKind.CONNECTION);
    assertThat(events.get(0)).isEqualTo(new StreamEvent.MessageStart(
        "msg_1", "claude", Usage.builder().inputTokens(12).cacheReadTokens(100).outputTokens(1).build()));
  }

  @Test
  void aCallWithoutArgumentsGetsAnEmptyObject() {
    ChatResponse answer = StreamSupport.accumulate(decode(START
        + event("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"now\",\"input\":{}}}")
        + event("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}")
        + event("{\"type\":\"content_block_stop\",\"index\":0}")
        + event("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":7}}")
        + STOP));

    assertThat(answer.content()).containsExactly(ToolCallBlock.of("toolu_1", "now", "{}"));
    assertThat(answer.usage()).isEqualTo(Usage.builder().inputTokens(12).cacheReadTokens(100).outputTokens(7).build());
    assertThat(answer.stopReason()).isEqualTo(StopReason.of(StopReason.Kind.TOOL_USE, "tool_use"));
  }

  @Test
  void serverToolBlocksArriveWholeAsOpaqueBlocksAtTheirStop() {
    List<StreamEvent> events = decode(START
        + event("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}}")
        + event("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"query\\\": \\\"paris\\\"}\"}}")
        + event("{\"type\":\"content_block_stop\",\"index\":0}")
        + event("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]}}")
        + event("{\"type\":\"content_block_stop\",\"index\":1}")
        + event("{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
        + event("{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"citations_delta\",\"citation\":{}}}")
        + event("{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"Sunny.\"}}")
        + event("{\"type\":\"content_block_stop\",\"index\":2}")
        + event("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}")
        + "event: ping\ndata: {\"type\":\"ping\"}\n\n"
        + STOP);

    ChatResponse answer = StreamSupport.accumulate(events);
    assertThat(answer.content()).hasSize(3);
    assertThat(ContentBlocks.isOpaque(answer.content().get(0))).isTrue();
    assertThat(answer.content().get(2)).isEqualTo(TextBlock.of("Sunny."));
    String reencoded = new String(
        StreamSupport.CODEC.encodeResponse(answer, null), StandardCharsets.UTF_8);
    assertThat(tree(reencoded).path("content").get(0)).isEqualTo(tree(
        "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{\"query\":\"paris\"}}"));
    assertThat(events).filteredOn(e -> e instanceof StreamEvent.BlockStart)
        .extracting(e -> ((StreamEvent.BlockStart) e).index())
        .containsExactly(0, 1, 2);
  }

  @Test
  void anErrorEventMapsItsTypeAndEndsTheStream() {
    List<StreamEvent> events = decode(START
        + event("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}")
        + STOP);

    assertThat(events).hasSize(2);
    StreamEvent.StreamError error = (StreamEvent.StreamError) events.get(1);
    assertThat(error.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(error.error().upstreamType()).isEqualTo("rate_limit_error");
  }

  @Test
  void anEventThatIsNotJsonIsAnUpstreamFailure() {
    List<StreamEvent> events = decode(START + "event: content_block_delta\ndata: {not json\n\n" + STOP);

    assertThat(events).hasSize(2);
    assertThat(((StreamEvent.StreamError) events.get(1)).error().kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER);
  }

  @Test
  void eventsWithoutNamesAndUnknownTypesAreTolerated() {
    List<StreamEvent> events = decode(
        START.replace("event: message_start\n", "")
            + event("{\"type\":\"brand_new_event\",\"x\":1}")
            + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n"
            + STOP
            + event("{\"type\":\"message_stop\"}"));

    assertThat(events).hasSize(4);
    assertThat(events.get(3)).isInstanceOf(StreamEvent.MessageStop.class);
  }

  @Test
  void finishAfterTheEndAddsNothing() {
    List<SseEvent> sse = StreamSupport.parse((START + event(
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}") + STOP)
        .getBytes(StandardCharsets.UTF_8), 1000);

    List<StreamEvent> events = StreamSupport.decode(sse);

    assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
    assertThat(events).noneMatch(e -> e instanceof StreamEvent.StreamError);
  }
}
