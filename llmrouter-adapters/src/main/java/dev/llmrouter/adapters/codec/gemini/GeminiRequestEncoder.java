package dev.llmrouter.adapters.codec.gemini;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.GenerationSettings;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningConfig;
import dev.llmrouter.api.model.ResponseFormat;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes a canonical request as a {@code generateContent} body for a Gemini upstream. */
final class GeminiRequestEncoder {
  /**
   * The value Gemini accepts in place of a thought signature it never issued (history from another
   * provider, or one that lost the signature): used by Google's own SDKs and many clients.
   */
  static final String SKIP_SIGNATURE = "skip_thought_signature_validator";

  private static final Set<String> HANDLED_EXTRAS = Set.of("generationConfig", "toolConfig", "systemInstruction");

  private GeminiRequestEncoder() {}

  static ObjectNode encode(ChatRequest request) {
    ObjectNode body = JsonSupport.NODES.objectNode();
    Map<String, String> toolNames = new HashMap<>();
    for (Message message : request.messages()) {
      for (ContentBlock block : message.content()) {
        if (block instanceof ToolCallBlock call) {
          toolNames.put(call.id(), call.name());
        }
      }
    }
    GeminiPartWriter writer = new GeminiPartWriter(true, false, toolNames::get);

    List<TextBlock> system = new ArrayList<>(request.system());
    List<Turn> turns = new ArrayList<>();
    for (Message message : request.messages()) {
      Role role = message.role();
      if (role == Role.SYSTEM || role == Role.DEVELOPER) {
        if (turns.isEmpty()) {
          for (ContentBlock block : message.content()) {
            if (block instanceof TextBlock text) {
              system.add(text);
            }
          }
        } else {
          turns.add(Turn.of(false, systemContext(message), message.extras()));
        }
      } else if (role == Role.ASSISTANT) {
        turns.add(Turn.of(true, message.content(), message.extras()));
      } else {
        addUserTurn(turns, message);
      }
    }

    ArrayNode contents = body.putArray("contents");
    List<ToolCallBlock> previousCalls = List.of();
    for (Turn turn : turns) {
      List<ContentBlock> blocks = new ArrayList<>();
      if (!turn.results.isEmpty()) {
        List<ToolCallBlock> calls = previousCalls;
        // Gemini pairs id-less responses with calls by position, so results follow the calls' order
        List<ToolResultBlock> ordered = new ArrayList<>(turn.results);
        ordered.sort(Comparator.comparingInt(r -> callIndex(calls, r.toolCallId())));
        blocks.addAll(ordered);
      }
      blocks.addAll(turn.others);
      ArrayNode parts = writer.write(blocks);
      if (turn.model) {
        previousCalls = calls(turn.others);
      }
      if (parts.isEmpty()) {
        continue;
      }
      ObjectNode content = contents.addObject();
      content.put("role", turn.model ? "model" : "user");
      content.set("parts", parts);
      GeminiJson.mergeExtras(content, turn.extras, Set.of());
    }
    markUnsignedSteps(contents);

    ProviderFields extras = request.extras();
    if (!system.isEmpty()) {
      ArrayNode parts = JsonSupport.NODES.arrayNode();
      for (TextBlock block : system) {
        ObjectNode part = GeminiPartWriter.textPart(block);
        if (part != null) {
          parts.add(part);
        }
      }
      if (!parts.isEmpty()) {
        ObjectNode instruction = body.putObject("systemInstruction");
        instruction.set("parts", parts);
        JsonNode rest = GeminiJson.field(extras, "systemInstruction");
        if (rest != null && rest.isObject()) {
          GeminiJson.mergeMissing(instruction, rest);
        }
      }
    }
    tools(body, request.tools());
    toolConfig(body, request.toolChoice(), GeminiJson.field(extras, "toolConfig"));
    generationConfig(body, request.settings(), GeminiJson.field(extras, "generationConfig"),
        GeminiJson.field(extras, GeminiRequestDecoder.RESPONSE_SCHEMA));
    if (request.settings().serviceTier() != null) {
      body.put("serviceTier", request.settings().serviceTier());
    }
    GeminiJson.mergeExtras(body, extras, HANDLED_EXTRAS);
    return body;
  }

  /** One Gemini content in the making: a model turn, or a user turn with its results first. */
  private static final class Turn {
    final boolean model;
    final List<ToolResultBlock> results = new ArrayList<>();
    final List<ContentBlock> others = new ArrayList<>();
    final ProviderFields extras;

    private Turn(boolean model, ProviderFields extras) {
      this.model = model;
      this.extras = extras;
    }

    static Turn of(boolean model, List<ContentBlock> blocks, ProviderFields extras) {
      Turn turn = new Turn(model, extras);
      turn.others.addAll(blocks);
      return turn;
    }
  }

