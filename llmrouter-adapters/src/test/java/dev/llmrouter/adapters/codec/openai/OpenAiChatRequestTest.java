package dev.llmrouter.adapters.codec.openai;

import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.assertSameJson;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.bytes;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.CacheControl;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class OpenAiChatRequestTest {

  private static ChatRequest decode(String json) {
    return CODEC.decodeRequest(bytes(json));
  }

  /** Decoding then encoding gives the body back (the canonical encoder form). */
  private static ChatRequest assertRoundTrip(String json) {
    ChatRequest request = decode(json);
    assertSameJson(json(CODEC.encodeRequest(request, request.stream())), json(json));
    return request;
  }

  private static JsonNode encode(ChatRequest request) {
    return json(CODEC.encodeRequest(request, false));
  }

  // ---- decoding a client's request ----

  @Test
  void leadingDeveloperMessageKeepsItsRoleAndPlaceAndSoDoesTheSystemMessageAfterIt() {
    ChatRequest request = assertRoundTrip("""
        {"model": "gpt-5", "messages": [
          {"role": "developer", "content": "Be brief."},
          {"role": "system", "content": "You are a tutor."},
          {"role": "user", "content": "hi"}]}""");

    assertThat(request.system()).isEmpty();
    assertThat(request.messages()).extracting(Message::role).containsExactly(Role.DEVELOPER, Role.SYSTEM, Role.USER);
  }

  @Test
  void leadingSystemMessagesBecomeTheSystemPromptAndLaterOnesStayInPlace() {
    ChatRequest request = decode("""
        {"model": "gpt-5", "messages": [
          {"role": "system", "content": "A"},
          {"role": "system", "content": [{"type": "text", "text": "B"}]},
          {"role": "user", "content": "hi"},
          {"role": "system", "content": "C"},
          {"role": "developer", "content": "D"}]}""");

    assertThat(request.system()).containsExactly(TextBlock.of("A"), TextBlock.of("B"));
    assertThat(request.messages()).containsExactly(
        Message.user("hi"), Message.system("C"), Message.of(Role.DEVELOPER, List.of(TextBlock.of("D"))));
  }

  @Test
  void consecutiveToolMessagesAndTheUserMessageAfterThemFormOneCanonicalUserMessage() {
    ChatRequest request = assertRoundTrip("""
        {"model": "gpt-5", "messages": [
          {"role": "user", "content": "Weather in Paris and Tokyo?"},
          {"role": "assistant", "content": null, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}},
            {"id": "call_2", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}]},
          {"role": "tool", "tool_call_id": "call_1", "content": "18°C"},
          {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "09:00"}, {"type": "text", "text": "JST"}]},
          {"role": "user", "content": "And tomorrow?"},
          {"role": "user", "content": "Be short."}]}""");

    assertThat(request.messages()).hasSize(4);
    Message turn = request.messages().get(2);
    assertThat(turn.role()).isEqualTo(Role.USER);
    assertThat(turn.content()).containsExactly(
        new ToolResultBlock("call_1", "get_weather", List.of(TextBlock.of("18°C")), false, null, ProviderFields.EMPTY),
        new ToolResultBlock("call_2", "get_time", List.of(TextBlock.of("09:00"), TextBlock.of("JST")), false, null,
            ProviderFields.EMPTY),
        TextBlock.of("And tomorrow?"));
    assertThat(request.messages().get(3)).isEqualTo(Message.user("Be short."));
  }

  @Test
  void assistantHistoryKeepsReasoningFirstThenTextThenCallsWithArgumentsAsSent() {
    ChatRequest request = assertRoundTrip("""
        {"model": "deepseek-reasoner", "messages": [
          {"role": "user", "content": "hi"},
          {"role": "assistant", "content": "Let me look.", "reasoning_content": "User greets.", "refusal": null,
           "tool_calls": [{"id": "call_9", "type": "function",
             "function": {"name": "lookup", "arguments": "{ \\"q\\" :  \\"x\\" }"}}]}]}""");

    Message assistant = request.messages().get(1);
    assertThat(assistant.content()).containsExactly(
        new ReasoningBlock("User greets.", null, false, null, WireFormat.OPENAI_CHAT, ProviderFields.EMPTY),
        TextBlock.of("Let me look."),
        ToolCallBlock.of("call_9", "lookup", "{ \"q\" :  \"x\" }"));
  }

  @Test
  void imagesFilesAndUnknownPartFieldsDecodeAndComeBackUnchanged() {
    ChatRequest request = assertRoundTrip("""
        {"model": "gpt-5", "messages": [{"role": "user", "name": "ann", "content": [
          {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/AA==", "detail": "low"}},
          {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "high"}},
          {"type": "file", "file": {"file_data": "data:application/pdf;base64,JVBERi0=", "filename": "a.pdf"}},
          {"type": "file", "file": {"file_id": "file-abc"}},
          {"type": "text", "text": "What is this?", "prompt_cache_breakpoint": {"mode": "explicit"}}]}]}""");

    List<ContentBlock> content = request.messages().get(0).content();
    assertThat(content.get(0)).isEqualTo(new ImageBlock("image/jpeg", "/9j/AA==", null, "low", null, ProviderFields.EMPTY));
    assertThat(content.get(1)).isEqualTo(new ImageBlock(null, null, "https://example.com/a.png", "high", null,
        ProviderFields.EMPTY));
    assertThat(content.get(2)).isEqualTo(new DocumentBlock("application/pdf", "JVBERi0=", null, null, null, "a.pdf",
        null, null, ProviderFields.EMPTY));
    assertThat(((DocumentBlock) content.get(3)).fileId()).isEqualTo("file-abc");
    assertThat(((TextBlock) content.get(4)).extras().get("prompt_cache_breakpoint")).isEqualTo("{\"mode\":\"explicit\"}");
    assertThat(request.messages().get(0).extras().get("name")).isEqualTo("\"ann\"");
  }

  @Test
  void inputAudioIsRejectedNamingThePart() {
    assertThatThrownBy(() -> decode("""
        {"model": "gpt-5", "messages": [{"role": "user", "content": [
          {"type": "input_audio", "input_audio": {"data": "AAA=", "format": "wav"}}]}]}"""))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
        .hasMessageContaining("messages[0].content[0]")
        .hasMessageContaining("input_audio");
  }

  @Test
  void settingsMapToTheCanonicalModelAndComeBackUnchanged() {
    ChatRequest request = assertRoundTrip("""
        {"model": "gpt-5", "messages": [{"role": "user", "content": "hi"}],
         "max_completion_tokens": 100, "temperature": 0.7, "top_p": 0.9, "stop": ["END", "STOP"], "seed": 42,
         "frequency_penalty": 0.5, "presence_penalty": -0.5, "reasoning_effort": "high", "user": "u-1",
         "metadata": {"team": "a"}, "service_tier": "flex", "n": 1, "logprobs": false, "prompt_cache_key": "k",
         "response_format": {"type": "json_schema",
           "json_schema": {"name": "answer", "schema": {"type": "object"}, "strict": true}}}""");

    GenerationSettings settings = request.settings();
    assertThat(settings.maxTokens()).isEqualTo(100);
    assertThat(settings.temperature()).isEqualTo(0.7);
    assertThat(settings.topP()).isEqualTo(0.9);
    assertThat(settings.stopSequences()).containsExactly("END", "STOP");
    assertThat(settings.seed()).isEqualTo(42L);
    assertThat(settings.frequencyPenalty()).isEqualTo(0.5);
    assertThat(settings.presencePenalty()).isEqualTo(-0.5);
    assertThat(settings.reasoning()).isEqualTo(new ReasoningConfig(ReasoningConfig.Mode.ENABLED, null, "high", null, null));
    assertThat(settings.user()).isEqualTo("u-1");
    assertThat(settings.metadata()).containsEntry("team", "a");
    assertThat(settings.serviceTier()).isEqualTo("flex");
    assertThat(settings.responseFormat()).isEqualTo(
        new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "answer", "{\"type\":\"object\"}", true));
    assertThat(request.extras().asMap()).containsOnlyKeys("n", "logprobs", "prompt_cache_key");
  }

  @Test
  void legacySpellingsAndResponseFormatDetailsSurviveTheRoundTrip() {
    ChatRequest request = assertRoundTrip("""
        {"model": "llama3", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 512,
         "safety_identifier": "hash-1", "stop": ["x"],
         "response_format": {"type": "json_schema",
           "json_schema": {"name": "a", "description": "the answer", "schema": {"type": "object"}}}}""");

    assertThat(request.settings().maxTokens()).isEqualTo(512);
    assertThat(request.settings().user()).isEqualTo("hash-1");
    assertThat(request.settings().responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
  }

  @Test
  void aStopStringIsOneStopSequence() {
    assertThat(decode("""
        {"model": "m", "messages": [], "stop": "END"}""").settings().stopSequences()).containsExactly("END");
  }

  @Test
  void toolsAndToolChoiceDecodeAndComeBackUnchanged() {
    ChatRequest request = assertRoundTrip("""
        {"model": "gpt-5", "messages": [{"role": "user", "content": "hi"}],
         "tools": [
           {"type": "function", "function": {"name": "f", "description": "d",
             "parameters": {"type": "object", "properties": {}}, "strict": true}},
           {"type": "custom", "custom": {"name": "apply_patch", "description": "patch", "format": {"type": "text"}}}],
         "tool_choice": {"type": "function", "function": {"name": "f"}}, "parallel_tool_calls": false}""");

    assertThat(request.tools().get(0)).isEqualTo(
        new Tool("function", "f", "d", "{\"type\":\"object\",\"properties\":{}}", true, null, ProviderFields.EMPTY));
    assertThat(request.tools().get(1).type()).isEqualTo("custom");
    assertThat(request.tools().get(1).name()).isEqualTo("apply_patch");
    assertThat(request.toolChoice()).isEqualTo(ToolChoice.tool("f"));
    assertThat(request.settings().parallelToolCalls()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"auto,AUTO", "required,ANY", "none,NONE"})
  void toolChoiceWords(String word, ToolChoice.Mode mode) {
    ChatRequest request = assertRoundTrip("""
        {"model": "m", "messages": [], "tools": [{"type": "function", "function": {"name": "f"}}],
         "tool_choice": "%s"}""".formatted(word));

    assertThat(request.toolChoice().mode()).isEqualTo(mode);
  }

  @Test
  void chatOnlyToolChoicesAndCustomToolCallsRideInExtras() {
    ChatRequest request = assertRoundTrip("""
        {"model": "gpt-5", "messages": [
          {"role": "user", "content": "patch it"},
          {"role": "assistant", "content": null, "tool_calls": [
            {"id": "call_p", "type": "custom", "custom": {"name": "apply_patch", "input": "*** Begin Patch"}}]}],
         "tools": [{"type": "custom", "custom": {"name": "apply_patch"}}],
         "tool_choice": {"type": "allowed_tools", "allowed_tools": {"mode": "auto", "tools": []}}}""");

    assertThat(request.toolChoice()).isNull();
    ToolCallBlock call = (ToolCallBlock) request.messages().get(1).content().get(0);
    assertThat(call.name()).isEqualTo("apply_patch");
    assertThat(json(call.arguments())).isEqualTo(json("{\"input\": \"*** Begin Patch\"}"));
  }

  @Test
  void flatToolDefinitionsAreAcceptedAndNested() {
    ChatRequest request = decode("""
        {"model": "m", "messages": [], "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}]}""");

    assertThat(encode(request).get("tools")).isEqualTo(json("""
        [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]"""));
  }

  // ---- encoding a canonical request for an upstream ----

  @Test
  void systemBlocksBecomeOneSystemMessageAndDeveloperMessagesKeepTheirRole() {
    ChatRequest request = ChatRequest.builder()
        .model("gpt-5")
        .addSystem("A")
        .addSystem(TextBlock.of("B").withCacheControl(CacheControl.ephemeral()))
        .addMessage(Message.of(Role.DEVELOPER, List.of(TextBlock.of("D"))))
        .addMessage(Message.user("hi"))
        .build();

    assertThat(encode(request).get("messages")).isEqualTo(json("""
        [{"role": "system", "content": [{"type": "text", "text": "A"}, {"type": "text", "text": "B"}]},
         {"role": "developer", "content": "D"},
         {"role": "user", "content": "hi"}]"""));
  }

  @Test
  void toolResultsBecomeToolMessagesRightAfterTheCallsWithImagesAndOtherBlocksInAFollowingUserMessage() {
    String longId = "fc_68f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6";
    ChatRequest request = ChatRequest.builder()
        .model("gpt-5")
        .addMessage(Message.user("Look"))
        .addMessage(Message.of(Role.ASSISTANT, List.of(
            ReasoningBlock.of("thinking", "sig", WireFormat.ANTHROPIC_MESSAGES),
            ToolCallBlock.of(longId, "screenshot", "{\"w\":1}"),
            ToolCallBlock.of("call_2", "fail", ""))))
        .addMessage(Message.of(Role.USER, List.of(
            new ToolResultBlock(longId, "screenshot",
                List.of(TextBlock.of("here"), ImageBlock.base64("image/png", "iVBO")), false, null, ProviderFields.EMPTY),
            new ToolResultBlock("call_2", "fail", List.of(TextBlock.of("boom")), true, null, ProviderFields.EMPTY),
            TextBlock.of("What do you see?"))))
        .build();

    JsonNode messages = encode(request).get("messages");

    String shortId = messages.get(1).get("tool_calls").get(0).get("id").stringValue();
    assertThat(shortId).hasSizeLessThanOrEqualTo(40).isNotEqualTo(longId);
    assertThat(messages).isEqualTo(json("""
        [{"role": "user", "content": "Look"},
         {"role": "assistant", "content": null, "tool_calls": [
           {"id": "%s", "type": "function", "function": {"name": "screenshot", "arguments": "{\\"w\\":1}"}},
           {"id": "call_2", "type": "function", "function": {"name": "fail", "arguments": "{}"}}]},
         {"role": "tool", "tool_call_id": "%s", "content": "here"},
         {"role": "tool", "tool_call_id": "call_2", "content": "Error: boom"},
         {"role": "user", "content": [
           {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBO"}},
           {"type": "text", "text": "What do you see?"}]}]""".formatted(shortId, shortId)));
  }

  @Test
  void onlyReasoningFromAChatServerIsReplayed() {
    ChatRequest request = ChatRequest.builder()
        .model("deepseek-reasoner")
        .addMessage(Message.user("hi"))
        .addMessage(Message.of(Role.ASSISTANT, List.of(
            ReasoningBlock.of("chat thoughts", null, WireFormat.OPENAI_CHAT),
            ReasoningBlock.of("gemini thoughts", "c2ln", WireFormat.GEMINI),
            TextBlock.of("Hello"))))
        .build();

    assertThat(encode(request).get("messages").get(1)).isEqualTo(json("""
        {"role": "assistant", "content": "Hello", "reasoning_content": "chat thoughts"}"""));
  }

  @Test
  void streamingAsksForUsageAndSettingsFollowTheTargetRules() {
    ChatRequest request = ChatRequest.builder()
        .model("gpt-5")
        .addMessage(Message.user("hi"))
        .settings(GenerationSettings.builder()
            .maxTokens(2048)
            .temperature(1.0)
            .topK(40)
            .stopSequences(List.of("a", "b", "c", "d", "e"))
            .parallelToolCalls(false)
            .reasoning(ReasoningConfig.budget(2048))
            .serviceTier("standard_only")
            .build())
        .toolChoice(ToolChoice.any())
        .build();

    JsonNode body = json(CODEC.encodeRequest(request, true));

    assertThat(body).isEqualTo(json("""
        {"model": "gpt-5", "messages": [{"role": "user", "content": "hi"}], "max_completion_tokens": 2048,
         "temperature": 1, "stop": ["a", "b", "c", "d"], "reasoning_effort": "medium", "service_tier": "default",
         "stream": true, "stream_options": {"include_usage": true}}"""));
  }

  @Test
  void aToolChoiceNamingACustomToolUsesTheCustomForm() {
    ChatRequest request = ChatRequest.builder()
        .model("gpt-5")
        .addTool(new Tool("custom", "apply_patch", "patch", null, null, null, ProviderFields.EMPTY))
        .addTool(new Tool("web_search_20250305", "web_search", null, null, null, null, ProviderFields.EMPTY))
        .toolChoice(ToolChoice.tool("apply_patch"))
        .build();

    JsonNode body = encode(request);

    assertThat(body.get("tools")).isEqualTo(json("""
        [{"type": "custom", "custom": {"name": "apply_patch", "description": "patch"}}]"""));
    assertThat(body.get("tool_choice")).isEqualTo(json("""
        {"type": "custom", "custom": {"name": "apply_patch"}}"""));
  }

  @Test
  void aDocumentByUrlCannotBeSentToAChatUpstream() {
    ChatRequest request = ChatRequest.builder()
        .model("gpt-5")
        .addMessage(Message.of(Role.USER, List.of(new DocumentBlock(
            "application/pdf", null, null, "https://example.com/a.pdf", null, null, null, null, ProviderFields.EMPTY))))
        .build();

    assertThatThrownBy(() -> CODEC.encodeRequest(request, false))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
        .hasMessageContaining("document by URL");
  }

  // ---- malformed input ----

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json|not valid JSON",
      "[]|must be a JSON object",
      "{\"messages\": []}|model is required",
      "{\"model\": \"m\"}|messages is required",
      "{\"model\": \"m\", \"messages\": {}}|messages must be an array",
      "{\"model\": \"m\", \"messages\": [{\"content\": \"x\"}]}|messages[0].role is required",
      "{\"model\": \"m\", \"messages\": [{\"role\": \"bot\"}]}|messages[0].role 'bot'",
      "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": 5}]}|messages[0].content must be",
      "{\"model\": \"m\", \"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}|messages[0].tool_call_id is required",
      "{\"model\": \"m\", \"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"function\": {\"name\": \"f\"}}]}]}"
          + "|messages[0].tool_calls[0].id is required",
      "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", "
          + "\"image_url\": {\"url\": \"data:;base64,AA\"}}]}]}|messages[0].content[0].image_url.url",
      "{\"model\": \"m\", \"messages\": [], \"temperature\": \"hot\"}|temperature must be a number",
      "{\"model\": \"m\", \"messages\": [], \"max_tokens\": 1.5}|max_tokens must be a non-negative integer",
      "{\"model\": \"m\", \"messages\": [], \"stop\": 3}|stop must be a string or an array",
      "{\"model\": \"m\", \"messages\": [], \"tools\": [{\"type\": \"function\", \"function\": {}}]}"
          + "|tools[0].function.name is required",
      "{\"model\": \"m\", \"messages\": [], \"tool_choice\": \"sometimes\"}|tool_choice must be",
      "{\"model\": \"m\", \"messages\": [], \"response_format\": {\"type\": \"yaml\"}}|response_format.type 'yaml'",
  })
  void malformedRequestsAreBadRequestsNamingTheField(String body, String expected) {
    assertThatThrownBy(() -> decode(body))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
        .hasMessageContaining(expected);
  }

  @Test
  void anEmptyBodyIsABadRequest() {
    assertThatThrownBy(() -> CODEC.decodeRequest(new byte[0]))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
  }
}
