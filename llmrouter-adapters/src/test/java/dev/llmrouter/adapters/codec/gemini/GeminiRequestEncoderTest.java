package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.assertJsonEquals;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.DocumentBlock;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Canonical requests, as any client may have produced them, written for a Gemini upstream. */
class GeminiRequestEncoderTest {
  private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";

  private static JsonNode encode(ChatRequest request) {
    return json(CODEC.encodeRequest(request, true));
  }

  private static ChatRequest.Builder base() {
    return ChatRequest.builder().model("gemini-2.5-flash");
  }

  private static Message assistant(ContentBlock... blocks) {
    return Message.of(Role.ASSISTANT, List.of(blocks));
  }

  private static Message user(ContentBlock... blocks) {
    return Message.of(Role.USER, List.of(blocks));
  }

  private static ToolCallBlock call(String id, String city) {
    return ToolCallBlock.of(id, "get_weather", "{\"city\":\"" + city + "\"}");
  }

  @Test
  void resultsSplitOverSeveralMessagesJoinOneUserContentInTheCallsOrder() {
    ChatRequest request = base()
        .addMessage(Message.user("Weather in Paris and Tokyo?"))
        .addMessage(assistant(call("call_a", "Paris"), call("call_b", "Tokyo")))
        .addMessage(user(ToolResultBlock.text("call_b", "24°C")))
        .addMessage(user(ToolResultBlock.text("call_a", "18°C")))
        .addMessage(Message.user("Which is warmer?"))
        .build();

    JsonNode contents = encode(request).get("contents");

    assertThat(contents).hasSize(4);
    assertJsonEquals(json("{\"role\":\"user\",\"parts\":["
        + "{\"functionResponse\":{\"id\":\"call_a\",\"name\":\"get_weather\",\"response\":{\"output\":\"18°C\"}}},"
        + "{\"functionResponse\":{\"id\":\"call_b\",\"name\":\"get_weather\",\"response\":{\"output\":\"24°C\"}}}]}"),
        contents.get(2));
    assertThat(contents.get(3).at("/parts/0/text").asString()).isEqualTo("Which is warmer?");
  }

  @Test
  void resultsComeBeforeTheTextOfTheirUserTurn() {
    ChatRequest request = base()
        .addMessage(Message.user("Weather?"))
        .addMessage(assistant(call("call_a", "Paris")))
        .addMessage(user(TextBlock.of("Here you go"), ToolResultBlock.text("call_a", "18°C")))
        .build();

    JsonNode parts = encode(request).at("/contents/2/parts");

    assertThat(parts.get(0).has("functionResponse")).isTrue();
    assertThat(parts.get(1).get("text").asString()).isEqualTo("Here you go");
  }

  @Test
  void errorResultsUseTheErrorKey() {
    ChatRequest request = base()
        .addMessage(Message.user("Weather?"))
        .addMessage(assistant(call("call_a", "Paris")))
        .addMessage(user(new ToolResultBlock("call_a", null, List.of(TextBlock.of("timeout")), true, null, null)))
        .build();

    assertJsonEquals(json("{\"error\":\"timeout\"}"), encode(request).at("/contents/2/parts/0/functionResponse/response"));
  }

  @Test
  void aResultThatNamesNoToolAndAnswersNoCallIsABadRequest() {
    ChatRequest request = base().addMessage(user(ToolResultBlock.text("call_lost", "x"))).build();

    assertThatThrownBy(() -> CODEC.encodeRequest(request, false))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
        .hasMessageContaining("call_lost");
  }

  @Test
  void imagesInAResultGoInTheFunctionResponseParts() {
    ChatRequest request = base()
        .addMessage(Message.user("Screenshot?"))
        .addMessage(assistant(ToolCallBlock.of("c1", "screenshot", "{}")))
        .addMessage(user(new ToolResultBlock("c1", null,
            List.of(TextBlock.of("done"), ImageBlock.base64("image/png", "iVBOR")), false, null, null)))
        .build();

    assertJsonEquals(json("{\"id\":\"c1\",\"name\":\"screenshot\",\"response\":{\"output\":\"done\"},"
            + "\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBOR\"}}]}"),
        encode(request).at("/contents/2/parts/0/functionResponse"));
  }

