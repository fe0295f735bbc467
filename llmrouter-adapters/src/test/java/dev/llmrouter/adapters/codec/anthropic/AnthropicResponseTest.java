package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.CODEC;
import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Whole responses: an upstream's answer decoded, and an answer from any provider written for an Anthropic client. */
class AnthropicResponseTest {
  private static final ChatRequest REQUEST =
      ChatRequest.builder().model("claude-sonnet-4-6").addMessage(Message.user("hi")).build();

  private static JsonNode encode(ChatResponse response) {
    return tree(CODEC.encodeResponse(response, REQUEST));
  }

  @Test
  void foreignReasoningTravelsInTheSignatureAndComesBackOnTheNextRequest() {
    ReasoningBlock responsesReasoning =
        new ReasoningBlock("summary of the plan", "gAAAAB-encrypted", false, "rs_42", WireFormat.OPENAI_RESPONSES, null);
    ChatResponse response = ChatResponse.builder()
        .id("resp_1")
        .content(List.of(responsesReasoning, ToolCallBlock.of("call_1", "get_weather", "{\"location\":\"Paris\"}")))
        .stopReason(StopReason.of(StopReason.Kind.END_TURN, "completed"))
        .usage(Usage.builder().inputTokens(10).outputTokens(5).build())
        .build();

    JsonNode json = encode(response);

    JsonNode thinking = json.path("content").get(0);
    assertThat(thinking.path("type").asString()).isEqualTo("thinking");
    assertThat(thinking.path("thinking").asString()).isEqualTo("summary of the plan");
    assertThat(json.path("content").get(1).path("id").asString()).isEqualTo("call_1");
    assertThat(json.path("stop_reason").asString()).isEqualTo("tool_use"); // calls present: P19
    assertThat(json.path("model").asString()).isEqualTo("claude-sonnet-4-6");

    // Claude Code replays the assistant turn as it received it
    String replay = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
        + "{\"role\":\"assistant\",\"content\":" + json.path("content") + "}]}";
    ChatRequest next = CODEC.decodeRequest(replay.getBytes(StandardCharsets.UTF_8));
    assertThat(next.messages().get(1).content().get(0)).isEqualTo(responsesReasoning);
  }

  @Test
  void anthropicReasoningIsWrittenNatively() {
    ChatResponse response = ChatResponse.builder()
        .id("msg_1")
        .model("claude-sonnet-4-6")
        .content(List.of(
            ReasoningBlock.of("t", "sig", WireFormat.ANTHROPIC_MESSAGES),
            new ReasoningBlock("", "data", true, null, WireFormat.ANTHROPIC_MESSAGES, null),
            TextBlock.of("answer")))
        .build();

    assertThat(encode(response).path("content")).isEqualTo(tree(
        "[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\"sig\"},{\"type\":\"redacted_thinking\",\"data\":\"data\"},"
            + "{\"type\":\"text\",\"text\":\"answer\"}]"));
  }

  @Test
  void blankTextIsLeftOutSoThatTheClientNeverReplaysIt() {
    ChatResponse response = ChatResponse.builder()
        .content(List.of(TextBlock.of(""), TextBlock.of("\n"), ToolCallBlock.of("call_1", "f", "{}")))
        .stopReason(StopReason.of(StopReason.Kind.TOOL_USE))
        .build();

    assertThat(encode(response).path("content")).isEqualTo(tree(
        "[{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"f\",\"input\":{}}]"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource({
    "END_TURN, , end_turn",
    "TOOL_USE, , tool_use",
    "STOP_SEQUENCE, END, stop_sequence",
    "STOP_SEQUENCE, , end_turn",
    "MAX_TOKENS, , max_tokens",
    "CONTENT_FILTER, , refusal",
    "CONTEXT_WINDOW_EXCEEDED, , model_context_window_exceeded",
    "PAUSE_TURN, , pause_turn",
    "ERROR, , end_turn",
    "OTHER, , end_turn",
  })
  void stopReasonsFollowTheTable(StopReason.Kind kind, String sequence, String expected) {
    JsonNode json = encode(ChatResponse.builder()
        .content(List.of(TextBlock.of("x")))
        .stopReason(StopReason.of(kind))
        .stopSequence(sequence)
        .build());

    assertThat(json.path("stop_reason").asString()).isEqualTo(expected);
    assertThat(json.path("stop_sequence").isNull()).isEqualTo(!expected.equals("stop_sequence"));
    assertThat(json.path("id").asString()).startsWith("msg_");
  }

  @Test
  void usageKeepsAnthropicsInclusionRules() {
    JsonNode usage = encode(ChatResponse.builder()
        .usage(Usage.builder().inputTokens(18).cacheReadTokens(2006).cacheWriteTokens(7).outputTokens(180)
            .reasoningTokens(120).build())
        .build()).path("usage");

    assertThat(usage).isEqualTo(tree(
        "{\"input_tokens\":18,\"cache_creation_input_tokens\":7,\"cache_read_input_tokens\":2006,\"output_tokens\":180}"));
  }

  @Test
  void upstreamAnswerWithNewerFieldsDecodesAndKeepsThem() {
    String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"no\",\"citations\":[{\"type\":\"char_location\"}]}],"
        + "\"stop_reason\":\"refusal\",\"stop_sequence\":null,\"stop_details\":{\"type\":\"refusal\",\"category\":\"cyber\"},"
        + "\"usage\":{\"input_tokens\":5,\"output_tokens\":9,\"cache_creation_input_tokens\":null,"
        + "\"output_tokens_details\":{\"thinking_tokens\":4},\"service_tier\":\"standard\",\"inference_geo\":\"us\"}}";

    ChatResponse response = CODEC.decodeResponse(body.getBytes(StandardCharsets.UTF_8));

    assertThat(response.stopReason()).isEqualTo(StopReason.of(StopReason.Kind.CONTENT_FILTER, "refusal"));
    assertThat(response.usage()).isEqualTo(Usage.builder().inputTokens(5).outputTokens(9).reasoningTokens(4).build());
    assertThat(((TextBlock) response.content().get(0)).extras().asMap()).containsKey("citations");
    JsonNode reencoded = encode(response);
    assertThat(reencoded.path("stop_details")).isEqualTo(tree("{\"type\":\"refusal\",\"category\":\"cyber\"}"));
    assertThat(reencoded.path("usage").path("output_tokens_details")).isEqualTo(tree("{\"thinking_tokens\":4}"));
    assertThat(reencoded.path("usage").path("service_tier").asString()).isEqualTo("standard");
  }

  @Test
  void unknownStopReasonKeepsItsRawValue() {
    String body = "{\"content\":[],\"stop_reason\":\"brand_new_reason\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

    assertThat(CODEC.decodeResponse(body.getBytes(StandardCharsets.UTF_8)).stopReason())
        .isEqualTo(StopReason.of(StopReason.Kind.OTHER, "brand_new_reason"));
  }

  @Test
  void aMalformedUpstreamAnswerIsAnUpstreamFailureNotABadRequest() {
    for (String body : new String[] {"<html>502</html>", "{\"content\":\"oops\"}", "{\"content\":[{\"type\":\"text\"}]}"}) {
      assertThatThrownBy(() -> CODEC.decodeResponse(body.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER));
    }
  }

  @Test
  void countTokensAnswerWithoutTheCountIsAnUpstreamFailure() {
    assertThatThrownBy(() -> CODEC.decodeCountTokensResponse("{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER))
        .hasMessageContaining("input_tokens");
  }
}
