package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.StreamSupport.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class OpenAiResponsesRequestTest {

  private static ChatRequest decode(String json) {
    return CODEC.decodeRequest(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode encode(ChatRequest request) {
    return StreamSupport.json(CODEC.encodeRequest(request, false));
  }

  private static JsonNode json(String text) {
    return JsonSupport.MAPPER.readTree(text);
  }

  private static JsonNode roundTrip(String json) {
    return encode(decode(json));
  }

  // ---------------------------------------------------------------- decoding what clients send

  @Test
  void stringInputIsOneUserMessage() {
    ChatRequest request = decode("{\"model\":\"gpt-5\",\"input\":\"hi\"}");
    assertThat(request.messages()).containsExactly(Message.user("hi"));
    assertThat(request.stream()).isFalse();
  }

  @Test
  void itemsWithoutTypeAreMessagesWithStringOrPartContent() {
    ChatRequest request = decode("""
        {"model":"gpt-5","stream":true,"input":[
          {"role":"developer","content":"Be brief."},
          {"role":"user","content":[{"type":"input_text","text":"Hello"}]},
          {"role":"assistant","content":"Hi!"}]}""");
    assertThat(request.stream()).isTrue();
    assertThat(request.messages()).extracting(Message::role).containsExactly(Role.DEVELOPER, Role.USER, Role.ASSISTANT);
    assertThat(request.messages()).extracting(Message::text).containsExactly("Be brief.", "Hello", "Hi!");
  }

  @Test
  void codexDeveloperItemsStayInPlaceWithTheirIds() {
    JsonNode body = JsonSupport.MAPPER.readTree(Fixtures.sharedDir().resolve("protocols/captures/codex/text-0001-POST-v1_responses.json").toFile()).get("body");
    ChatRequest request = CODEC.decodeRequest(JsonSupport.writeBytes(body));

    assertThat(request.system()).isEmpty();
    assertThat(request.messages()).extracting(Message::role).containsExactly(Role.DEVELOPER, Role.DEVELOPER, Role.USER, Role.USER);
    assertThat(request.messages().get(0).text()).startsWith("You are a coding agent running in the Codex CLI");
    assertThat(request.messages().get(0).extras().get("id")).isEqualTo("\"msg_d19fbf40-cce0-50f6-aba8-5649787e75b2\"");
    assertThat(request.settings().reasoning()).isEqualTo(new ReasoningConfig(ReasoningConfig.Mode.ENABLED, null, null, true, "auto"));
    assertThat(request.extras().asMap()).containsKeys("include", "store", "prompt_cache_key", "client_metadata");
  }

  @Test
  void aLeadingSystemItemIsReadAsSystemBlocksOnlyInTheFormTheEncoderWrites() {
    ChatRequest two = decode("""
        {"model":"m","input":[{"type":"message","role":"system","content":[
          {"type":"input_text","text":"A"},{"type":"input_text","text":"B"}]},{"role":"user","content":"q"}]}""");
    assertThat(two.system()).extracting(TextBlock::text).containsExactly("A", "B");
    assertThat(two.messages()).containsExactly(Message.user("q"));

    // one part would come back as `instructions`: it stays a system message in place
    ChatRequest one = decode("""
        {"model":"m","input":[{"type":"message","role":"system","content":[{"type":"input_text","text":"A"}]},
          {"role":"user","content":"q"}]}""");
    assertThat(one.system()).isEmpty();
    assertThat(one.messages()).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER);

    ChatRequest withInstructions = decode("""
        {"model":"m","instructions":"I","input":[{"type":"message","role":"system","content":[
          {"type":"input_text","text":"A"},{"type":"input_text","text":"B"}]},{"role":"user","content":"q"}]}""");
    assertThat(withInstructions.system()).extracting(TextBlock::text).containsExactly("I");
    assertThat(withInstructions.messages()).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER);
  }

  @Test
  void assistantSideItemsGroupIntoOneAssistantMessageAndOutputsIntoOneUserMessage() {
    ChatRequest request = decode("""
        {"model":"m","input":[
          {"role":"user","content":"go"},
          {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAA1"},
          {"type":"message","role":"assistant","id":"msg_1","status":"completed","content":[{"type":"output_text","text":"Running.","annotations":[]}]},
          {"type":"function_call","id":"fc_1","status":"completed","call_id":"call_a","name":"exec","arguments":"{\\"cmd\\":  \\"ls\\"}"},
          {"type":"function_call","call_id":"call_b","name":"exec","arguments":{"cmd":"pwd"}},
          {"type":"function_call_output","id":"fco_1","call_id":"call_a","output":"a.txt"},
          {"type":"function_call_output","call_id":"call_b","output":"/"},
          {"role":"user","content":"thanks"}]}""");

    assertThat(request.messages()).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.USER);
    List<ContentBlock> assistant = request.messages().get(1).content();
    assertThat(assistant).hasSize(4);
    ReasoningBlock reasoning = (ReasoningBlock) assistant.get(0);
    assertThat(reasoning.id()).isEqualTo("rs_1");
    assertThat(reasoning.signature()).isEqualTo("gAAA1");
    assertThat(reasoning.origin()).isEqualTo(WireFormat.OPENAI_RESPONSES);
    assertThat(((TextBlock) assistant.get(1)).text()).isEqualTo("Running.");
    ToolCallBlock first = (ToolCallBlock) assistant.get(2);
    assertThat(first.id()).isEqualTo("call_a");
    assertThat(first.arguments()).isEqualTo("{\"cmd\":  \"ls\"}"); // verbatim
    assertThat(first.extras().asMap()).containsEntry("id", "\"fc_1\"").containsEntry("status", "\"completed\"");
    assertThat(((ToolCallBlock) assistant.get(3)).arguments()).isEqualTo("{\"cmd\":\"pwd\"}");

    List<ContentBlock> results = request.messages().get(2).content();
    assertThat(results).extracting(b -> ((ToolResultBlock) b).toolCallId()).containsExactly("call_a", "call_b");
    assertThat(((ToolResultBlock) results.get(0)).name()).isEqualTo("exec");
    assertThat(((ToolResultBlock) results.get(0)).textContent()).isEqualTo("a.txt");
    assertThat(results.get(0).extras().asMap()).containsEntry("id", "\"fco_1\"");
  }

  @Test
  void itemFieldsAndPartFieldsComeBackOnTheirItems() {
    String body = """
        {"model":"m","input":[
          {"type":"message","role":"assistant","id":"msg_1","status":"completed","phase":"commentary",
           "content":[{"type":"output_text","text":"a","annotations":[]},{"type":"refusal","refusal":"no"}]},
          {"type":"message","role":"assistant","id":"msg_2","content":[{"type":"output_text","text":"b"}]},
          {"type":"reasoning","id":"rs_2","status":"completed","summary":[{"type":"summary_text","text":"x"},{"type":"summary_text","text":"y"}],
           "content":[{"type":"reasoning_text","text":"raw"}],"encrypted_content":"gAAA2"},
          {"type":"message","role":"user","id":"msg_3","content":[{"type":"input_image","file_id":"file-1","detail":"low"},
           {"type":"input_file","file_data":"data:application/pdf;base64,JVBE","filename":"a.pdf"},
           {"type":"input_file","file_id":"file-2"},{"type":"input_image","image_url":"https://x/y.png","detail":"high"}]}],
         "include":["reasoning.encrypted_content"],"store":false}""";
    assertThat(roundTrip(body)).isEqualTo(json(body));

    ChatRequest request = decode(body);
    ReasoningBlock reasoning = (ReasoningBlock) request.messages().get(0).content().get(3);
    assertThat(reasoning.text()).isEqualTo("x\n\ny");
    ImageBlock url = (ImageBlock) request.messages().get(1).content().get(3);
    assertThat(url.url()).isEqualTo("https://x/y.png");
    assertThat(url.detail()).isEqualTo("high");
  }

  @Test
  void toolOutputsWithImagesStayPartArraysAndTextOutputsStayStrings() {
    String body = """
        {"model":"m","input":[
          {"type":"function_call","call_id":"c1","name":"view_image","arguments":"{}"},
          {"type":"function_call_output","call_id":"c1","output":[{"type":"input_text","text":"here"},
            {"type":"input_image","image_url":"data:image/png;base64,iVBO","detail":"auto"}]},
          {"type":"custom_tool_call","call_id":"c2","name":"apply_patch","input":"*** Begin Patch\\n*** End Patch"},
          {"type":"custom_tool_call_output","call_id":"c2","output":"done"}],
         "tools":[{"type":"custom","name":"apply_patch","description":"patch","format":{"type":"grammar","syntax":"lark","definition":"start: x"}},
          {"type":"namespace","name":"multi_agent_v1","description":"agents","tools":[{"type":"function","name":"spawn","parameters":{}}]},
          {"type":"web_search","external_web_access":false},{"type":"local_shell"}],
         "tool_choice":{"type":"custom","name":"apply_patch"},"store":false}""";
    assertThat(roundTrip(body)).isEqualTo(json(body));

    ChatRequest request = decode(body);
    ToolResultBlock result = (ToolResultBlock) request.messages().get(1).content().get(0);
    assertThat(result.content()).hasSize(2).element(1).isInstanceOf(ImageBlock.class);
    ToolCallBlock patch = (ToolCallBlock) request.messages().get(2).content().get(0);
    assertThat(JsonSupport.MAPPER.readTree(patch.arguments()).get("input").stringValue()).isEqualTo("*** Begin Patch\n*** End Patch");
    assertThat(request.tools()).extracting(Tool::type).containsExactly("custom", "namespace", "web_search", "local_shell");
    assertThat(request.tools()).extracting(Tool::name).containsExactly("apply_patch", "multi_agent_v1", "web_search", "local_shell");
    assertThat(request.toolChoice()).isEqualTo(ToolChoice.tool("apply_patch"));
  }

  @Test
  void settingsAndTheirUnmappedPartsRoundTrip() {
    String body = """
        {"model":"m","input":"hi","max_output_tokens":100,"temperature":0.5,"top_p":0.9,"parallel_tool_calls":false,
         "reasoning":{"effort":"high","summary":"detailed","context":"all_turns"},
         "text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"},"strict":true,"description":"d"},"verbosity":"low"},
         "include":["reasoning.encrypted_content"],"store":true,"previous_response_id":"resp_1","truncation":"auto",
         "user":"u1","safety_identifier":"s1","metadata":{"k":"v"},"service_tier":"flex","prompt_cache_key":"pk"}""";
    ChatRequest request = decode(body);
    GenerationSettings settings = request.settings();
    assertThat(settings.maxTokens()).isEqualTo(100);
    assertThat(settings.temperature()).isEqualTo(0.5);
    assertThat(settings.topP()).isEqualTo(0.9);
    assertThat(settings.parallelToolCalls()).isFalse();
    assertThat(settings.reasoning()).isEqualTo(new ReasoningConfig(ReasoningConfig.Mode.ENABLED, null, "high", true, "detailed"));
    assertThat(settings.responseFormat()).isEqualTo(new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "answer", "{\"type\":\"object\"}", true));
    assertThat(settings.user()).isEqualTo("u1");
    assertThat(settings.metadata()).isEqualTo(Map.of("k", "v"));
    assertThat(settings.serviceTier()).isEqualTo("flex");

    JsonNode expected = json(body);
    ((tools.jackson.databind.node.ObjectNode) expected).set("input", json("[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]"));
    assertThat(encode(request)).isEqualTo(expected);
  }

  @Test
  void reasoningWithoutSummaryAsksForNoSummary() {
    assertThat(roundTrip("{\"model\":\"m\",\"input\":\"hi\",\"reasoning\":{\"effort\":\"low\"},\"store\":false}").get("reasoning"))
        .isEqualTo(json("{\"effort\":\"low\"}"));
    assertThat(roundTrip("{\"model\":\"m\",\"input\":\"hi\",\"reasoning\":{\"effort\":\"none\"},\"store\":false}").get("reasoning"))
        .isEqualTo(json("{\"effort\":\"none\"}"));
  }

  @Test
  void reasoningItemCarryingAnEnvelopeGivesBackTheForeignBlock() {
    ReasoningBlock thinking = new ReasoningBlock("Let me think.", "EqQBCkYIBRgC", false, null, WireFormat.ANTHROPIC_MESSAGES, ProviderFields.EMPTY);
    String body = """
        {"model":"m","input":[{"role":"user","content":"q"},
          {"type":"reasoning","id":"rs_x","summary":[{"type":"summary_text","text":"Let me think."}],"encrypted_content":"%s"},
          {"type":"function_call","call_id":"toolu_1","name":"f","arguments":"{}"}]}"""
        .formatted(ReasoningEnvelope.wrap(thinking));
    ChatRequest request = decode(body);
    assertThat(request.messages().get(1).content().get(0)).isEqualTo(thinking);

    // to a Responses upstream the foreign block is dropped: OpenAI cannot read it
    JsonNode encoded = encode(request);
    assertThat(encoded.get("input")).hasSize(2);
    assertThat(encoded.get("input").get(1).get("type").stringValue()).isEqualTo("function_call");
  }

  // ---------------------------------------------------------------- encoding for a Responses upstream

  @Test
  void aRequestFromAnotherFormatTakesTheCanonicalEncoderForm() {
    ReasoningBlock anthropicThinking = new ReasoningBlock("hmm", "sig", false, null, WireFormat.ANTHROPIC_MESSAGES, ProviderFields.EMPTY);
    ReasoningBlock ownCarried = new ReasoningBlock("plan", "gAAAenc", false, "rs_orig", WireFormat.OPENAI_RESPONSES, ProviderFields.EMPTY);
    ReasoningBlock carriedByAnthropic = new ReasoningBlock("", ReasoningEnvelope.wrap(ownCarried), false, null, WireFormat.ANTHROPIC_MESSAGES, ProviderFields.EMPTY);
    ChatRequest request = ChatRequest.builder()
        .model("gpt-5.4-mini")
        .addSystem("S1")
        .addSystem(TextBlock.of("S2").withCacheControl(dev.llmrouter.api.model.CacheControl.ephemeral()))
        .addMessage(Message.of(Role.USER, List.of(TextBlock.of("look"), ImageBlock.base64("image/png", "iVBO"))))
        .addMessage(Message.of(Role.ASSISTANT, List.of(anthropicThinking, carriedByAnthropic, TextBlock.of("ok"),
            ToolCallBlock.of("toolu_1", "get_weather", "{\"location\":\"Paris\"}"))))
        .addMessage(Message.of(Role.USER, List.of(
            new ToolResultBlock("toolu_1", "get_weather", List.of(TextBlock.of("boom")), true, null, ProviderFields.EMPTY),
            TextBlock.of("and?"))))
        .addMessage(Message.system("mid-conversation rule"))
        .addTool(Tool.function("get_weather", "Weather", "{\"type\":\"object\"}"))
        .addTool(new Tool("web_search_20250305", "web_search", null, null, null, null,
            ProviderFields.of(WireFormat.ANTHROPIC_MESSAGES, Map.of("max_uses", "3"))))
        .toolChoice(ToolChoice.any())
        .settings(GenerationSettings.builder()
            .maxTokens(1)
            .temperature(0.3)
            .topK(40)
            .seed(7L)
            .stopSequences(List.of("END"))
            .reasoning(ReasoningConfig.budget(2048))
            .responseFormat(ResponseFormat.jsonSchema(null, "{\"type\":\"object\"}"))
            .build())
        .build();

    JsonNode expected = json("""
        {"model":"gpt-5.4-mini","input":[
          {"type":"message","role":"system","content":[{"type":"input_text","text":"S1"},{"type":"input_text","text":"S2"}]},
          {"type":"message","role":"user","content":[{"type":"input_text","text":"look"},
            {"type":"input_image","image_url":"data:image/png;base64,iVBO","detail":"auto"}]},
          {"type":"reasoning","id":"rs_orig","summary":[{"type":"summary_text","text":"plan"}],"encrypted_content":"gAAAenc"},
          {"type":"message","role":"assistant","content":[{"type":"output_text","text":"ok"}]},
          {"type":"function_call","call_id":"toolu_1","name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"},
          {"type":"function_call_output","call_id":"toolu_1","output":"Error: boom"},
          {"type":"message","role":"user","content":[{"type":"input_text","text":"and?"}]},
          {"type":"message","role":"system","content":[{"type":"input_text","text":"mid-conversation rule"}]}],
         "max_output_tokens":16,"temperature":0.3,
         "tools":[{"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object"},"strict":false}],
         "tool_choice":"required",
         "reasoning":{"effort":"medium","summary":"auto"},
         "text":{"format":{"type":"json_schema","name":"output","schema":{"type":"object"}}},
         "include":["reasoning.encrypted_content"],"store":false}""");
    assertThat(encode(request)).isEqualTo(expected);
  }

  @Test
  void streamingAddsTheSwitchAndANonStreamingCallDropsStreamOptions() {
    ChatRequest request = decode("{\"model\":\"m\",\"input\":\"hi\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false}}");
    assertThat(StreamSupport.json(CODEC.encodeRequest(request, true)).get("stream_options")).isNotNull();
    JsonNode plain = StreamSupport.json(CODEC.encodeRequest(request, false));
    assertThat(plain.has("stream")).isFalse();
    assertThat(plain.has("stream_options")).isFalse();
  }

  @Test
  void aNamedToolChoiceIsFlat() {
    ChatRequest request = ChatRequest.builder().model("m").addMessage(Message.user("x"))
        .addTool(Tool.function("f", null, null)).toolChoice(ToolChoice.tool("f")).build();
    JsonNode encoded = encode(request);
    assertThat(encoded.get("tool_choice")).isEqualTo(json("{\"type\":\"function\",\"name\":\"f\"}"));
    assertThat(encoded.get("tools")).isEqualTo(json("[{\"type\":\"function\",\"name\":\"f\",\"strict\":false}]"));
    assertThat(encoded.has("include")).isFalse();
  }

  // ---------------------------------------------------------------- malformed input

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json | request body is not valid JSON",
      "[1,2] | request body must be a JSON object",
      "{\"input\":\"hi\"} | model is required",
      "{\"model\":\"m\"} | input is required",
      "{\"model\":\"m\",\"input\":3} | input must be a string or an array of items",
      "{\"model\":\"m\",\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]} | input[0].role 'robot' is not one of",
      "{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\"}]} | input[0].call_id is required",
      "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]} | input[0].content[0].type 'input_audio' is not a supported content part",
      "{\"model\":\"m\",\"input\":[{\"role\":\"user\"}]} | input[0].content must be a string or an array",
      "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\"}]}]} | input[0].content[0]: input_image needs image_url or file_id",
      "{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":\"many\"} | max_output_tokens must be an integer",
      "{\"model\":\"m\",\"input\":\"x\",\"temperature\":\"hot\"} | temperature must be a number",
      "{\"model\":\"m\",\"input\":\"x\",\"tools\":{}} | tools must be an array",
      "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\"}]} | tools[0].name is required",
      "{\"model\":\"m\",\"input\":\"x\",\"tool_choice\":\"sometimes\"} | tool_choice 'sometimes' is not one of",
      "{\"model\":\"m\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"n\"}}} | text.format.schema must be an object",
      "{\"model\":5,\"input\":\"x\"} | model must be a string",
  })
  void malformedRequestsAreBadRequestsNamingTheField(String body, String message) {
    assertThatThrownBy(() -> decode(body))
        .isInstanceOf(LlmException.class)
        .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(ErrorKind.BAD_REQUEST))
        .hasMessageContaining(message.strip());
  }

  @Test
  void anEmptyBodyIsABadRequest() {
    assertThatThrownBy(() -> CODEC.decodeRequest(new byte[0]))
        .isInstanceOf(LlmException.class)
        .hasMessageContaining("empty");
  }
}