  @Test
  void unsignedStepsOfTheCurrentTurnOnlyGetTheSkipSignature() {
    ReasoningBlock claudeThinking = ReasoningBlock.of("Let me look.", "EqQBCkYIARgC", WireFormat.ANTHROPIC_MESSAGES);
    ChatRequest request = base()
        .addMessage(Message.user("Paris?"))
        .addMessage(assistant(call("old", "Paris")))
        .addMessage(user(ToolResultBlock.text("old", "18°C")))
        .addMessage(Message.assistant("18°C in Paris."))
        .addMessage(Message.user("Tokyo and Rome?"))
        .addMessage(assistant(claudeThinking, call("t1", "Tokyo"), call("t2", "Rome")))
        .addMessage(user(ToolResultBlock.text("t1", "24°C"), ToolResultBlock.text("t2", "20°C")))
        .addMessage(assistant(TextBlock.of("And Oslo:"), call("o1", "Oslo")))
        .addMessage(user(ToolResultBlock.text("o1", "2°C")))
        .build();

    JsonNode contents = encode(request).get("contents");

    assertThat(contents.at("/1/parts/0").has("thoughtSignature")).as("an earlier turn is not validated").isFalse();
    assertThat(contents.at("/5/parts")).hasSize(2).as("Claude's thinking is dropped");
    assertThat(contents.at("/5/parts/0/thoughtSignature").asString()).isEqualTo(GeminiRequestEncoder.SKIP_SIGNATURE);
    assertThat(contents.at("/5/parts/1").has("thoughtSignature")).as("only the first call of a step").isFalse();
    assertThat(contents.at("/7/parts/0").has("thoughtSignature")).isFalse();
    assertThat(contents.at("/7/parts/1/thoughtSignature").asString()).isEqualTo(GeminiRequestEncoder.SKIP_SIGNATURE);
    assertThat(contents.toString()).doesNotContain("EqQBCkYIARgC", "Let me look.");
  }

