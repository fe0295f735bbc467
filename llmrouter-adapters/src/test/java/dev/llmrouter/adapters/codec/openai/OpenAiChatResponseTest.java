package dev.llmrouter.adapters.codec.openai;

import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.bytes;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenAiChatResponseTest {
  private static final ChatRequest REQUEST = ChatRequest.builder().model("alias").addMessage(Message.user("hi")).build();

  @Test
  void usageSeparatesCachedInputAndKeepsReasoningInsideOutput() {
    Usage cached = CODEC.decodeResponse(Fixtures.bytes("openai-chat/02-system-multiturn.response.json")).usage();
    Usage reasoning = CODEC.decodeResponse(Fixtures.bytes("openai-chat/07-thinking.response.json")).usage();

    assertThat(cached).isEqualTo(Usage.builder().inputTokens(18).cacheReadTokens(2006).outputTokens(9).build());
    assertThat(reasoning).isEqualTo(Usage.builder().inputTokens(32).outputTokens(180).reasoningTokens(120).build());
  }

  @Test
  void deepSeekCacheHitsCountAsCacheReads() {
    ChatResponse response = CODEC.decodeResponse(bytes("""
        {"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":100,"completion_tokens":5,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":36}}"""));

    assertThat(response.usage()).isEqualTo(Usage.builder().inputTokens(36).cacheReadTokens(64).outputTokens(5).build());
  }

  @Test
  void compatibleServerQuirksDecodeToOneCleanAnswer() {
    ChatResponse response = CODEC.decodeResponse(bytes("""
        {"id":"gen-1","model":"deepseek/r1","choices":[{"index":0,"finish_reason":"stop","message":{
          "role":"assistant","content":"","reasoning":"Need the weather.",
          "tool_calls":[{"type":"function","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]}}]}"""));

    assertThat(response.content()).hasSize(2);
    assertThat(response.content().get(0))
        .isEqualTo(new ReasoningBlock("Need the weather.", null, false, null, WireFormat.OPENAI_CHAT, ProviderFields.EMPTY));
    ToolCallBlock call = (ToolCallBlock) response.content().get(1);
    assertThat(call.id()).startsWith("call_");
    assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(response.stopReason()).isEqualTo(StopReason.of(StopReason.Kind.TOOL_USE, "stop"));
  }

  @Test
  void aRefusalIsTextThatGoesBackAsARefusal() {
    byte[] body = bytes("""
        {"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{
          "role":"assistant","content":null,"refusal":"I can't help with that.","annotations":[]},
          "logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2,
           "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
           "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,
             "rejected_prediction_tokens":0}}}""");

    ChatResponse response = CODEC.decodeResponse(body);

    assertThat(response.text()).isEqualTo("I can't help with that.");
    assertThat(json(CODEC.encodeResponse(response, REQUEST))).isEqualTo(json(body));
  }

  @Test
  void anAnswerFromAnotherFormatBecomesAChatCompletion() {
    ChatResponse response = ChatResponse.builder()
        .id("msg_01")
        .model("claude-sonnet-4-6")
        .content(List.of(
            ReasoningBlock.of("Plan.", "c2lnbmF0dXJl", WireFormat.ANTHROPIC_MESSAGES),
            TextBlock.of("Checking."),
            ToolCallBlock.of("toolu_01", "get_weather", "{\"city\":\"Paris\"}")))
        .stopReason(StopReason.of(StopReason.Kind.TOOL_USE, "tool_use"))
        .usage(Usage.builder().inputTokens(10).cacheReadTokens(100).cacheWriteTokens(5).outputTokens(20).build())
        .build();

    JsonNode body = json(CODEC.encodeResponse(response, REQUEST));

    assertThat(body.get("id").stringValue()).isEqualTo("msg_01");
    assertThat(body.get("object").stringValue()).isEqualTo("chat.completion");
    assertThat(body.get("created").isNumber()).isTrue();
    assertThat(body.get("choices")).isEqualTo(json("""
        [{"index":0,"message":{"role":"assistant","content":"Checking.","reasoning_content":"Plan.",
          "tool_calls":[{"id":"toolu_01","type":"function","function":{"name":"get_weather",
            "arguments":"{\\"city\\":\\"Paris\\"}"}}],"refusal":null,"annotations":[]},
          "logprobs":null,"finish_reason":"tool_calls"}]"""));
    assertThat(body.at("/usage/prompt_tokens").intValue()).isEqualTo(115);
    assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").intValue()).isEqualTo(100);
    assertThat(body.at("/usage/prompt_tokens_details/cache_write_tokens").intValue()).isEqualTo(5);
  }

  @Test
  void stopReasonsMapToFinishReasons() {
    assertThat(finishReasonOf(StopReason.Kind.MAX_TOKENS)).isEqualTo("length");
    assertThat(finishReasonOf(StopReason.Kind.CONTEXT_WINDOW_EXCEEDED)).isEqualTo("length");
    assertThat(finishReasonOf(StopReason.Kind.CONTENT_FILTER)).isEqualTo("content_filter");
    assertThat(finishReasonOf(StopReason.Kind.STOP_SEQUENCE)).isEqualTo("stop");
    assertThat(finishReasonOf(StopReason.Kind.PAUSE_TURN)).isEqualTo("stop");
  }

  private static String finishReasonOf(StopReason.Kind kind) {
    ChatResponse response = ChatResponse.builder().content(List.of(TextBlock.of("x"))).stopReason(StopReason.of(kind)).build();
    return json(CODEC.encodeResponse(response, REQUEST)).at("/choices/0/finish_reason").stringValue();
  }

  @Test
  void anErrorAnsweredWithStatus200IsThrownAsItsKind() {
    assertThatThrownBy(() -> CODEC.decodeResponse(bytes("""
        {"error":{"message":"This model's maximum context length is 8192 tokens","type":"invalid_request_error",
         "code":"context_length_exceeded"}}""")))
        .isInstanceOfSatisfying(LlmException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_WINDOW_EXCEEDED));
  }

  @Test
  void aMalformedUpstreamAnswerIsAnUpstreamFailure() {
    assertThatThrownBy(() -> CODEC.decodeResponse(bytes("<html>bad gateway</html>")))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER));
    assertThatThrownBy(() -> CODEC.decodeResponse(bytes("""
        {"choices":[{"index":0,"message":{"role":"assistant","content":7}}]}""")))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER))
        .hasMessageContaining("choices[0].message.content");
  }

  @Test
  void modelListIsTheOpenAiListShape() {
    tools.jackson.databind.JsonNode list = dev.llmrouter.adapters.codec.JsonSupport.MAPPER.readTree(
        new OpenAiChatCodec().encodeModelList(java.util.List.of("gpt-5.4-mini", "claude-*")));
    org.assertj.core.api.Assertions.assertThat(list.path("object").asString()).isEqualTo("list");
    org.assertj.core.api.Assertions.assertThat(list.path("data").get(1).path("id").asString()).isEqualTo("claude-*");
    org.assertj.core.api.Assertions.assertThat(list.path("data").get(0).path("object").asString()).isEqualTo("model");
  }
}
