package dev.llmrouter.adapters.codec.openai;

import static dev.llmrouter.adapters.codec.JsonSupport.badRequest;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.GenerationSettings;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningConfig;
import dev.llmrouter.api.model.ResponseFormat;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A client's Chat Completions request body to a canonical request. */
final class ChatRequestDecoder {
  private static final Set<String> KNOWN = Set.of(
      "model", "messages", "max_completion_tokens", "max_tokens", "temperature", "top_p", "stop", "seed",
      "frequency_penalty", "presence_penalty", "parallel_tool_calls", "response_format", "reasoning_effort",
      "user", "safety_identifier", "metadata", "service_tier", "stream", "tools", "tool_choice");
  private static final Set<String> ROLE_AND_CONTENT = Set.of("role", "content");
  private static final Set<String> TOOL_MESSAGE = Set.of("role", "content", "tool_call_id");
  private static final Set<String> TOOL = Set.of("type", "function");
  private static final Set<String> FLAT_TOOL = Set.of("type", "name", "description", "parameters", "strict");
  private static final Set<String> FUNCTION = Set.of("name", "description", "parameters", "strict");

  private ChatRequestDecoder() {}

  static ChatRequest decode(byte[] body) {
    ObjectNode root = JsonSupport.parseRequestObject(body);
    String model = ChatJson.requiredString(root, "model", "model");
    if (model.isBlank()) {
      throw badRequest("model must not be empty");
    }
    Map<String, String> extras = ChatJson.unknown(root, KNOWN);
    ChatRequest.Builder request = ChatRequest.builder().model(model);
    messages(root, request);
    tools(root, request, extras);
    request.settings(settings(root, extras));
    request.stream(Boolean.TRUE.equals(ChatJson.bool(root, "stream", "stream")));
    return request.extras(ChatJson.fields(extras)).build();
  }

  /**
   * Leading plain {@code system} messages become the system prompt. A {@code developer} message
   * stays a {@link Role#DEVELOPER} message in place, even at the start: the system prompt has no
   * room for the role, and re-encoding it as {@code system} would change what a Chat upstream (a
   * reasoning model) receives; the other encoders already lift system/developer messages that
   * precede the first user turn into their system slot (protocols README §8.0). Once the leading
   * run ends, system messages stay in place too, so their order survives.
   */
  private static void messages(ObjectNode root, ChatRequest.Builder request) {
    ArrayNode messages = ChatJson.array(root, "messages", "messages");
    if (messages == null) {
      throw badRequest("messages is required");
    }
    List<TextBlock> system = new ArrayList<>();
    List<Message> out = new ArrayList<>();
    Map<String, String> callNames = new HashMap<>();
    // tool messages of one turn, then the user message right after them, form one canonical user message
    List<ContentBlock> results = null;
    boolean leading = true;
    for (int i = 0; i < messages.size(); i++) {
      String path = "messages[" + i + "]";
      JsonNode message = ChatJson.asObject(messages.get(i), path);
      String role = ChatJson.requiredString(message, "role", path + ".role");
      if (results != null && !"tool".equals(role) && !"user".equals(role)) {
        out.add(Message.of(Role.USER, results));
        results = null;
      }
      switch (role) {
        case "system":
        case "developer": {
          List<ContentBlock> content = ChatContent.blocks(message.get("content"), path + ".content");
          Map<String, String> fields = ChatJson.unknown(message, ROLE_AND_CONTENT);
          if (leading && "system".equals(role) && fields.isEmpty() && allText(content)) {
            content.forEach(block -> system.add((TextBlock) block));
            continue;
          }
          leading = false;
          out.add(new Message("system".equals(role) ? Role.SYSTEM : Role.DEVELOPER, content, ChatJson.fields(fields)));
          break;
        }
        case "user": {
          leading = false;
          List<ContentBlock> content = ChatContent.blocks(message.get("content"), path + ".content");
          if (results != null) {
            results.addAll(content);
            content = results;
            results = null;
          }
          out.add(new Message(Role.USER, content, ChatJson.fields(ChatJson.unknown(message, ROLE_AND_CONTENT))));
          break;
        }
        case "assistant": {
          leading = false;
          ChatContent.Assistant assistant = ChatContent.assistant(message, path, false);
          for (ContentBlock block : assistant.blocks()) {
            if (block instanceof ToolCallBlock call) {
              callNames.put(call.id(), call.name());
            }
          }
          out.add(new Message(Role.ASSISTANT, assistant.blocks(), ChatJson.fields(assistant.extras())));
          break;
        }
        case "tool":
          leading = false;
          if (results == null) {
            results = new ArrayList<>();
          }
          results.add(toolResult(message, path, callNames));
          break;
        case "function":
          throw badRequest(path + ".role 'function' (legacy function calling) is not supported; use role 'tool'");
        default:
          throw badRequest(path + ".role '" + role + "' is not one of system, developer, user, assistant, tool");
      }
    }
    if (results != null) {
      out.add(Message.of(Role.USER, results));
    }
    request.system(system).messages(out);
  }

