package dev.llmrouter.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import org.junit.jupiter.api.Test;

class ChatResponseAccumulatorTest {
  @Test
  void foldsInterleavedBlocksInIndexOrder() {
    ChatResponseAccumulator acc = new ChatResponseAccumulator();
    acc.accept(new StreamEvent.MessageStart("msg_1", "m", Usage.builder().inputTokens(10).build()));
    acc.accept(new StreamEvent.BlockStart(0, ReasoningBlock.of("", null, WireFormat.ANTHROPIC_MESSAGES)));
    acc.accept(new StreamEvent.ReasoningDelta(0, "think"));
    acc.accept(new StreamEvent.SignatureDelta(0, "sig"));
    acc.accept(new StreamEvent.BlockStop(0));
    acc.accept(new StreamEvent.BlockStart(1, ToolCallBlock.of("t1", "a", "")));
    acc.accept(new StreamEvent.BlockStart(2, ToolCallBlock.of("t2", "b", "")));
    acc.accept(new StreamEvent.ToolArgumentsDelta(2, "{\"y\":"));
    acc.accept(new StreamEvent.ToolArgumentsDelta(1, "{\"x\":1}"));
    acc.accept(new StreamEvent.ToolArgumentsDelta(2, "2}"));
    acc.accept(new StreamEvent.BlockStop(1));
    acc.accept(new StreamEvent.BlockStop(2));
    acc.accept(new StreamEvent.UsageUpdate(Usage.builder().inputTokens(10).outputTokens(5).build()));
    acc.accept(new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE, "tool_use"), null));
    acc.accept(new StreamEvent.MessageStop());

    ChatResponse response = acc.toResponse();
    assertThat(acc.isComplete()).isTrue();
    assertThat(response.id()).isEqualTo("msg_1");
    assertThat(response.content()).containsExactly(
        new ReasoningBlock("think", "sig", false, null, WireFormat.ANTHROPIC_MESSAGES, null),
        ToolCallBlock.of("t1", "a", "{\"x\":1}"),
        ToolCallBlock.of("t2", "b", "{\"y\":2}"));
    assertThat(response.stopReason().raw()).isEqualTo("tool_use");
    assertThat(response.usage().outputTokens()).isEqualTo(5);
  }

  @Test
  void infersTheStopReasonWhenNoneArrivedAndRejectsOrphanDeltas() {
    ChatResponseAccumulator acc = new ChatResponseAccumulator();
    acc.accept(new StreamEvent.BlockStart(0, TextBlock.of("")));
    acc.accept(new StreamEvent.TextDelta(0, "partial"));
    assertThat(acc.isComplete()).isFalse();
    assertThat(acc.toResponse().stopReason().kind()).isEqualTo(StopReason.Kind.END_TURN);
    assertThat(acc.toResponse().text()).isEqualTo("partial");
    assertThatThrownBy(() -> acc.accept(new StreamEvent.TextDelta(5, "x"))).isInstanceOf(IllegalStateException.class);
  }
}
