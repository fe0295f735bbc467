package dev.llmrouter.adapters.codec.gemini;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.gemini.GeminiJson.Source;
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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads a client's {@code generateContent} (or {@code countTokens}) body into a canonical request. */
final class GeminiRequestDecoder {
  private static final Source CLIENT = Source.CLIENT;

  /** Top-level fields with a canonical slot; the rest ({@code safetySettings}, {@code cachedContent}, {@code labels}…) go to extras. */
  private static final Set<String> KNOWN =
      Set.of("contents", "systemInstruction", "tools", "toolConfig", "generationConfig", "model", "serviceTier");
  private static final Set<String> CONTENT_KEYS = Set.of("role", "parts");
  private static final Set<String> SYSTEM_KEYS = Set.of("parts");
  private static final Set<String> DECLARATION_KEYS = Set.of("name", "description", "parametersJsonSchema", "parameters");
  private static final Set<String> RESPONSE_KEYS = Set.of("id", "name", "response", "parts");
  private static final Set<String> CALLING_KEYS = Set.of("mode", "allowedFunctionNames");
  private static final Set<String> GENERATION_KEYS = Set.of(
      "maxOutputTokens", "temperature", "topP", "topK", "stopSequences", "seed", "presencePenalty",
      "frequencyPenalty", "responseMimeType", "responseJsonSchema", "responseSchema", "thinkingConfig");
  /** Extras note: the {@code responseSchema} a JSON response format was read from. */
  static final String RESPONSE_SCHEMA = GeminiJson.MARKER_PREFIX + "responseSchema";
  private static final Set<String> THINKING_KEYS = Set.of("thinkingBudget", "thinkingLevel", "includeThoughts");

  /** Calls of the last model turn, to give id-less results the id of the call they answer. */
  private List<ToolCallBlock> previousCalls = List.of();
  private final Set<ToolCallBlock> answered = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * @param body the request body, or the inner {@code generateContentRequest} of a count request
   * @param model the model name to put in the request
   * @param path the JSON path of {@code body}, for error messages
   */
  ChatRequest decode(ObjectNode body, String model, boolean stream, String path) {
    ChatRequest.Builder request = ChatRequest.builder().model(model).stream(stream);
    ObjectNode extras = GeminiJson.remainder(body, KNOWN);
    if (extras == null) {
      extras = JsonSupport.NODES.objectNode();
    }

    ObjectNode system = systemInstruction(body, path, request);
    if (system != null) {
      extras.set("systemInstruction", system);
    }
    ArrayNode contents = GeminiJson.array(body, "contents", path, CLIENT);
    if (contents == null) {
      throw CLIENT.invalid(path + "contents is required");
    }
    for (int i = 0; i < contents.size(); i++) {
      request.addMessage(message(contents.get(i), i, path + "contents[" + i + "]"));
    }
    tools(body, path, request);
    ObjectNode toolConfig = toolConfig(body, path, request);
    if (toolConfig != null) {
      extras.set("toolConfig", toolConfig);
    }

    GenerationSettings.Builder settings = GenerationSettings.builder();
    settings.serviceTier(GeminiJson.string(body, "serviceTier", path, CLIENT));
    ObjectNode generation = generationConfig(body, path, settings, extras);
    if (generation != null) {
      extras.set("generationConfig", generation);
    }
    return request.settings(settings.build()).extras(GeminiJson.fields(extras)).build();
  }

  /** The model named in a body ({@code "models/gemini-2.5-flash"} → {@code "gemini-2.5-flash"}), or {@code null}. */
  static String modelOf(ObjectNode body) {
    JsonNode model = body.get("model");
    if (model == null || !model.isString() || model.stringValue().isBlank()) {
      return null;
    }
    String name = model.stringValue();
    return name.startsWith("models/") ? name.substring("models/".length()) : name;
  }