  private static boolean allText(List<ContentBlock> blocks) {
    return blocks.stream().allMatch(block -> block instanceof TextBlock);
  }

  private static ToolResultBlock toolResult(JsonNode message, String path, Map<String, String> callNames) {
    String id = ChatJson.requiredString(message, "tool_call_id", path + ".tool_call_id");
    List<ContentBlock> content = ChatContent.blocks(message.get("content"), path + ".content");
    String name = ChatJson.string(message, "name", path + ".name");
    // Chat results carry no tool name, Gemini needs one: take it from the call
    return new ToolResultBlock(
        id, name != null ? name : callNames.get(id), content, false, null,
        ChatJson.fields(ChatJson.unknown(message, TOOL_MESSAGE)));
  }

  private static void tools(ObjectNode root, ChatRequest.Builder request, Map<String, String> extras) {
    ArrayNode tools = ChatJson.array(root, "tools", "tools");
    if (tools != null) {
      for (int i = 0; i < tools.size(); i++) {
        request.addTool(tool(tools.get(i), "tools[" + i + "]"));
      }
    }
    JsonNode choice = root.get("tool_choice");
    if (choice != null && !choice.isNull()) {
      ToolChoice toolChoice = toolChoice(choice);
      if (toolChoice == null) {
        extras.put("tool_choice", JsonSupport.write(choice)); // allowed_tools, custom: Chat-only
      } else {
        request.toolChoice(toolChoice);
      }
    }
  }

  private static Tool tool(JsonNode node, String path) {
    ChatJson.asObject(node, path);
    String type = ChatJson.string(node, "type", path + ".type");
    ObjectNode function = ChatJson.object(node, "function", path + ".function");
    if (type == null || Tool.FUNCTION.equals(type)) {
      // lenient: a flat, Responses-style definition without the nested function object
      JsonNode definition = function != null ? function : node;
      String definitionPath = function != null ? path + ".function" : path;
      Map<String, String> extras = ChatJson.unknown(node, function != null ? TOOL : FLAT_TOOL);
      ChatJson.addNested(extras, "function", function, FUNCTION);
      JsonNode parameters = definition.get("parameters");
      String schema = null;
      if (parameters != null && !parameters.isNull()) {
        schema = JsonSupport.write(ChatJson.asObject(parameters, definitionPath + ".parameters"));
      }
      return new Tool(
          Tool.FUNCTION,
          ChatJson.requiredString(definition, "name", definitionPath + ".name"),
          ChatJson.string(definition, "description", definitionPath + ".description"),
          schema,
          ChatJson.bool(definition, "strict", definitionPath + ".strict"),
          null,
          ChatJson.fields(extras));
    }
    // custom (free-form input) and future tool types: kept whole for a Chat upstream
    JsonNode definition = node.path(type);
    String name = definition.path("name").isString() ? definition.get("name").stringValue() : type;
    String description = definition.path("description").isString() ? definition.get("description").stringValue() : null;
    return new Tool(type, name, description, null, null, null, ChatJson.fields(ChatJson.unknown(node, Set.of("type"))));
  }

  /** The choice, or {@code null} for forms only Chat has. */
  private static ToolChoice toolChoice(JsonNode choice) {
    if (choice.isString()) {
      switch (choice.stringValue()) {
        case "auto":
          return ToolChoice.auto();
        case "required":
          return ToolChoice.any();
        case "none":
          return ToolChoice.none();
        default:
          throw badRequest("tool_choice must be auto, required, none or an object, not '" + choice.stringValue() + "'");
      }
    }
    if (!choice.isObject()) {
      throw badRequest("tool_choice must be a string or an object");
    }
    JsonNode name = choice.path("function").path("name");
    if ("function".equals(choice.path("type").asString("")) && name.isString()) {
      return ToolChoice.tool(name.stringValue());
    }
    return null;
  }