  /**
   * Every result answering one model turn must sit in one user content, as many as there were calls
   * (Gemini rejects the request otherwise), so results in consecutive user messages (one per result,
   * as OpenAI Chat sends them) join the user turn before them.
   */
  private static void addUserTurn(List<Turn> turns, Message message) {
    Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
    boolean hasResults = message.content().stream().anyMatch(b -> b instanceof ToolResultBlock);
    Turn turn = hasResults && last != null && !last.model && !last.results.isEmpty() ? last : null;
    if (turn == null) {
      turn = new Turn(false, message.extras());
      turns.add(turn);
    }
    for (ContentBlock block : message.content()) {
      if (block instanceof ToolResultBlock result) {
        turn.results.add(result);
      } else {
        turn.others.add(block);
      }
    }
  }

  /**
   * A system message in the middle of the conversation has no Gemini slot: it becomes user text,
   * tagged so the model reads it as an instruction.
   */
  private static List<ContentBlock> systemContext(Message message) {
    List<ContentBlock> blocks = new ArrayList<>();
    for (ContentBlock block : message.content()) {
      if (block instanceof TextBlock text && !text.text().isEmpty()) {
        blocks.add(TextBlock.of("<system>\n" + text.text() + "\n</system>"));
      }
    }
    return blocks;
  }

  private static List<ToolCallBlock> calls(List<ContentBlock> blocks) {
    List<ToolCallBlock> calls = new ArrayList<>();
    for (ContentBlock block : blocks) {
      if (block instanceof ToolCallBlock call) {
        calls.add(call);
      }
    }
    return calls;
  }