  private ObjectNode systemInstruction(ObjectNode body, String path, ChatRequest.Builder request) {
    JsonNode node = body.get("systemInstruction");
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isString()) {
      request.addSystem(node.stringValue());
      return null;
    }
    if (!(node instanceof ObjectNode instruction)) {
      throw CLIENT.invalid(path + "systemInstruction must be an object with parts");
    }
    String at = path + "systemInstruction.";
    ArrayNode parts = GeminiJson.array(instruction, "parts", at, CLIENT);
    if (parts != null) {
      for (int i = 0; i < parts.size(); i++) {
        JsonNode part = parts.get(i);
        String text = part.isObject() ? GeminiJson.string(part, "text", at + "parts[" + i + "].", CLIENT) : null;
        if (text == null) {
          throw CLIENT.invalid(at + "parts[" + i + "] must be a text part");
        }
        request.addSystem(new TextBlock(text, null,
            GeminiJson.fields(GeminiJson.remainder((ObjectNode) part, Set.of("text")))));
      }
    }
    // systemInstruction has no meaningful role, but Gemini CLI sends one: kept for a Gemini peer
    return GeminiJson.remainder(instruction, SYSTEM_KEYS);
  }

  private Message message(JsonNode node, int index, String path) {
    if (!(node instanceof ObjectNode content)) {
      throw CLIENT.invalid(path + " must be an object");
    }
    String at = path + ".";
    String role = GeminiJson.string(content, "role", at, CLIENT);
    Role canonical;
    if (role == null || role.isEmpty() || "user".equals(role) || "function".equals(role)) {
      canonical = Role.USER; // "function" is the v1 spelling for a turn of function responses
    } else if ("model".equals(role)) {
      canonical = Role.ASSISTANT;
    } else {
      throw CLIENT.invalid(at + "role must be \"user\" or \"model\", not \"" + role + "\"");
    }
    ArrayNode parts = GeminiJson.array(content, "parts", at, CLIENT);
    List<ContentBlock> blocks = parts == null
        ? List.of()
        : new GeminiPartDecoder(CLIENT,
                (name, partIndex, callOrdinal) -> GeminiPartDecoder.mintId(name + "|" + index + "|" + partIndex),
                new ResultReader(index))
            .decode(parts, at + "parts");
    if (canonical == Role.ASSISTANT) {
      List<ToolCallBlock> calls = new ArrayList<>();
      for (ContentBlock block : blocks) {
        if (block instanceof ToolCallBlock call) {
          calls.add(call);
        }
      }
      previousCalls = calls;
      answered.clear();
    }
    ProviderFields extras = GeminiJson.fields(GeminiJson.remainder(content, CONTENT_KEYS));
    return new Message(canonical, blocks, extras);
  }

  /** Reads {@code functionResponse} parts, matching id-less ones to the calls of the previous model turn. */
  private final class ResultReader implements GeminiPartDecoder.Results {
    private final int contentIndex;
    private int position;

    ResultReader(int contentIndex) {
      this.contentIndex = contentIndex;
    }

    @Override
    public ToolResultBlock read(ObjectNode response, ProviderFields partExtras, String path) {
      int ordinal = position++;
      String name = GeminiJson.string(response, "name", path, CLIENT);
      String id = GeminiJson.string(response, "id", path, CLIENT);
      if (id == null || id.isEmpty()) {
        id = matchingCallId(name, ordinal);
      } else {
        for (ToolCallBlock call : previousCalls) {
          if (call.id().equals(id)) {
            answered.add(call);
          }
        }
      }
      JsonNode body = response.get("response");
      List<ContentBlock> content = new ArrayList<>();
      GeminiPartWriter.ResultText text = null;
      if (body != null && !body.isNull()) {
        text = new GeminiPartWriter.ResultText(body);
        content.add(TextBlock.of(text.text()));
      }
      ArrayNode media = GeminiJson.array(response, "parts", path, CLIENT);
      if (media != null) {
        for (int i = 0; i < media.size(); i++) {
          content.addAll(mediaOf(media.get(i), path + "parts[" + i + "]"));
        }
      }
      ObjectNode rest = GeminiJson.remainder(response, RESPONSE_KEYS);
      if (body != null && !body.isNull()) {
        // the original object, so that a Gemini peer gets exactly what the client sent
        rest = rest == null ? JsonSupport.NODES.objectNode() : rest;
        rest.set("response", body);
      }
      ProviderFields extras = rest == null ? partExtras : GeminiJson.withField(partExtras, "functionResponse", rest);
      return new ToolResultBlock(id, name, content, text != null && text.isError(), null, extras);
    }

    private String matchingCallId(String name, int ordinal) {
      for (ToolCallBlock call : previousCalls) {
        if (!answered.contains(call) && (name == null || call.name().equals(name))) {
          answered.add(call);
          return call.id();
        }
      }
      if (name == null && ordinal < previousCalls.size()) {
        return previousCalls.get(ordinal).id();
      }
      return GeminiPartDecoder.mintId((name == null ? "" : name) + "|" + contentIndex + "|result|" + ordinal);
    }

    private List<ContentBlock> mediaOf(JsonNode node, String path) {
      if (!(node instanceof ObjectNode part)) {
        throw CLIENT.invalid(path + " must be an object");
      }
      String at = path + ".";
      ProviderFields extras = GeminiJson.fields(GeminiJson.remainder(part, Set.of("inlineData", "fileData")));
      ObjectNode inline = GeminiJson.object(part, "inlineData", at, CLIENT);
      if (inline != null) {
        return List.of(GeminiPartDecoder.inlineData(inline, extras, at + "inlineData.", CLIENT));
      }
      ObjectNode file = GeminiJson.object(part, "fileData", at, CLIENT);
      if (file != null) {
        return List.of(GeminiPartDecoder.fileData(file, extras, at + "fileData.", CLIENT));
      }
      throw CLIENT.invalid(path + " must hold inlineData or fileData");
    }
  }

  private void tools(ObjectNode body, String path, ChatRequest.Builder request) {
    ArrayNode tools = GeminiJson.array(body, "tools", path, CLIENT);
    if (tools == null) {
      return;
    }
    for (int i = 0; i < tools.size(); i++) {
      String at = path + "tools[" + i + "].";
      if (!(tools.get(i) instanceof ObjectNode entry)) {
        throw CLIENT.invalid(path + "tools[" + i + "] must be an object");
      }
      for (Map.Entry<String, JsonNode> field : entry.properties()) {
        if ("functionDeclarations".equals(field.getKey())) {
          ArrayNode declarations = GeminiJson.array(entry, "functionDeclarations", at, CLIENT);
          for (int d = 0; declarations != null && d < declarations.size(); d++) {
            request.addTool(declaration(declarations.get(d), at + "functionDeclarations[" + d + "]"));
          }
        } else {
          // googleSearch, codeExecution, urlContext…: kept whole for a Gemini upstream
          request.addTool(new Tool(field.getKey(), field.getKey(), null, null, null, null,
              GeminiJson.withField(ProviderFields.EMPTY, field.getKey(), field.getValue())));
        }
      }
    }
  }

  private static Tool declaration(JsonNode node, String path) {
    if (!(node instanceof ObjectNode declaration)) {
      throw CLIENT.invalid(path + " must be an object");
    }
    String at = path + ".";
    String name = GeminiJson.requiredString(declaration, "name", at, CLIENT);
    String description = GeminiJson.string(declaration, "description", at, CLIENT);
    ProviderFields extras = GeminiJson.fields(GeminiJson.remainder(declaration, DECLARATION_KEYS));
    JsonNode schema = null;
    ObjectNode jsonSchema = GeminiJson.object(declaration, "parametersJsonSchema", at, CLIENT);
    ObjectNode openApi = GeminiJson.object(declaration, "parameters", at, CLIENT);
    if (jsonSchema != null) {
      schema = GeminiSchemas.lowerCaseTypes(jsonSchema);
    } else if (openApi != null) {
      schema = GeminiSchemas.fromOpenApi(openApi);
      // the client chose the OpenAPI slot: a Gemini upstream gets it back in that slot
      extras = GeminiJson.withField(extras, "parameters", openApi);
    }
    return new Tool(Tool.FUNCTION, name, description, schema == null ? null : JsonSupport.write(schema), null, null,
        extras);
  }

  /** Sets the tool choice; returns what of {@code toolConfig} the choice does not say, or {@code null}. */
  private static ObjectNode toolConfig(ObjectNode body, String path, ChatRequest.Builder request) {
    ObjectNode toolConfig = GeminiJson.object(body, "toolConfig", path, CLIENT);
    if (toolConfig == null) {
      return null;
    }
    String at = path + "toolConfig.";
    ObjectNode rest = GeminiJson.remainder(toolConfig, Set.of("functionCallingConfig"));
    ObjectNode calling = GeminiJson.object(toolConfig, "functionCallingConfig", at, CLIENT);
    if (calling == null) {
      return rest;
    }
    String callingPath = at + "functionCallingConfig.";
    String mode = GeminiJson.string(calling, "mode", callingPath, CLIENT);
    List<String> names = GeminiJson.strings(calling, "allowedFunctionNames", callingPath, CLIENT);
    ObjectNode callingRest = GeminiJson.remainder(calling, CALLING_KEYS);
    if (callingRest == null) {
      callingRest = JsonSupport.NODES.objectNode();
    }
    String upper = mode == null ? "MODE_UNSPECIFIED" : mode.toUpperCase(Locale.ROOT);
    switch (upper) {
      case "AUTO":
      case "VALIDATED":
        request.toolChoice(ToolChoice.auto());
        break;
      case "ANY":
        request.toolChoice(names != null && names.size() == 1 ? ToolChoice.tool(names.get(0)) : ToolChoice.any());
        break;
      case "NONE":
        request.toolChoice(ToolChoice.none());
        break;
      case "MODE_UNSPECIFIED":
        break;
      default:
        throw CLIENT.invalid(callingPath + "mode must be AUTO, ANY, NONE or VALIDATED, not \"" + mode + "\"");
    }
    if ("VALIDATED".equals(upper) || "MODE_UNSPECIFIED".equals(upper) && mode != null) {
      callingRest.put("mode", mode);
    }
    boolean namesSaid = "ANY".equals(upper) && names != null && names.size() == 1;
    if (names != null && !namesSaid) {
      callingRest.set("allowedFunctionNames", calling.get("allowedFunctionNames"));
    }
    if (!callingRest.isEmpty()) {
      rest = rest == null ? JsonSupport.NODES.objectNode() : rest;
      rest.set("functionCallingConfig", callingRest);
    }
    return rest;
  }

  /** Fills the settings; returns what of {@code generationConfig} they do not hold, or {@code null}. */
  private static ObjectNode generationConfig(ObjectNode body, String path, GenerationSettings.Builder settings,
      ObjectNode extras) {
    ObjectNode config = GeminiJson.object(body, "generationConfig", path, CLIENT);
    if (config == null) {
      return null;
    }
    String at = path + "generationConfig.";
    ObjectNode rest = GeminiJson.remainder(config, GENERATION_KEYS);
    if (rest == null) {
      rest = JsonSupport.NODES.objectNode();
    }
    settings.maxTokens(nonNegative(GeminiJson.int32(config, "maxOutputTokens", at, CLIENT), at + "maxOutputTokens"))
        .temperature(GeminiJson.number(config, "temperature", at, CLIENT))
        .topP(GeminiJson.number(config, "topP", at, CLIENT))
        .topK(GeminiJson.int32(config, "topK", at, CLIENT))
        .stopSequences(GeminiJson.strings(config, "stopSequences", at, CLIENT))
        .seed(GeminiJson.integer(config, "seed", at, CLIENT))
        .presencePenalty(GeminiJson.number(config, "presencePenalty", at, CLIENT))
        .frequencyPenalty(GeminiJson.number(config, "frequencyPenalty", at, CLIENT));

    String mimeType = GeminiJson.string(config, "responseMimeType", at, CLIENT);
    ObjectNode jsonSchema = GeminiJson.object(config, "responseJsonSchema", at, CLIENT);
    ObjectNode openApi = GeminiJson.object(config, "responseSchema", at, CLIENT);
    if ("application/json".equals(mimeType)) {
      if (jsonSchema != null) {
        // Gemini CLI's classifier sends OBJECT/STRING here: canonical schemas are plain JSON Schema
        settings.responseFormat(ResponseFormat.jsonSchema(null, JsonSupport.write(GeminiSchemas.lowerCaseTypes(jsonSchema))));
      } else if (openApi != null) {
        settings.responseFormat(ResponseFormat.jsonSchema(null, JsonSupport.write(GeminiSchemas.fromOpenApi(openApi))));
        // the client chose the OpenAPI slot: a Gemini upstream gets it back there
        extras.set(RESPONSE_SCHEMA, openApi);
      } else {
        settings.responseFormat(new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null));
      }
    } else if ("text/plain".equals(mimeType)) {
      settings.responseFormat(new ResponseFormat(ResponseFormat.Type.TEXT, null, null, null));
    } else {
      // other output types (text/x.enum…) have no canonical form
      for (String field : List.of("responseMimeType", "responseJsonSchema", "responseSchema")) {
        if (config.has(field)) {
          rest.set(field, config.get(field));
        }
      }
    }

    ObjectNode thinking = GeminiJson.object(config, "thinkingConfig", at, CLIENT);
    if (thinking != null) {
      settings.reasoning(reasoning(thinking, at + "thinkingConfig."));
      ObjectNode thinkingRest = GeminiJson.remainder(thinking, THINKING_KEYS);
      if (thinkingRest != null) {
        rest.set("thinkingConfig", thinkingRest);
      }
    }
    return rest.isEmpty() ? null : rest;
  }

  /**
   * {@code thinkingBudget} 0 disables thinking; -1 (dynamic) and a bare {@code includeThoughts} leave the
   * amount to the model; {@code thinkingLevel} is the effort word.
   */
  private static ReasoningConfig reasoning(ObjectNode thinking, String path) {
    Long budget = GeminiJson.integer(thinking, "thinkingBudget", path, CLIENT);
    String level = GeminiJson.string(thinking, "thinkingLevel", path, CLIENT);
    Boolean includeThoughts = GeminiJson.bool(thinking, "includeThoughts", path, CLIENT);
    String effort = level == null || "THINKING_LEVEL_UNSPECIFIED".equals(level) ? null : level.toLowerCase(Locale.ROOT);
    if (budget == null && effort == null && includeThoughts == null) {
      return null;
    }
    if (budget != null && budget == 0) {
      return new ReasoningConfig(ReasoningConfig.Mode.DISABLED, null, null, includeThoughts, null);
    }
    if (budget != null && budget > 0) {
      return new ReasoningConfig(ReasoningConfig.Mode.ENABLED, (int) Math.min(budget, Integer.MAX_VALUE), effort,
          includeThoughts, null);
    }
    return new ReasoningConfig(ReasoningConfig.Mode.ENABLED, null, effort, includeThoughts, null);
  }

  private static Integer nonNegative(Integer value, String path) {
    if (value != null && value < 0) {
      throw CLIENT.invalid(path + " must not be negative");
    }
    return value;
  }
}