  private static GenerationSettings settings(ObjectNode root, Map<String, String> extras) {
    GenerationSettings.Builder settings = GenerationSettings.builder();
    Integer maxCompletionTokens = ChatJson.count(root, "max_completion_tokens", "max_completion_tokens");
    Integer maxTokens = ChatJson.count(root, "max_tokens", "max_tokens");
    settings.maxTokens(maxCompletionTokens != null ? maxCompletionTokens : maxTokens);
    if (maxCompletionTokens == null && maxTokens != null) {
      // remembers the client's spelling: older compatible servers know only max_tokens
      extras.put("max_tokens", JsonSupport.write(root.get("max_tokens")));
    }
    settings.temperature(ChatJson.number(root, "temperature", "temperature"));
    settings.topP(ChatJson.number(root, "top_p", "top_p"));
    settings.stopSequences(stop(root.get("stop")));
    settings.seed(ChatJson.integer(root, "seed", "seed"));
    settings.frequencyPenalty(ChatJson.number(root, "frequency_penalty", "frequency_penalty"));
    settings.presencePenalty(ChatJson.number(root, "presence_penalty", "presence_penalty"));
    settings.parallelToolCalls(ChatJson.bool(root, "parallel_tool_calls", "parallel_tool_calls"));
    settings.responseFormat(responseFormat(root, extras));
    String effort = ChatJson.string(root, "reasoning_effort", "reasoning_effort");
    if (effort != null) {
      // the client is shown what reasoning text there is (as reasoning_content), so it asks for it
      Boolean includeThoughts = "none".equals(effort) ? null : Boolean.TRUE;
      settings.reasoning(new ReasoningConfig(ReasoningConfig.Mode.ENABLED, null, effort, includeThoughts, null));
    }
    String user = ChatJson.string(root, "user", "user");
    String safetyIdentifier = ChatJson.string(root, "safety_identifier", "safety_identifier");
    settings.user(user != null ? user : safetyIdentifier);
    if (safetyIdentifier != null) {
      extras.put("safety_identifier", JsonSupport.write(root.get("safety_identifier")));
    }
    metadata(root.get("metadata"), settings, extras);
    settings.serviceTier(ChatJson.string(root, "service_tier", "service_tier"));
    return settings.build();
  }

  private static List<String> stop(JsonNode stop) {
    if (stop == null || stop.isNull()) {
      return List.of();
    }
    if (stop.isString()) {
      return List.of(stop.stringValue());
    }
    if (!stop.isArray()) {
      throw badRequest("stop must be a string or an array of strings");
    }
    List<String> sequences = new ArrayList<>();
    for (JsonNode sequence : stop) {
      if (!sequence.isString()) {
        throw badRequest("stop must be a string or an array of strings");
      }
      sequences.add(sequence.stringValue());
    }
    return sequences;
  }

  /** The format; the raw value also goes to extras when it holds more than the canonical form (a description). */
  private static ResponseFormat responseFormat(ObjectNode root, Map<String, String> extras) {
    ObjectNode node = ChatJson.object(root, "response_format", "response_format");
    if (node == null) {
      return null;
    }
    ResponseFormat format = readResponseFormat(node);
    if (!ChatRequestEncoder.responseFormatJson(format).equals(node)) {
      extras.put("response_format", JsonSupport.write(node));
    }
    return format;
  }

  static ResponseFormat readResponseFormat(ObjectNode node) {
    String type = ChatJson.requiredString(node, "type", "response_format.type");
    switch (type) {
      case "text":
        return new ResponseFormat(ResponseFormat.Type.TEXT, null, null, null);
      case "json_object":
        return new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null);
      case "json_schema": {
        ObjectNode jsonSchema = ChatJson.object(node, "json_schema", "response_format.json_schema");
        if (jsonSchema == null) {
          throw badRequest("response_format.json_schema is required for type json_schema");
        }
        ObjectNode schema = ChatJson.object(jsonSchema, "schema", "response_format.json_schema.schema");
        if (schema == null) {
          throw badRequest("response_format.json_schema.schema is required");
        }
        return new ResponseFormat(
            ResponseFormat.Type.JSON_SCHEMA,
            ChatJson.string(jsonSchema, "name", "response_format.json_schema.name"),
            JsonSupport.write(schema),
            ChatJson.bool(jsonSchema, "strict", "response_format.json_schema.strict"));
      }
      default:
        throw badRequest("response_format.type '" + type + "' is not one of text, json_object, json_schema");
    }
  }

  private static void metadata(JsonNode metadata, GenerationSettings.Builder settings, Map<String, String> extras) {
    if (metadata == null || metadata.isNull()) {
      return;
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (metadata.isObject()) {
      for (Entry<String, JsonNode> entry : metadata.properties()) {
        if (!entry.getValue().isString()) {
          values = null;
          break;
        }
        values.put(entry.getKey(), entry.getValue().stringValue());
      }
    }
    if (metadata.isObject() && values != null) {
      settings.metadata(values);
    } else {
      extras.put("metadata", JsonSupport.write(metadata)); // not the documented string map: pass it on as is
    }
  }
}
