package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.CODEC;
import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.adapters.codec.ToolIds;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.GenerationSettings;
import dev.llmrouter.api.model.ImageBlock;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.ReasoningConfig;
import dev.llmrouter.api.model.ResponseFormat;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Client side: what an Anthropic upstream gets from a canonical request built by another format's decoder. */
class AnthropicRequestEncoderTest {
  private static final Tool WEATHER = Tool.function("get_weather", "Weather", "{\"type\":\"object\",\"properties\":{}}");

  private static ChatRequest.Builder request() {
    return ChatRequest.builder().model("claude-sonnet-4-6");
  }

  private static JsonNode encode(ChatRequest request) {
    return tree(CODEC.encodeRequest(request, false));
  }

  private static GenerationSettings.Builder settings() {
    return GenerationSettings.builder();
  }

  @Test
  void systemInstructionsBeforeTheFirstUserTurnJoinSystemAndLaterOnesBecomeUserText() {
    ChatRequest request = request()
        .addSystem("top")
        .addMessage(Message.of(Role.DEVELOPER, List.of(TextBlock.of("dev rules"))))
        .addMessage(Message.user("question"))
        .addMessage(Message.system("environment"))
        .addMessage(Message.assistant("answer"))
        .build();

    JsonNode json = encode(request);

    assertThat(json.path("system")).isEqualTo(tree(
        "[{\"type\":\"text\",\"text\":\"top\"},{\"type\":\"text\",\"text\":\"dev rules\"}]"));
    assertThat(json.path("messages")).isEqualTo(tree(
        "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"question\"},"
            + "{\"type\":\"text\",\"text\":\"System: environment\"}]},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"answer\"}]}]"));
  }

  @Test
  void toolResultsComeFirstAndConsecutiveTurnsOfOneRoleMerge() {
    ChatRequest request = request()
        .addMessage(Message.user("go"))
        .addMessage(Message.of(Role.ASSISTANT, List.of(ToolCallBlock.of("a", "f", "{}"), ToolCallBlock.of("b", "f", "{}"))))
        .addMessage(Message.of(Role.USER, List.of(ToolResultBlock.text("a", "1"))))
        .addMessage(Message.of(Role.USER, List.of(TextBlock.of("and then?"), ToolResultBlock.text("b", "2"))))
        .build();

    JsonNode messages = encode(request).path("messages");

    assertThat(messages).hasSize(3);
    assertThat(messages.get(2)).isEqualTo(tree(
        "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"a\",\"content\":\"1\"},"
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"b\",\"content\":\"2\"},{\"type\":\"text\",\"text\":\"and then?\"}]}"));
  }

  @Test
  void emptyTextIsDroppedEverywhereAndAnEmptiedTurnDisappears() {
    ChatRequest request = request()
        .addSystem("")
        .addMessage(Message.of(Role.USER, List.of(TextBlock.of("hi"), TextBlock.of("  "))))
        .addMessage(Message.of(Role.ASSISTANT, List.of(TextBlock.of(""), ToolCallBlock.of("t", "f", "{}"))))
        .addMessage(Message.of(Role.USER, List.of(ToolResultBlock.text("t", ""))))
        .addMessage(Message.assistant(""))
        .build();

    JsonNode json = encode(request);

    assertThat(json.has("system")).isFalse();
    assertThat(json.path("messages")).isEqualTo(tree(
        "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\"}]}]"));
  }

  @Test
  void toolIdsAreRewrittenTheSameWayOnCallAndResult() {
    String kimiId = "functions.Bash:0";
    ChatRequest request = request()
        .addMessage(Message.user("run it"))
        .addMessage(Message.of(Role.ASSISTANT, List.of(ToolCallBlock.of(kimiId, "Bash", "{\"command\":\"ls\"}"))))
        .addMessage(Message.of(Role.USER, List.of(ToolResultBlock.text(kimiId, "a.txt"))))
        .build();

    JsonNode messages = encode(request).path("messages");

    String rewritten = ToolIds.forAnthropic(kimiId);
    assertThat(rewritten).matches("[a-zA-Z0-9_-]+");
    assertThat(messages.get(1).path("content").get(0).path("id").asString()).isEqualTo(rewritten);
    assertThat(messages.get(2).path("content").get(0).path("tool_use_id").asString()).isEqualTo(rewritten);
  }

  @Test
  void argumentsThatDoNotParseAsAnObjectAreSentAsAnEmptyInput() {
    ChatRequest request = request()
        .addMessage(Message.user("x"))
        .addMessage(Message.of(Role.ASSISTANT, List.of(
            ToolCallBlock.of("a", "f", "{\"location\": \"Par"), ToolCallBlock.of("b", "f", ""), ToolCallBlock.of("c", "f", "[1]"))))
        .build();

    JsonNode content = encode(request).path("messages").get(1).path("content");

    for (JsonNode call : content) {
      assertThat(call.path("input")).isEqualTo(tree("{}"));
    }
  }

