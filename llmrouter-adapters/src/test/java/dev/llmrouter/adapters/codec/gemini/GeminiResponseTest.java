package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.assertJsonEquals;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.bytes;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.GenerationSettings;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.ReasoningConfig;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class GeminiResponseTest {
  private static final ReasoningBlock CLAUDE_THINKING =
      ReasoningBlock.of("The user wants the weather.", "EqQBCkYIARgCKkA", WireFormat.ANTHROPIC_MESSAGES);

  private static ChatRequest clientRequest(Boolean includeThoughts) {
    return ChatRequest.builder().model("gemini-3-pro").addMessage(Message.user("Weather in Paris?"))
        .settings(GenerationSettings.builder()
            .reasoning(new ReasoningConfig(ReasoningConfig.Mode.ADAPTIVE, null, "high", includeThoughts, null)).build())
        .build();
  }

  private static String answer(String parts, String finishReason) {
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":" + parts + "},\"finishReason\":\""
        + finishReason + "\",\"index\":0}],\"responseId\":\"r1\"}";
  }

  @ParameterizedTest
  @CsvSource({
      "STOP, END_TURN", "MAX_TOKENS, MAX_TOKENS", "SAFETY, CONTENT_FILTER", "RECITATION, CONTENT_FILTER",
      "BLOCKLIST, CONTENT_FILTER", "PROHIBITED_CONTENT, CONTENT_FILTER", "SPII, CONTENT_FILTER",
      "LANGUAGE, CONTENT_FILTER", "IMAGE_SAFETY, CONTENT_FILTER", "MALFORMED_FUNCTION_CALL, ERROR",
      "UNEXPECTED_TOOL_CALL, ERROR", "TOO_MANY_TOOL_CALLS, ERROR", "OTHER, ERROR", "SOMETHING_NEW, OTHER"})
  void finishReasonsMapToKindsAndKeepTheRawValue(String finishReason, StopReason.Kind kind) {
    ChatResponse response = CODEC.decodeResponse(bytes(answer("[{\"text\":\"x\"}]", finishReason)));

    assertThat(response.stopReason()).isEqualTo(StopReason.of(kind, finishReason));
  }

  @Test
  void stopAfterAFunctionCallIsToolUse() {
    ChatResponse response = CODEC.decodeResponse(bytes(answer("[{\"functionCall\":{\"name\":\"f\",\"args\":{}}}]", "STOP")));

    assertThat(response.stopReason()).isEqualTo(StopReason.of(StopReason.Kind.TOOL_USE, "STOP"));
  }

  @ParameterizedTest
  @CsvSource({
      "TOOL_USE, tool_use, STOP", "END_TURN, end_turn, STOP", "STOP_SEQUENCE, stop_sequence, STOP",
      "MAX_TOKENS, length, MAX_TOKENS", "CONTEXT_WINDOW_EXCEEDED, model_context_window_exceeded, MAX_TOKENS",
      "CONTENT_FILTER, refusal, SAFETY", "PAUSE_TURN, pause_turn, STOP", "ERROR, failed, OTHER",
      "CONTENT_FILTER, RECITATION, RECITATION"})
  void stopReasonsOfAnyFormatBecomeGeminiFinishReasons(StopReason.Kind kind, String raw, String expected) {
    ChatResponse response = ChatResponse.builder().content(List.of(TextBlock.of("x")))
        .stopReason(StopReason.of(kind, raw)).build();

    assertThat(json(CODEC.encodeResponse(response, null)).at("/candidates/0/finishReason").asString()).isEqualTo(expected);
  }

  @Test
  void aBlockedPromptIsAContentFilterStop() {
    String body = "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},"
        + "\"usageMetadata\":{\"promptTokenCount\":9,\"totalTokenCount\":9},\"responseId\":\"r\"}";

    ChatResponse response = CODEC.decodeResponse(bytes(body));

    assertThat(response.stopReason()).isEqualTo(StopReason.of(StopReason.Kind.CONTENT_FILTER, "PROHIBITED_CONTENT"));
    assertThat(response.content()).isEmpty();
    assertThat(json(CODEC.encodeResponse(response, null)).get("promptFeedback"))
        .isEqualTo(json("{\"blockReason\":\"PROHIBITED_CONTENT\"}"));
  }

  @Test
  void usageFollowsGeminisInclusionRules() {
    Usage usage = Usage.builder().inputTokens(10).cacheReadTokens(5).cacheWriteTokens(3).outputTokens(20)
        .reasoningTokens(8).build();

    JsonNode encoded = json(CODEC.encodeResponse(ChatResponse.builder().usage(usage).build(), null)).get("usageMetadata");

    assertJsonEquals(json("{\"promptTokenCount\":18,\"cachedContentTokenCount\":5,\"candidatesTokenCount\":12,"
        + "\"thoughtsTokenCount\":8,\"totalTokenCount\":38}"), encoded);
  }

  @Test
  void idLessCallsGetIdsThatDependOnTheAnswerOnly() {
    String parts = "[{\"functionCall\":{\"name\":\"f\",\"args\":{}}},{\"functionCall\":{\"name\":\"f\",\"args\":{\"a\":1}}}]";

    List<ToolCallBlock> first = CODEC.decodeResponse(bytes(answer(parts, "STOP"))).toolCalls();
    List<ToolCallBlock> same = CODEC.decodeResponse(bytes(answer(parts, "STOP"))).toolCalls();
    List<ToolCallBlock> other = CODEC.decodeResponse(bytes(answer(parts, "STOP").replace("r1", "r2"))).toolCalls();

    assertThat(first).extracting(ToolCallBlock::id).doesNotHaveDuplicates().allMatch(id -> id.startsWith("call_"));
    assertThat(same).isEqualTo(first);
    assertThat(other.get(0).id()).isNotEqualTo(first.get(0).id());
  }

  @Test
  void anotherProvidersReasoningRidesOnTheCallItLedToAndComesBack() {
    ToolCallBlock call = ToolCallBlock.of("toolu_01", "get_weather", "{\"city\":\"Paris\"}");
    ChatResponse fromClaude = ChatResponse.builder()
        .content(List.of(CLAUDE_THINKING, TextBlock.of("Checking."), call))
        .stopReason(StopReason.of(StopReason.Kind.TOOL_USE, "tool_use")).build();

    JsonNode shown = json(CODEC.encodeResponse(fromClaude, clientRequest(true))).at("/candidates/0/content/parts");
    JsonNode hidden = json(CODEC.encodeResponse(fromClaude, clientRequest(null))).at("/candidates/0/content/parts");

    assertThat(shown).hasSize(3);
    assertJsonEquals(json("{\"text\":\"The user wants the weather.\",\"thought\":true}"), shown.get(0));
    assertThat(shown.get(1).has("thoughtSignature")).isFalse();
    String envelope = shown.get(2).get("thoughtSignature").asString();
    assertThat(ReasoningEnvelope.unwrap(envelope)).isEqualTo(CLAUDE_THINKING);
    assertThat(hidden).hasSize(2);
    assertThat(hidden.toString()).doesNotContain("\"thought\"");

    // Gemini CLI sends the turn back without the thought part but with the signature on the call
    ObjectNode next = (ObjectNode) json("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather in Paris?\"}]},"
        + "{\"role\":\"model\",\"parts\":[]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
        + "{\"id\":\"toolu_01\",\"name\":\"get_weather\",\"response\":{\"output\":\"18°C\"}}}]}]}");
    ((ObjectNode) next.at("/contents/1")).set("parts", hidden);
    List<ContentBlock> replayed = CODEC.decodeRequest(JsonSupport.writeBytes(next)).messages().get(1).content();

    assertThat(replayed).containsExactly(TextBlock.of("Checking."), CLAUDE_THINKING, call);
  }

  @Test
  void anotherProvidersReasoningWithoutACallRidesOnTheLastPart() {
    ReasoningBlock openAi = new ReasoningBlock("", "gAAAAB-encrypted", false, "rs_42", WireFormat.OPENAI_RESPONSES, null);
    ChatResponse response = ChatResponse.builder().content(List.of(openAi, TextBlock.of("Hello"), TextBlock.of("!"))).build();

    JsonNode parts = json(CODEC.encodeResponse(response, clientRequest(true))).at("/candidates/0/content/parts");

    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).has("thoughtSignature")).isFalse();
    assertThat(ReasoningEnvelope.unwrap(parts.get(1).get("thoughtSignature").asString())).isEqualTo(openAi);
  }

  @Test
  void anErrorBodyIsThrownAsItsKind() {
    assertThatThrownBy(() -> CODEC.decodeResponse(bytes("{\"error\":{\"code\":503,\"message\":\"busy\",\"status\":\"UNAVAILABLE\"}}")))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED));
  }

  @Test
  void aBrokenUpstreamBodyIsAnUpstreamFailure() {
    assertThatThrownBy(() -> CODEC.decodeResponse(bytes("<html>bad gateway</html>")))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER));
    assertThatThrownBy(() -> CODEC.decodeResponse(bytes(answer("[{\"functionCall\":{\"args\":{}}}]", "STOP"))))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER))
        .hasMessageContaining("functionCall.name");
  }
}
