package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.StreamSupport.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The whole (non-streaming) response a Responses client gets. */
class OpenAiResponsesResponseTest {
  private static final ChatRequest REQUEST = ChatRequest.builder()
      .model("gpt-5.4-mini")
      .addSystem("Be brief.")
      .addMessage(Message.user("hi"))
      .addTool(Tool.function("f", "does f", "{\"type\":\"object\"}"))
      .build();

  private static JsonNode encode(ChatResponse response) {
    return StreamSupport.json(CODEC.encodeResponse(response, REQUEST));
  }

  @Test
  void foreignReasoningIsWrappedAndOwnStateIsReplayedAsItCame() {
    ReasoningBlock gemini = new ReasoningBlock("thought", "CiQBsig", false, null, WireFormat.GEMINI, ProviderFields.EMPTY);
    ReasoningBlock own = new ReasoningBlock("plan", "gAAAown", false, "rs_own", WireFormat.OPENAI_RESPONSES, ProviderFields.EMPTY);
    ToolCallBlock replayed = new ToolCallBlock("call_1", "f", "{}", null, ProviderFields.of(WireFormat.OPENAI_RESPONSES, Map.of("id", "\"fc_own\"")));
    JsonNode body = encode(ChatResponse.builder()
        .id("resp_abc")
        .content(List.of(gemini, own, TextBlock.of("ok"), replayed, ToolCallBlock.of("toolu_2", "f", "{\"x\":1}")))
        .stopReason(StopReason.of(StopReason.Kind.TOOL_USE, "STOP"))
        .build());

    assertThat(body.get("id").stringValue()).isEqualTo("resp_abc");
    assertThat(body.get("status").stringValue()).isEqualTo("completed");
    assertThat(body.get("instructions").stringValue()).isEqualTo("Be brief.");
    assertThat(body.get("tools").get(0).get("name").stringValue()).isEqualTo("f");
    JsonNode output = body.get("output");
    assertThat(output.get(0).get("id").stringValue()).startsWith("rs_").hasSize(51);
    assertThat(ReasoningEnvelope.unwrap(output.get(0).get("encrypted_content").stringValue())).isEqualTo(gemini);
    assertThat(output.get(1).get("id").stringValue()).isEqualTo("rs_own");
    assertThat(output.get(1).get("encrypted_content").stringValue()).isEqualTo("gAAAown");
    assertThat(output.get(2).get("type").stringValue()).isEqualTo("message");
    assertThat(output.get(3).get("id").stringValue()).isEqualTo("fc_own");
    assertThat(output.get(4).get("id").stringValue()).startsWith("fc_");
    assertThat(output.get(4).get("call_id").stringValue()).isEqualTo("toolu_2");

    ChatResponse back = CODEC.decodeResponse(CODEC.encodeResponse(
        ChatResponse.builder().content(List.of(gemini)).build(), REQUEST));
    assertThat(back.content()).containsExactly(gemini);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "END_TURN, completed, -, END_TURN",
      "STOP_SEQUENCE, completed, -, END_TURN",
      "MAX_TOKENS, incomplete, max_output_tokens, MAX_TOKENS",
      "CONTEXT_WINDOW_EXCEEDED, incomplete, max_output_tokens, MAX_TOKENS",
      "CONTENT_FILTER, incomplete, content_filter, CONTENT_FILTER",
      "PAUSE_TURN, incomplete, -, OTHER",
  })
  void stopReasonsBecomeStatusAndIncompleteDetails(StopReason.Kind kind, String status, String reason, StopReason.Kind back) {
    ChatResponse response = ChatResponse.builder()
        .content(List.of(TextBlock.of("x")))
        .stopReason(StopReason.of(kind))
        .usage(Usage.builder().inputTokens(3).outputTokens(4).build())
        .build();
    JsonNode body = encode(response);
    assertThat(body.get("status").stringValue()).isEqualTo(status);
    if ("incomplete".equals(status)) {
      JsonNode details = body.get("incomplete_details").get("reason");
      assertThat(details.isNull() ? null : details.stringValue()).isEqualTo(reason);
    } else {
      assertThat(body.get("incomplete_details").isNull()).isTrue();
    }
    assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(7);
    assertThat(CODEC.decodeResponse(CODEC.encodeResponse(response, REQUEST)).stopReason().kind()).isEqualTo(back);
  }

  @Test
  void aModelErrorIsAFailedResponse() {
    JsonNode body = encode(ChatResponse.builder().stopReason(StopReason.of(StopReason.Kind.ERROR, "MALFORMED_FUNCTION_CALL")).build());
    assertThat(body.get("status").stringValue()).isEqualTo("failed");
    assertThat(body.get("error").get("code").stringValue()).isEqualTo("server_error");
    assertThat(body.get("error").get("message").stringValue()).contains("MALFORMED_FUNCTION_CALL");
  }
}