  @Test
  void maxTokensDefaultsAndLeavesRoomAboveTheThinkingBudget() {
    assertThat(encode(request().addMessage(Message.user("x")).build()).path("max_tokens").asInt())
        .isEqualTo(RequestEncoder.DEFAULT_MAX_TOKENS);

    JsonNode tight = encode(request()
        .addMessage(Message.user("x"))
        .settings(settings().maxTokens(1000).reasoning(ReasoningConfig.budget(2048)).build())
        .build());
    assertThat(tight.path("thinking")).isEqualTo(tree("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
    assertThat(tight.path("max_tokens").asInt()).isEqualTo(3048);

    JsonNode tiny = encode(request()
        .addMessage(Message.user("x"))
        .settings(settings().reasoning(ReasoningConfig.budget(300)).build())
        .build());
    assertThat(tiny.path("thinking").path("budget_tokens").asInt()).isEqualTo(1024);
  }

  @Test
  void withoutThinkingTemperatureIsClampedAndSamplingKept() {
    JsonNode json = encode(request()
        .addMessage(Message.user("x"))
        .addTool(WEATHER)
        .toolChoice(ToolChoice.any())
        .settings(settings().temperature(1.7).topP(0.5).topK(20).seed(7L).presencePenalty(0.3)
            .stopSequences(List.of("END")).user("u-1").serviceTier("flex").parallelToolCalls(false).build())
        .build());

    assertThat(json.path("temperature").asDouble()).isEqualTo(1.0);
    assertThat(json.path("top_p").asDouble()).isEqualTo(0.5);
    assertThat(json.path("top_k").asInt()).isEqualTo(20);
    assertThat(json.path("stop_sequences")).isEqualTo(tree("[\"END\"]"));
    assertThat(json.path("metadata")).isEqualTo(tree("{\"user_id\":\"u-1\"}"));
    assertThat(json.path("tool_choice")).isEqualTo(tree("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
    assertThat(json.has("seed")).isFalse();
    assertThat(json.has("presence_penalty")).isFalse();
    assertThat(json.has("service_tier")).isFalse(); // OpenAI's flex has no Anthropic equivalent
  }

  @Test
  void withThinkingSamplingIsDroppedAndAForcedToolChoiceRelaxed() {
    JsonNode json = encode(request()
        .addMessage(Message.user("x"))
        .addTool(WEATHER)
        .toolChoice(ToolChoice.tool("get_weather"))
        .settings(settings().temperature(0.3).topP(0.5).topK(20).reasoning(ReasoningConfig.budget(2048)).build())
        .build());

    assertThat(json.has("temperature")).isFalse();
    assertThat(json.has("top_p")).isFalse();
    assertThat(json.has("top_k")).isFalse();
    assertThat(json.path("tool_choice")).isEqualTo(tree("{\"type\":\"auto\"}"));
  }

  @Test
  void effortMapsToAdaptiveThinkingOrToABudget() {
    JsonNode adaptive = encode(request()
        .addMessage(Message.user("x"))
        .settings(settings().reasoning(ReasoningConfig.adaptive("high")).build())
        .build());
    assertThat(adaptive.path("thinking")).isEqualTo(tree("{\"type\":\"adaptive\"}"));
    assertThat(adaptive.path("output_config")).isEqualTo(tree("{\"effort\":\"high\"}"));

    JsonNode budgeted = encode(request()
        .addMessage(Message.user("x"))
        .settings(settings().reasoning(new ReasoningConfig(ReasoningConfig.Mode.ENABLED, null, "medium", true, null)).build())
        .build());
    assertThat(budgeted.path("thinking")).isEqualTo(tree("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
    assertThat(budgeted.has("output_config")).isFalse();

    JsonNode off = encode(request()
        .addMessage(Message.user("x"))
        .settings(settings().temperature(0.2).reasoning(ReasoningConfig.effort("none")).build())
        .build());
    assertThat(off.path("thinking")).isEqualTo(tree("{\"type\":\"disabled\"}"));
    assertThat(off.has("output_config")).isFalse();
    assertThat(off.path("temperature").asDouble()).isEqualTo(0.2);
  }

  @Test
  void onlyAnthropicsOwnReasoningIsReplayed() {
    ReasoningBlock own = ReasoningBlock.of("mine", "sig-a", WireFormat.ANTHROPIC_MESSAGES);
    ReasoningBlock redacted = new ReasoningBlock("", "data-a", true, null, WireFormat.ANTHROPIC_MESSAGES, null);
    ReasoningBlock gemini = ReasoningBlock.of("theirs", "gemini-sig", WireFormat.GEMINI);
    ReasoningBlock unsigned = ReasoningBlock.of("no signature", null, WireFormat.ANTHROPIC_MESSAGES);
    ReasoningBlock carriedBack = ReasoningBlock.of(
        "", ReasoningEnvelope.wrap(ReasoningBlock.of("inner", "sig-b", WireFormat.ANTHROPIC_MESSAGES)),
        WireFormat.OPENAI_RESPONSES);
    ChatRequest request = request()
        .addMessage(Message.user("x"))
        .addMessage(Message.of(Role.ASSISTANT, List.of(own, redacted, gemini, unsigned, carriedBack, TextBlock.of("ok"))))
        .build();

    assertThat(encode(request).path("messages").get(1).path("content")).isEqualTo(tree(
        "[{\"type\":\"thinking\",\"thinking\":\"mine\",\"signature\":\"sig-a\"},"
            + "{\"type\":\"redacted_thinking\",\"data\":\"data-a\"},"
            + "{\"type\":\"thinking\",\"thinking\":\"inner\",\"signature\":\"sig-b\"},"
            + "{\"type\":\"text\",\"text\":\"ok\"}]"));
  }

  @Test
  void enabledThinkingIsLeftOutWhenTheOpenToolLoopLostItsThinkingBlock() {
    ChatRequest loop = request()
        .addMessage(Message.user("weather?"))
        .addTool(WEATHER)
        .settings(settings().reasoning(ReasoningConfig.budget(2048)).temperature(0.5).build())
        .build();
    ChatRequest foreign = loop.toBuilder()
        .addMessage(Message.of(Role.ASSISTANT, List.of(
            ReasoningBlock.of("thought", "gemini-sig", WireFormat.GEMINI), ToolCallBlock.of("t", "get_weather", "{}"))))
        .addMessage(Message.of(Role.USER, List.of(ToolResultBlock.text("t", "sunny"))))
        .build();
    ChatRequest signed = loop.toBuilder()
        .addMessage(Message.of(Role.ASSISTANT, List.of(
            ReasoningBlock.of("thought", "sig", WireFormat.ANTHROPIC_MESSAGES), ToolCallBlock.of("t", "get_weather", "{}"))))
        .addMessage(Message.of(Role.USER, List.of(ToolResultBlock.text("t", "sunny"))))
        .build();

    JsonNode withoutThinking = encode(foreign);
    assertThat(withoutThinking.has("thinking")).isFalse();
    assertThat(withoutThinking.path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(encode(signed).path("thinking").path("type").asString()).isEqualTo("enabled");
  }

  @Test
  void responseFormatsAndTools() {
    JsonNode schema = encode(request()
        .addMessage(Message.user("x"))
        .settings(settings().responseFormat(ResponseFormat.jsonSchema("out", "{\"type\":\"object\"}")).build())
        .build());
    assertThat(schema.path("output_config"))
        .isEqualTo(tree("{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}}"));

    JsonNode jsonObject = encode(request()
        .addSystem("sys")
        .addMessage(Message.user("x"))
        .addTool(Tool.function("no_params", null, null))
        .addTool(new Tool("namespace", "multi_agent", null, null, null, null, ProviderFields.EMPTY))
        .settings(settings().responseFormat(new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null)).build())
        .build());
    assertThat(jsonObject.path("system").get(1).path("text").asString()).isEqualTo(RequestEncoder.JSON_OBJECT_INSTRUCTION);
    assertThat(jsonObject.path("tools")).isEqualTo(tree(
        "[{\"name\":\"no_params\",\"input_schema\":{\"type\":\"object\",\"properties\":{}}}]"));
  }

  @Test
  void aDataUrlImageIsSentAsBase64() {
    JsonNode json = encode(request()
        .addMessage(Message.of(Role.USER, List.of(
            ImageBlock.url("data:image/png;base64,iVBOR"), ImageBlock.url("https://example.com/a.png"))))
        .build());

    assertThat(json.path("messages").get(0).path("content")).isEqualTo(tree(
        "[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBOR\"}},"
            + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/a.png\"}}]"));
  }

  @Test
  void streamAndCountTokensForms() {
    ChatRequest request = request()
        .addMessage(Message.of(Role.USER, List.of(ImageBlock.base64("image/png", "iVBOR"), TextBlock.of("what?"))))
        .settings(settings().maxTokens(64).temperature(0.5).stopSequences(List.of("x")).user("u").build())
        .build();

    assertThat(tree(CODEC.encodeRequest(request, true)).path("stream").asBoolean()).isTrue();
    assertThat(tree(CODEC.encodeCountTokensRequest(request))).isEqualTo(tree(
        "{\"model\":\"claude-sonnet-4-6\",\"messages\":[{\"role\":\"user\",\"content\":["
            + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBOR\"}},"
            + "{\"type\":\"text\",\"text\":\"what?\"}]}]}"));
  }
}
