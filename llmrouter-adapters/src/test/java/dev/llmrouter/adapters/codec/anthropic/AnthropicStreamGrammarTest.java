package dev.llmrouter.adapters.codec.anthropic;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.spi.SseEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The validator accepts the golden streams and rejects each way of breaking the grammar. */
class AnthropicStreamGrammarTest {
  private static final String START =
      "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"c\","
          + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}";
  private static final String TEXT_START =
      "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
  private static final String TEXT_DELTA =
      "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}";
  private static final String STOP_0 = "{\"type\":\"content_block_stop\",\"index\":0}";
  private static final String DELTA =
      "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":3}}";
  private static final String MESSAGE_STOP = "{\"type\":\"message_stop\"}";

  private static List<SseEvent> stream(String... data) {
    List<SseEvent> events = new ArrayList<>();
    for (String json : data) {
      events.add(new SseEvent(StreamSupport.tree(json).path("type").asString(), json));
    }
    return events;
  }

  @ParameterizedTest
  @ValueSource(strings = {"01-simple-text", "03-tool-call", "05-parallel-tool-calls", "07-thinking", "09-stream-error"})
  void acceptsTheGoldenStreams(String caseId) {
    assertThatCode(() -> AnthropicStreamGrammar.validate(Fixtures.sse("anthropic/" + caseId + ".response.sse")))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsAMinimalStreamAndAnImmediateError() {
    assertThatCode(() -> AnthropicStreamGrammar.validate(stream(START, DELTA, MESSAGE_STOP))).doesNotThrowAnyException();
    assertThatCode(() -> AnthropicStreamGrammar.validate(
        stream("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsEachBreak() {
    String toolStart1 = "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}";
    String zeroUsageStart = START.replace("\"input_tokens\":10", "\"input_tokens\":0");
    expectFailure("no message_stop", stream(START, TEXT_START, TEXT_DELTA, STOP_0, DELTA));
    expectFailure("message_start is not first", stream(TEXT_START, START, STOP_0, DELTA, MESSAGE_STOP));
    expectFailure("two message_start", stream(START, START, DELTA, MESSAGE_STOP));
    expectFailure("zero input usage (P1)", stream(zeroUsageStart, DELTA, MESSAGE_STOP));
    expectFailure("interleaved blocks", stream(START, TEXT_START, toolStart1, STOP_0, DELTA, MESSAGE_STOP));
    expectFailure("index not dense", stream(START, toolStart1, DELTA, MESSAGE_STOP));
    expectFailure("block never stopped", stream(START, TEXT_START, TEXT_DELTA, DELTA, MESSAGE_STOP));
    expectFailure("delta kind does not match", stream(START, TEXT_START,
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"x\"}}",
        STOP_0, DELTA, MESSAGE_STOP));
    expectFailure("delta for another block", stream(START, TEXT_START,
        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}",
        STOP_0, DELTA, MESSAGE_STOP));
    expectFailure("null stop_reason", stream(START, DELTA.replace("\"end_turn\"", "null"), MESSAGE_STOP));
    expectFailure("no message_delta", stream(START, MESSAGE_STOP));
    expectFailure("event after an error", stream(START,
        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}", MESSAGE_STOP));
    List<SseEvent> misnamed = stream(START, DELTA, MESSAGE_STOP);
    misnamed.set(2, new SseEvent("message_delta", MESSAGE_STOP));
    expectFailure("event name differs from type", misnamed);
  }

  private static void expectFailure(String why, List<SseEvent> events) {
    assertThatThrownBy(() -> AnthropicStreamGrammar.validate(events)).as(why).isInstanceOf(AssertionError.class);
  }
}