  private static int callIndex(List<ToolCallBlock> calls, String id) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).id().equals(id)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  /**
   * Gemini 3 checks the signature on the first function call of every step of the current turn (from
   * the last user message that is not only function responses). A step that carries none — history
   * from another provider, or one whose signature was lost — gets the skip value.
   */
  private static void markUnsignedSteps(ArrayNode contents) {
    int turnStart = 0;
    for (int i = 0; i < contents.size(); i++) {
      JsonNode content = contents.get(i);
      if ("user".equals(content.path("role").asString(""))) {
        for (JsonNode part : content.path("parts")) {
          if (!part.has("functionResponse")) {
            turnStart = i;
            break;
          }
        }
      }
    }
    for (int i = turnStart; i < contents.size(); i++) {
      JsonNode content = contents.get(i);
      if (!"model".equals(content.path("role").asString(""))) {
        continue;
      }
      ObjectNode firstCall = null;
      boolean signed = false;
      for (JsonNode part : content.path("parts")) {
        if (part.has("functionCall")) {
          if (firstCall == null) {
            firstCall = (ObjectNode) part;
          }
          signed |= part.has("thoughtSignature");
        }
      }
      if (firstCall != null && !signed) {
        firstCall.put("thoughtSignature", SKIP_SIGNATURE);
      }
    }
  }

  private static void tools(ObjectNode body, List<Tool> tools) {
    ArrayNode declarations = null;
    ArrayNode entries = null;
    for (Tool tool : tools) {
      if (!tool.isFunction()) {
        ObjectNode entry = JsonSupport.NODES.objectNode();
        GeminiJson.mergeExtras(entry, tool.extras(), Set.of());
        if (!entry.isEmpty()) { // built-in tools of other providers have no Gemini form
          if (entries == null) {
            entries = body.putArray("tools");
          }
          entries.add(entry);
        }
        continue;
      }
      if (declarations == null) {
        if (entries == null) {
          entries = body.putArray("tools");
        }
        declarations = entries.insertObject(0).putArray("functionDeclarations");
      }
      ObjectNode declaration = declarations.addObject();
      declaration.put("name", tool.name());
      if (tool.description() != null) {
        declaration.put("description", tool.description());
      }
      if (tool.inputSchema() != null) {
        JsonNode schema = JsonSupport.parseOrNull(tool.inputSchema());
        if (!(schema instanceof ObjectNode schemaObject)) {
          throw JsonSupport.badRequest("the input schema of tool '" + tool.name() + "' is not a JSON object");
        }
        JsonNode openApi = GeminiJson.field(tool.extras(), "parameters");
        if (openApi != null) {
          // the client used Gemini's OpenAPI slot: keep its schema if unchanged, else sanitise ours
          boolean unchanged = GeminiSchemas.fromOpenApi(openApi).equals(schemaObject);
          declaration.set("parameters", unchanged ? openApi : GeminiSchemas.toOpenApiSubset(schemaObject));
        } else {
          ObjectNode jsonSchema = schemaObject.deepCopy();
          jsonSchema.remove("$schema");
          declaration.set("parametersJsonSchema", jsonSchema);
        }
      }
      GeminiJson.mergeExtras(declaration, tool.extras(), Set.of("parameters"));
    }
  }

  /**
   * The tool choice as {@code functionCallingConfig}, plus what of the client's {@code toolConfig} it does
   * not say ({@code rest}, Gemini clients only). Function names of the client's config are kept only for
   * mode ANY, the one mode that takes them.
   */
  private static void toolConfig(ObjectNode body, ToolChoice choice, JsonNode rest) {
    ObjectNode restConfig = rest instanceof ObjectNode object ? object.deepCopy() : JsonSupport.NODES.objectNode();
    JsonNode restCalling = restConfig.remove("functionCallingConfig");
    ObjectNode keptCalling = restCalling instanceof ObjectNode object ? object : JsonSupport.NODES.objectNode();
    ObjectNode toolConfig = JsonSupport.NODES.objectNode();
    if (choice != null) {
      ObjectNode calling = toolConfig.putObject("functionCallingConfig");
      JsonNode keptMode = keptCalling.remove("mode");
      JsonNode keptNames = keptCalling.remove("allowedFunctionNames");
      switch (choice.mode()) {
        case AUTO:
          boolean validated = keptMode != null && "VALIDATED".equals(keptMode.asString(""));
          calling.put("mode", validated ? "VALIDATED" : "AUTO");
          break;
        case NONE:
          calling.put("mode", "NONE");
          break;
        case TOOL:
          calling.put("mode", "ANY");
          calling.putArray("allowedFunctionNames").add(choice.toolName());
          break;
        default:
          calling.put("mode", "ANY");
          if (keptNames instanceof ArrayNode names) {
            calling.set("allowedFunctionNames", names);
          }
      }
      GeminiJson.mergeMissing(calling, keptCalling);
    } else if (!keptCalling.isEmpty()) {
      toolConfig.set("functionCallingConfig", keptCalling);
    }
    GeminiJson.mergeMissing(toolConfig, restConfig);
    if (!toolConfig.isEmpty()) {
      body.set("toolConfig", toolConfig);
    }
  }


  private static void generationConfig(ObjectNode body, GenerationSettings settings, JsonNode rest, JsonNode openApi) {
    ObjectNode config = JsonSupport.NODES.objectNode();
    if (settings.maxTokens() != null) {
      config.put("maxOutputTokens", settings.maxTokens());
    }
    if (settings.temperature() != null) {
      config.put("temperature", settings.temperature());
    }
    if (settings.topP() != null) {
      config.put("topP", settings.topP());
    }
    if (settings.topK() != null) {
      config.put("topK", settings.topK());
    }
    if (!settings.stopSequences().isEmpty()) {
      ArrayNode stops = config.putArray("stopSequences");
      settings.stopSequences().forEach(stops::add);
    }
    if (settings.seed() != null) {
      config.put("seed", settings.seed());
    }
    if (settings.presencePenalty() != null) {
      config.put("presencePenalty", settings.presencePenalty());
    }
    if (settings.frequencyPenalty() != null) {
      config.put("frequencyPenalty", settings.frequencyPenalty());
    }
    responseFormat(config, settings.responseFormat(), openApi);
    ObjectNode thinking = thinkingConfig(settings.reasoning());
    if (thinking != null) {
      config.set("thinkingConfig", thinking);
    }
    if (rest instanceof ObjectNode restObject) {
      GeminiJson.mergeMissing(config, restObject);
    }
    if (!config.isEmpty()) {
      body.set("generationConfig", config);
    }
  }

  private static void responseFormat(ObjectNode config, ResponseFormat format, JsonNode openApi) {
    if (format == null) {
      return;
    }
    switch (format.type()) {
      case TEXT:
        config.put("responseMimeType", "text/plain");
        break;
      case JSON_OBJECT:
        config.put("responseMimeType", "application/json");
        break;
      default:
        JsonNode schema = JsonSupport.parseOrNull(format.schema());
        if (!(schema instanceof ObjectNode)) {
          throw JsonSupport.badRequest("the response format schema is not a JSON object");
        }
        config.put("responseMimeType", "application/json");
        if (openApi != null && GeminiSchemas.fromOpenApi(openApi).equals(schema)) {
          config.set("responseSchema", openApi);
        } else {
          config.set("responseJsonSchema", schema);
        }
    }
  }

  /**
   * Budget → {@code thinkingBudget}, effort → {@code thinkingLevel} (the Gemini 3 control; Gemini 2.5
   * models take only a budget), disabled → budget 0.
   */
  private static ObjectNode thinkingConfig(ReasoningConfig reasoning) {
    if (reasoning == null) {
      return null;
    }
    ObjectNode thinking = JsonSupport.NODES.objectNode();
    String effort = reasoning.effort() == null ? null : reasoning.effort().toLowerCase(Locale.ROOT);
    if (reasoning.mode() == ReasoningConfig.Mode.DISABLED || "none".equals(effort)) {
      thinking.put("thinkingBudget", 0);
    } else {
      if (reasoning.budgetTokens() != null) {
        thinking.put("thinkingBudget", reasoning.budgetTokens());
      }
      if (effort != null) {
        thinking.put("thinkingLevel", thinkingLevel(effort));
      }
    }
    if (reasoning.includeThoughts() != null) {
      thinking.put("includeThoughts", reasoning.includeThoughts());
    }
    return thinking.isEmpty() ? null : thinking;
  }

  private static String thinkingLevel(String effort) {
    switch (effort) {
      case "xhigh":
      case "max":
        return "HIGH";
      default:
        return effort.toUpperCase(Locale.ROOT);
    }
  }
}