  @Test
  void aGeminiSignatureGoesBackOnTheCallItLedTo() {
    ChatRequest request = base()
        .addMessage(Message.user("Paris?"))
        .addMessage(assistant(TextBlock.of("Checking."), ReasoningBlock.of("", "c2lnLWdlbWluaQ==", WireFormat.GEMINI),
            call("p", "Paris")))
        .addMessage(user(ToolResultBlock.text("p", "18°C")))
        .build();

    JsonNode parts = encode(request).at("/contents/1/parts");

    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).has("thoughtSignature")).isFalse();
    assertThat(parts.get(1).get("thoughtSignature").asString()).isEqualTo("c2lnLWdlbWluaQ==");
  }

  @Test
  void aGeminiBlockCarriedInsideAnotherFormatsEnvelopeIsUnwrapped() {
    String envelope = ReasoningEnvelope.wrap(ReasoningBlock.of("", "c2lnLWdlbWluaQ==", WireFormat.GEMINI));
    ChatRequest request = base()
        .addMessage(Message.user("Paris?"))
        .addMessage(assistant(ReasoningBlock.of("", envelope, WireFormat.ANTHROPIC_MESSAGES), call("p", "Paris")))
        .addMessage(user(ToolResultBlock.text("p", "18°C")))
        .build();

    assertThat(encode(request).at("/contents/1/parts/0/thoughtSignature").asString()).isEqualTo("c2lnLWdlbWluaQ==");
  }

  @Test
  void systemMessagesBeforeTheConversationJoinTheInstructionLaterOnesBecomeTaggedUserText() {
    ChatRequest request = base()
        .addSystem("Be brief.")
        .addMessage(Message.of(Role.DEVELOPER, List.of(TextBlock.of("Use metric units."))))
        .addMessage(Message.user("Weather?"))
        .addMessage(Message.system("The user is in Paris."))
        .build();

    JsonNode body = encode(request);

    assertJsonEquals(json("{\"parts\":[{\"text\":\"Be brief.\"},{\"text\":\"Use metric units.\"}]}"), body.get("systemInstruction"));
    assertThat(body.get("contents")).hasSize(2);
    assertThat(body.at("/contents/1/role").asString()).isEqualTo("user");
    assertThat(body.at("/contents/1/parts/0/text").asString()).isEqualTo("<system>\nThe user is in Paris.\n</system>");
  }

  @Test
  void imagesAndDocumentsBecomeInlineOrFileData() {
    ChatRequest request = base()
        .addMessage(user(
            ImageBlock.base64("image/png", "iVBOR"),
            ImageBlock.url("https://files.example/red.png?x=1"),
            ImageBlock.url("data:image/jpeg;base64,/9j/4AAQ"),
            DocumentBlock.pdf("JVBERi0"),
            new DocumentBlock("application/pdf", null, null, "gs://bucket/a.pdf", null, null, null, null, null),
            TextBlock.of("Describe them.")))
        .build();

    assertJsonEquals(json("[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBOR\"}},"
            + "{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"https://files.example/red.png?x=1\"}},"
            + "{\"inlineData\":{\"mimeType\":\"image/jpeg\",\"data\":\"/9j/4AAQ\"}},"
            + "{\"inlineData\":{\"mimeType\":\"application/pdf\",\"data\":\"JVBERi0\"}},"
            + "{\"fileData\":{\"mimeType\":\"application/pdf\",\"fileUri\":\"gs://bucket/a.pdf\"}},"
            + "{\"text\":\"Describe them.\"}]"),
        encode(request).at("/contents/0/parts"));
  }

  @Test
  void emptyTextAndEmptyTurnsAreNotSent() {
    ChatRequest request = base()
        .addMessage(user(TextBlock.of(""), TextBlock.of("Hi")))
        .addMessage(assistant(TextBlock.of("")))
        .build();

    assertJsonEquals(json("[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]"), encode(request).get("contents"));
  }

  @Test
  void argumentsThatAreNotAJsonObjectBecomeAnEmptyObject() {
    ChatRequest request = base()
        .addMessage(Message.user("Go"))
        .addMessage(assistant(ToolCallBlock.of("c", "run", "{\"cmd\":\"ls"), ToolCallBlock.of("d", "run", "")))
        .build();

    JsonNode parts = encode(request).at("/contents/1/parts");

    assertJsonEquals(json("{}"), parts.at("/0/functionCall/args"));
    assertJsonEquals(json("{}"), parts.at("/1/functionCall/args"));
  }

  @Test
  void settingsMapToGenerationConfigAndTheUserIdIsDropped() {
    GenerationSettings settings = GenerationSettings.builder()
        .maxTokens(512).temperature(0.3).topP(0.9).topK(40).stopSequences(List.of("END")).seed(7L)
        .presencePenalty(0.1).frequencyPenalty(0.2).parallelToolCalls(false)
        .responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}"))
        .user("user-42").putMetadata("team", "a").serviceTier("flex")
        .build();

    JsonNode body = encode(base().addMessage(Message.user("Hi")).settings(settings).build());

    assertJsonEquals(json("{\"maxOutputTokens\":512,\"temperature\":0.3,\"topP\":0.9,\"topK\":40,"
            + "\"stopSequences\":[\"END\"],\"seed\":7,\"presencePenalty\":0.1,\"frequencyPenalty\":0.2,"
            + "\"responseMimeType\":\"application/json\",\"responseJsonSchema\":{\"type\":\"object\"}}"),
        body.get("generationConfig"));
    assertThat(body.get("serviceTier").asString()).isEqualTo("flex");
    assertThat(body.toString()).doesNotContain("user-42", "team");
  }

  @Test
  void reasoningMapsToThinkingConfig() {
    assertThat(thinking(new ReasoningConfig(ReasoningConfig.Mode.ENABLED, 2048, null, true, null)))
        .isEqualTo(json("{\"thinkingBudget\":2048,\"includeThoughts\":true}"));
    assertThat(thinking(ReasoningConfig.effort("medium"))).isEqualTo(json("{\"thinkingLevel\":\"MEDIUM\"}"));
    assertThat(thinking(ReasoningConfig.effort("xhigh"))).isEqualTo(json("{\"thinkingLevel\":\"HIGH\"}"));
    assertThat(thinking(ReasoningConfig.effort("none"))).isEqualTo(json("{\"thinkingBudget\":0}"));
    assertThat(thinking(ReasoningConfig.disabled())).isEqualTo(json("{\"thinkingBudget\":0}"));
    assertThat(thinking(new ReasoningConfig(ReasoningConfig.Mode.ADAPTIVE, null, null, true, null)))
        .isEqualTo(json("{\"includeThoughts\":true}"));
  }

  private static JsonNode thinking(ReasoningConfig reasoning) {
    ChatRequest request = base().addMessage(Message.user("Hi"))
        .settings(GenerationSettings.builder().reasoning(reasoning).build()).build();
    return encode(request).at("/generationConfig/thinkingConfig");
  }

  @Test
  void toolChoiceMapsToFunctionCallingConfig() {
    assertThat(choice(ToolChoice.auto())).isEqualTo(json("{\"mode\":\"AUTO\"}"));
    assertThat(choice(ToolChoice.any())).isEqualTo(json("{\"mode\":\"ANY\"}"));
    assertThat(choice(ToolChoice.none())).isEqualTo(json("{\"mode\":\"NONE\"}"));
    assertThat(choice(ToolChoice.tool("get_weather")))
        .isEqualTo(json("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}"));
  }

  @Test
  void aClientsFunctionNamesGoOnlyWithModeAny() {
    ChatRequest decoded = CODEC.decodeRequest(GeminiTestSupport.bytes("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],"
        + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"a\"},{\"name\":\"b\"}]}],"
        + "\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"a\",\"b\"]}}}"));

    JsonNode relaxed = encode(decoded.toBuilder().toolChoice(ToolChoice.auto()).build()).at("/toolConfig");

    assertThat(encode(decoded).at("/toolConfig/functionCallingConfig/allowedFunctionNames")).hasSize(2);
    assertJsonEquals(json("{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}"), relaxed);
  }

  private static JsonNode choice(ToolChoice choice) {
    ChatRequest request = base().addMessage(Message.user("Hi"))
        .addTool(Tool.function("get_weather", "Weather", WEATHER_SCHEMA)).toolChoice(choice).build();
    return encode(request).at("/toolConfig/functionCallingConfig");
  }

  @Test
  void toolsUseParametersJsonSchemaWithoutDollarSchemaAndOtherProvidersBuiltInsAreDropped() {
    ChatRequest request = base().addMessage(Message.user("Hi"))
        .addTool(new Tool("web_search_20250305", "web_search", null, null, null, null,
            ProviderFields.of(WireFormat.ANTHROPIC_MESSAGES, Map.of("max_uses", "5"))))
        .addTool(Tool.function("get_weather", "Weather",
            "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"additionalProperties\":false}"))
        .addTool(Tool.function("ping", null, null))
        .build();

    assertJsonEquals(json("[{\"functionDeclarations\":["
            + "{\"name\":\"get_weather\",\"description\":\"Weather\",\"parametersJsonSchema\":{\"type\":\"object\",\"additionalProperties\":false}},"
            + "{\"name\":\"ping\"}]}]"),
        encode(request).get("tools"));
  }

  @Test
  void aToolReadFromParametersIsSanitisedWhenItsSchemaChanged() {
    ChatRequest decoded = CODEC.decodeRequest(GeminiTestSupport.bytes("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],"
        + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\",\"parameters\":{\"type\":\"OBJECT\"}}]}]}"));
    Tool tool = decoded.tools().get(0);
    Tool changed = new Tool(Tool.FUNCTION, "f", null,
        "{\"type\":\"object\",\"properties\":{\"u\":{\"type\":\"string\",\"format\":\"uri\"}},\"additionalProperties\":false}",
        null, null, tool.extras());

    assertJsonEquals(json("{\"type\":\"OBJECT\"}"), encode(decoded).at("/tools/0/functionDeclarations/0/parameters"));
    assertJsonEquals(json("{\"type\":\"object\",\"properties\":{\"u\":{\"type\":\"string\",\"description\":\"(format: uri)\"}}}"),
        encode(decoded.toBuilder().tools(List.of(changed)).build()).at("/tools/0/functionDeclarations/0/parameters"));
  }

  @Test
  void anInvalidToolSchemaIsABadRequest() {
    ChatRequest request = base().addMessage(Message.user("Hi")).addTool(Tool.function("f", null, "[1,2")).build();

    assertThatThrownBy(() -> CODEC.encodeRequest(request, false))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
        .hasMessageContaining("tool 'f'");
  }
}
