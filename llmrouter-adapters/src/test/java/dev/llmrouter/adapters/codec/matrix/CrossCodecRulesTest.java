package dev.llmrouter.adapters.codec.matrix;

import static dev.llmrouter.adapters.codec.matrix.Format.ANTHROPIC;
import static dev.llmrouter.adapters.codec.matrix.Format.CHAT;
import static dev.llmrouter.adapters.codec.matrix.Format.GEMINI;
import static dev.llmrouter.adapters.codec.matrix.Format.RESPONSES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.ChatResponseAccumulator;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The rules a translation needs beyond one codec, checked through the codecs of every pair: tool names
 * each target accepts and the client gets back (§8.0, P12), Codex's custom and namespace tools through
 * any upstream (P22), hosted tools without an equivalent dropped, system and developer instructions in
 * each target's system slot (§8.0), and blocks another format could not read never sent as empty text.
 */
class CrossCodecRulesTest {
  private static final Pattern OPENAI_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
  private static final Pattern ANTHROPIC_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,128}$");
  private static final Pattern GEMINI_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$");

  // ---------------------------------------------------------------- tool names (P12)

  /** A name valid for the client that some target rejects: too long for OpenAI, or dotted (Gemini and MCP). */
  static Stream<Arguments> names() {
    List<Arguments> out = new ArrayList<>();
    String longName = "mcp__github_enterprise_server__list_pull_request_review_comments_for_repository";
    for (Format client : Format.values()) {
      for (Format upstream : Format.values()) {
        if (client != CHAT && client != RESPONSES) {
          out.add(Arguments.of(client, upstream, longName));
        }
        if (client == GEMINI) {
          out.add(Arguments.of(client, upstream, "files.read:v2"));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} client -> {1} upstream: {2}")
  @MethodSource("names")
  void aToolNameTheTargetRejectsIsRewrittenTheSameWayEverywhereAndComesBackToTheClient(
      Format client, Format upstream, String name) {
    ChatRequest request = ChatRequest.builder().model("m")
        .addTool(Tool.function(name, "Reads.", "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}"))
        .toolChoice(ToolChoice.tool(name))
        .addMessage(Message.user("Read it."))
        .addMessage(Message.of(Role.ASSISTANT, List.of(ToolCallBlock.of("toolu_1", name, "{\"path\":\"a\"}"))))
        .addMessage(Message.of(Role.USER, List.of(new ToolResultBlock("toolu_1", name, List.of(TextBlock.of("x")),
            false, null, null))))
        .build();

    JsonNode body = upstreamBody(upstream, request);
    List<String> sent = namesIn(upstream, body);
    assertThat(sent).as("tool, choice, call and result names sent").isNotEmpty()
        .allMatch(n -> rule(upstream).matcher(n).matches())
        .containsOnly(sent.get(0));
    if (rule(upstream).matcher(name).matches()) {
      assertThat(sent.get(0)).isEqualTo(name);
    }

    ChatResponse whole = translatedResponse(upstream, client, request, "03-tool-call", "get_weather", sent.get(0));
    assertThat(whole.toolCalls()).extracting(ToolCallBlock::name).containsExactly(name);
    ChatResponse streamed = translatedStream(upstream, client, request, "03-tool-call", "get_weather", sent.get(0));
    assertThat(streamed.toolCalls()).extracting(ToolCallBlock::name).containsExactly(name);
  }

  private static Pattern rule(Format target) {
    switch (target) {
      case ANTHROPIC:
        return ANTHROPIC_NAME;
      case GEMINI:
        return GEMINI_NAME;
      default:
        return OPENAI_NAME;
    }
  }

  /** Every tool name a body of {@code format} mentions. */
  private static List<String> namesIn(Format format, JsonNode body) {
    List<String> names = new ArrayList<>();
    JsonCompare.walk(body, node -> {
      if (!node.isObject()) {
        return;
      }
      String type = node.path("type").asString("");
      if (format == GEMINI) {
        if (node.has("functionDeclarations")) {
          node.get("functionDeclarations").forEach(d -> names.add(d.get("name").stringValue()));
        }
        for (String part : List.of("functionCall", "functionResponse")) {
          if (node.has(part)) {
            names.add(node.get(part).get("name").stringValue());
          }
        }
        node.path("allowedFunctionNames").forEach(n -> names.add(n.stringValue()));
      } else if (format == CHAT) {
        if (node.has("function") && node.get("function").has("name")) {
          names.add(node.get("function").get("name").stringValue());
        }
      } else if (node.has("name") && !type.equals("thinking")
          && (format == ANTHROPIC || type.equals("function") || type.equals("function_call"))) {
        names.add(node.get("name").stringValue());
      }
    });
    return names;
  }

  // ---------------------------------------------------------------- Codex custom and namespace tools (P22)

  private static final String CODEX_TOOLS = """
      {"model":"gpt-5-codex","input":[
        {"type":"message","role":"user","content":[{"type":"input_text","text":"Fix the bug."}]},
        {"type":"custom_tool_call","call_id":"call_p1","name":"apply_patch","input":"*** Begin Patch\\n*** End Patch"},
        {"type":"custom_tool_call_output","call_id":"call_p1","output":"Done!"},
        {"type":"function_call","call_id":"call_s1","namespace":"multi_agent_v1","name":"spawn_agent","arguments":"{\\"task\\":\\"a\\"}"},
        {"type":"function_call_output","call_id":"call_s1","output":"agent-1"}],
       "tools":[
        {"type":"custom","name":"apply_patch","description":"Edit files.","format":{"type":"grammar","syntax":"lark","definition":"start: begin_patch"}},
        {"type":"namespace","name":"multi_agent_v1","description":"Sub-agents.","tools":[
          {"type":"function","name":"spawn_agent","description":"Spawn.","strict":false,
           "parameters":{"type":"object","properties":{"task":{"type":"string"}},"required":["task"]}}]},
        {"type":"web_search","external_web_access":false},
        {"type":"local_shell"}],
       "store":false}""";

  @ParameterizedTest(name = "Codex -> {0}")
  @EnumSource(value = Format.class, names = {"ANTHROPIC", "CHAT", "GEMINI"})
  void codexCustomAndNamespaceToolsAreFunctionsUpstreamAndHostedToolsAreDropped(Format upstream) {
    ChatRequest request = RESPONSES.codec().decodeRequest(bytes(CODEX_TOOLS));
    JsonNode body = upstreamBody(upstream, request);

    assertThat(namesIn(upstream, body)).as("declarations and the calls of the history")
        .contains("apply_patch", "multi_agent_v1__spawn_agent")
        .containsOnly("apply_patch", "multi_agent_v1__spawn_agent");
    JsonNode patchSchema = declaration(upstream, body, "apply_patch");
    assertThat(patchSchema.path("properties").path("input").path("type").asString()).isEqualTo("string");
    assertThat(patchSchema.path("properties").path("input").path("description").asString()).contains("start: begin_patch");
    assertThat(patchSchema.path("required").get(0).asString()).isEqualTo("input");
    assertThat(body.toString()).doesNotContain("web_search").doesNotContain("local_shell");
    assertThat(body.toString()).contains("*** Begin Patch").contains("Done!").contains("agent-1");
  }

  @ParameterizedTest(name = "Codex <- {0}")
  @EnumSource(value = Format.class, names = {"ANTHROPIC", "CHAT", "GEMINI"})
  void callsToCustomAndNamespaceToolsComeBackToCodexInTheirOwnItems(Format upstream) {
    ChatRequest request = RESPONSES.codec().decodeRequest(bytes(CODEX_TOOLS));
    String patchArgs = "{\"input\": \"*** Begin Patch\\n*** Update File: a.py\\n*** End Patch\"}";

    ChatResponse patch = translatedResponse(upstream, RESPONSES, request, "03-tool-call", "get_weather", "apply_patch");
    assertThat(patch.toolCalls()).extracting(ToolCallBlock::name).containsExactly("apply_patch");
    JsonNode item = lastOutputItem(upstream, request, "apply_patch", patchArgs);
    assertThat(item.path("type").asString()).isEqualTo("custom_tool_call");
    assertThat(item.path("name").asString()).isEqualTo("apply_patch");
    assertThat(item.path("input").asString()).isEqualTo("*** Begin Patch\n*** Update File: a.py\n*** End Patch");
    assertThat(item.has("arguments")).isFalse();

    JsonNode spawn = lastOutputItem(upstream, request, "multi_agent_v1__spawn_agent", "{\"task\": \"b\"}");
    assertThat(spawn.path("type").asString()).isEqualTo("function_call");
    assertThat(spawn.path("name").asString()).isEqualTo("spawn_agent");
    assertThat(spawn.path("namespace").asString()).isEqualTo("multi_agent_v1");
    assertThat(JsonSupport.parseOrNull(spawn.path("arguments").asString())).isEqualTo(JsonSupport.parseOrNull("{\"task\":\"b\"}"));
  }

  /** Streamed, a custom call's input is held until the call is whole, then sent as Codex expects it. */
  @Test
  void aStreamedCallToACustomToolComesBackToCodexAsCustomToolInputEvents() {
    ChatRequest request = RESPONSES.codec().decodeRequest(bytes(CODEX_TOOLS.replace("\"store\":false", "\"store\":false,\"stream\":true")));
    List<StreamEvent> events = List.of(
        new StreamEvent.MessageStart("msg_1", "claude-sonnet-4-6", Usage.builder().inputTokens(10).build()),
        new StreamEvent.BlockStart(0, ToolCallBlock.of("toolu_9", "apply_patch", "")),
        new StreamEvent.ToolArgumentsDelta(0, "{\"input\": \"*** Begin Patch\\n"),
        new StreamEvent.ToolArgumentsDelta(0, "*** End Patch\"}"),
        new StreamEvent.BlockStop(0),
        new StreamEvent.UsageUpdate(Usage.builder().inputTokens(10).outputTokens(5).build()),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE), null),
        new StreamEvent.MessageStop());
    StreamEncoder encoder = RESPONSES.codec().newStreamEncoder(request);
    List<SseEvent> written = new ArrayList<>();
    events.forEach(e -> encoder.encode(e, written::add));

    RESPONSES.validateStream(written, request);
    assertThat(written).extracting(SseEvent::event)
        .contains("response.custom_tool_call_input.delta", "response.custom_tool_call_input.done")
        .doesNotContain("response.function_call_arguments.delta");
    JsonNode completed = JsonSupport.MAPPER.readTree(written.get(written.size() - 1).data()).path("response");
    JsonNode call = completed.path("output").get(0);
    assertThat(call.path("type").asString()).isEqualTo("custom_tool_call");
    assertThat(call.path("input").asString()).isEqualTo("*** Begin Patch\n*** End Patch");
  }

  @ParameterizedTest(name = "Codex <- {0} stream")
  @EnumSource(value = Format.class, names = {"ANTHROPIC", "CHAT", "GEMINI"})
  void aStreamedCallToANamespaceMemberComesBackToCodexWithItsNamespace(Format upstream) {
    ChatRequest request = RESPONSES.codec().decodeRequest(bytes(CODEX_TOOLS.replace("\"store\":false", "\"store\":false,\"stream\":true")));
    List<SseEvent> written = streamToClient(upstream, RESPONSES, request, "03-tool-call", "get_weather",
        "multi_agent_v1__spawn_agent");

    RESPONSES.validateStream(written, request);
    JsonNode done = JsonSupport.MAPPER.readTree(written.get(written.size() - 1).data()).path("response");
    JsonNode spawn = done.path("output").get(done.path("output").size() - 1);
    assertThat(spawn.path("type").asString()).isEqualTo("function_call");
    assertThat(spawn.path("name").asString()).isEqualTo("spawn_agent");
    assertThat(spawn.path("namespace").asString()).isEqualTo("multi_agent_v1");
  }

  /** Server tools of Anthropic and Gemini's built-in tools have no equivalent elsewhere: dropped, not an error. */
  @Test
  void hostedToolsOfAnthropicAndGeminiAreDroppedForOtherUpstreams() {
    ChatRequest anthropic = ANTHROPIC.codec().decodeRequest(bytes("""
        {"model":"claude-sonnet-4-6","max_tokens":100,"messages":[{"role":"user","content":"hi"}],
         "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":3},
                  {"name":"get_weather","input_schema":{"type":"object"}}]}"""));
    ChatRequest gemini = GEMINI.codec().decodeRequest(bytes("""
        {"contents":[{"role":"user","parts":[{"text":"hi"}]}],
         "tools":[{"googleSearch":{}},{"codeExecution":{}},
                  {"functionDeclarations":[{"name":"get_weather","parametersJsonSchema":{"type":"object"}}]}]}"""));
    for (Format upstream : Format.values()) {
      if (upstream != ANTHROPIC) {
        JsonNode body = upstreamBody(upstream, anthropic);
        assertThat(namesIn(upstream, body)).as(upstream.dir()).containsExactly("get_weather");
        assertThat(body.toString()).doesNotContain("web_search");
      }
      if (upstream != GEMINI) {
        JsonNode body = upstreamBody(upstream, gemini);
        assertThat(namesIn(upstream, body)).as(upstream.dir()).containsExactly("get_weather");
        assertThat(body.toString()).doesNotContain("googleSearch").doesNotContain("codeExecution");
      }
    }
  }

  /** When every tool was a hosted one and is dropped, a tool choice would name nothing: it is left out too. */
  @ParameterizedTest(name = "Codex -> {0}")
  @EnumSource(value = Format.class, names = {"ANTHROPIC", "CHAT", "GEMINI"})
  void aToolChoiceIsLeftOutWhenEveryToolWasDropped(Format upstream) {
    ChatRequest request = RESPONSES.codec().decodeRequest(bytes("""
        {"model":"gpt-5-codex","input":"Search.","tools":[{"type":"web_search"}],"tool_choice":"required",
         "parallel_tool_calls":false,"store":false}"""));
    JsonNode body = upstreamBody(upstream, request);

    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
    assertThat(body.has("toolConfig")).isFalse();
  }

  // ---------------------------------------------------------------- system and developer instructions (§8.0)

  private static final String CODEX_INSTRUCTIONS = """
      {"model":"gpt-5-codex","input":[
        {"type":"message","role":"developer","content":[{"type":"input_text","text":"You are Codex."}]},
        {"type":"message","role":"developer","content":[{"type":"input_text","text":"Skills: none."}]},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]},
        {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hello"}]},
        {"type":"message","role":"developer","content":[{"type":"input_text","text":"Now be brief."}]},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"Why?"}]}],
       "store":false}""";

  @Test
  void codexsLeadingDeveloperItemsAreTheSystemPromptOfEveryTargetAndLaterOnesStayInPlace() {
    ChatRequest request = RESPONSES.codec().decodeRequest(bytes(CODEX_INSTRUCTIONS));

    JsonNode anthropic = upstreamBody(ANTHROPIC, request);
    assertThat(anthropic.path("system").findValuesAsString("text")).containsExactly("You are Codex.", "Skills: none.");
    assertThat(anthropic.path("messages")).hasSize(3);
    assertThat(anthropic.path("messages").get(2).path("content").findValuesAsString("text"))
        .containsExactly("System: Now be brief.", "Why?");

    JsonNode gemini = upstreamBody(GEMINI, request);
    assertThat(gemini.path("systemInstruction").path("parts").findValuesAsString("text"))
        .containsExactly("You are Codex.", "Skills: none.");
    assertThat(gemini.path("contents").findValuesAsString("text"))
        .containsExactly("Hi", "Hello", "<system>\nNow be brief.\n</system>", "Why?");

    JsonNode chat = upstreamBody(CHAT, request);
    assertThat(chat.path("messages").findValuesAsString("role"))
        .containsExactly("developer", "developer", "user", "assistant", "developer", "user");
  }

  @Test
  void aChatClientsSystemAndLeadingDeveloperMessagesAreTheSystemPromptOfEveryTarget() {
    ChatRequest request = CHAT.codec().decodeRequest(bytes("""
        {"model":"gpt-5.4-mini","messages":[{"role":"system","content":"Be kind."},
          {"role":"developer","content":"Use tools."},{"role":"user","content":"Hi"}]}"""));

    assertThat(upstreamBody(ANTHROPIC, request).path("system").findValuesAsString("text"))
        .containsExactly("Be kind.", "Use tools.");
    assertThat(upstreamBody(GEMINI, request).path("systemInstruction").path("parts").findValuesAsString("text"))
        .containsExactly("Be kind.", "Use tools.");
    JsonNode responses = upstreamBody(RESPONSES, request);
    assertThat(responses.path("instructions").asString()).isEqualTo("Be kind.");
    assertThat(responses.path("input").get(0).path("role").asString()).isEqualTo("developer");
  }

  // ---------------------------------------------------------------- blocks other formats cannot read

  /**
   * Anthropic server-tool blocks and Gemini's executable code ride as empty text blocks carrying the
   * original (for a peer of their own format); every other encoder leaves them out rather than send
   * an empty text part (P15).
   */
  @Test
  void blocksWithoutACanonicalTypeNeverBecomeEmptyTextElsewhere() {
    ChatRequest anthropic = ANTHROPIC.codec().decodeRequest(bytes("""
        {"model":"claude-sonnet-4-6","max_tokens":100,"messages":[
          {"role":"user","content":"Search the news."},
          {"role":"assistant","content":[
            {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"news"}},
            {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
            {"type":"text","text":"Nothing new."}]},
          {"role":"user","content":"Thanks"}]}"""));
    ChatRequest gemini = GEMINI.codec().decodeRequest(bytes("""
        {"contents":[{"role":"user","parts":[{"text":"Compute."}]},
          {"role":"model","parts":[{"executableCode":{"language":"PYTHON","code":"print(1)"}},
            {"codeExecutionResult":{"outcome":"OUTCOME_OK","output":"1"}},{"text":"It is 1."}]},
          {"role":"user","parts":[{"text":"Thanks"}]}]}"""));
    assertThat(anthropic.messages().get(1).content()).filteredOn(CrossCodecRulesTest::isEmptyText).hasSize(2);
    assertThat(gemini.messages().get(1).content()).filteredOn(CrossCodecRulesTest::isEmptyText).hasSize(2);

    for (Format upstream : Format.values()) {
      for (ChatRequest request : List.of(anthropic, gemini)) {
        if (upstream.wire() == request.messages().get(1).content().get(0).extras().origin()) {
          continue;
        }
        JsonNode body = upstreamBody(upstream, request);
        String answer = request == anthropic ? "Nothing new." : "It is 1.";
        List<String> texts = new ArrayList<>();
        JsonCompare.walk(body, node -> {
          if (node.isObject() && node.has("text") && node.get("text").isString()) {
            texts.add(node.get("text").stringValue());
          }
          if (node.isObject() && node.has("content") && node.get("content").isString()) {
            texts.add(node.get("content").stringValue());
          }
        });
        assertThat(texts).as(upstream.dir()).doesNotContain("").contains(answer);
      }
    }
  }

  /** The same for answers: an Anthropic upstream's server-tool blocks reach no other client as empty text. */
  @ParameterizedTest(name = "{0} client")
  @EnumSource(value = Format.class, names = {"CHAT", "RESPONSES", "GEMINI"})
  void serverToolBlocksOfAnAnthropicAnswerNeverBecomeEmptyTextForOtherClients(Format client) {
    String answer = """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[
          {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"news"}},
          {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
          {"type":"text","text":"Nothing new."}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":3}}""";
    String stream = String.join("", List.of(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
            + "{\"type\":\"text\",\"text\":\"\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
            + "{\"type\":\"text_delta\",\"text\":\"Nothing new.\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":3}}\n\n",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    ChatRequest request = client.streamingRequest("01-simple-text.request.json");

    JsonNode whole = JsonSupport.MAPPER.readTree(
        client.codec().encodeResponse(ANTHROPIC.codec().decodeResponse(bytes(answer)), request));
    assertThat(textsIn(whole)).doesNotContain("").contains("Nothing new.");

    List<SseEvent> upstreamEvents = new ArrayList<>();
    new SseParser().feed(bytes(stream), upstreamEvents::add);
    StreamDecoder decoder = ANTHROPIC.codec().newStreamDecoder();
    StreamEncoder encoder = client.codec().newStreamEncoder(request);
    List<SseEvent> written = new ArrayList<>();
    upstreamEvents.forEach(e -> decoder.decode(e, c -> encoder.encode(c, written::add)));
    decoder.finish(c -> encoder.encode(c, written::add));
    client.validateStream(written, request);
    for (SseEvent event : written) {
      // an item or part announced as added starts empty in the Responses grammar
      if (!event.data().equals("[DONE]") && (event.event() == null || !event.event().endsWith(".added"))) {
        assertThat(textsIn(JsonSupport.MAPPER.readTree(event.data()))).as(event.data()).doesNotContain("");
      }
    }
  }

  /**
   * Every text a body holds in a {@code text} field or a string {@code content}, but for the empty
   * content of the chunk that announces the assistant role in a Chat stream (the protocol's own form).
   */
  private static List<String> textsIn(JsonNode body) {
    List<String> texts = new ArrayList<>();
    JsonCompare.walk(body, node -> {
      if (node.isObject() && node.path("text").isString()) {
        texts.add(node.get("text").stringValue());
      }
      boolean roleAnnouncement = node.has("role") && body.has("choices") && body.path("object").asString("")
          .equals("chat.completion.chunk");
      if (node.isObject() && node.path("content").isString() && !roleAnnouncement) {
        texts.add(node.get("content").stringValue());
      }
    });
    return texts;
  }

  private static boolean isEmptyText(ContentBlock block) {
    return block instanceof TextBlock t && t.text().isEmpty();
  }

  // ---------------------------------------------------------------- plumbing

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode upstreamBody(Format upstream, ChatRequest request) {
    ChatRequest routed = request.toBuilder().model(upstream.fixtureModel()).build();
    return JsonSupport.MAPPER.readTree(upstream.codec().encodeRequest(routed, false));
  }

  private static JsonNode declaration(Format format, JsonNode body, String name) {
    for (JsonNode node : body.findParents("name")) {
      if (name.equals(node.path("name").asString(""))) {
        for (String field : List.of("input_schema", "parameters", "parametersJsonSchema")) {
          if (node.has(field)) {
            return node.get(field);
          }
        }
      }
    }
    throw new AssertionError(format + ": no declaration of " + name + " in " + body);
  }

  /**
   * The upstream's fixture answer of {@code caseFile} with {@code from} renamed {@code to}, decoded by
   * the upstream's codec, written for the client, and read back by the client's codec.
   */
  private static ChatResponse translatedResponse(
      Format upstream, Format client, ChatRequest request, String caseFile, String from, String to) {
    byte[] answer = Fixtures.text(upstream.file(caseFile + ".response.json")).replace(from, to)
        .getBytes(StandardCharsets.UTF_8);
    ChatResponse decoded = upstream.codec().decodeResponse(answer);
    return client.codec().decodeResponse(client.codec().encodeResponse(decoded, request));
  }

  /** The last output item Codex gets when the upstream calls {@code name} with {@code arguments}. */
  private static JsonNode lastOutputItem(Format upstream, ChatRequest request, String name, String arguments) {
    String answer = Fixtures.text(upstream.file("03-tool-call.response.json")).replace("get_weather", name);
    JsonNode tree = JsonSupport.MAPPER.readTree(answer);
    JsonCompare.walk(tree, node -> {
      if (node instanceof tools.jackson.databind.node.ObjectNode object) {
        if (object.has("input") && object.get("input").isObject()) {
          object.set("input", JsonSupport.parseOrNull(arguments));
        }
        if (object.has("args")) {
          object.set("args", JsonSupport.parseOrNull(arguments));
        }
        if (object.has("arguments")) {
          object.put("arguments", arguments);
        }
      }
    });
    ChatResponse decoded = upstream.codec().decodeResponse(JsonSupport.writeBytes(tree));
    JsonNode response = JsonSupport.MAPPER.readTree(RESPONSES.codec().encodeResponse(decoded, request));
    JsonNode output = response.path("output");
    return output.get(output.size() - 1);
  }

  private static List<SseEvent> streamToClient(
      Format upstream, Format client, ChatRequest request, String caseFile, String from, String to) {
    byte[] sse = Fixtures.text(upstream.file(caseFile + ".response.sse")).replace(from, to)
        .getBytes(StandardCharsets.UTF_8);
    List<SseEvent> events = new ArrayList<>();
    new SseParser().feed(sse, events::add);
    StreamDecoder decoder = upstream.codec().newStreamDecoder();
    StreamEncoder encoder = client.codec().newStreamEncoder(request);
    List<SseEvent> written = new ArrayList<>();
    for (SseEvent event : events) {
      decoder.decode(event, e -> encoder.encode(e, written::add));
    }
    decoder.finish(e -> encoder.encode(e, written::add));
    return written;
  }

  private static ChatResponse translatedStream(
      Format upstream, Format client, ChatRequest request, String caseFile, String from, String to) {
    List<SseEvent> written = streamToClient(upstream, client, request, caseFile, from, to);
    StreamDecoder decoder = client.codec().newStreamDecoder();
    ChatResponseAccumulator accumulator = new ChatResponseAccumulator();
    written.forEach(e -> decoder.decode(e, accumulator::accept));
    decoder.finish(accumulator::accept);
    return accumulator.toResponse();
  }
}
