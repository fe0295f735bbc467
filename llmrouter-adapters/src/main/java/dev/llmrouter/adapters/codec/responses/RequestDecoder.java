package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.JsonSupport.badRequest;
import static dev.llmrouter.adapters.codec.responses.Items.FORMAT;
import static dev.llmrouter.adapters.codec.responses.JsonFields.optArray;
import static dev.llmrouter.adapters.codec.responses.JsonFields.optBoolean;
import static dev.llmrouter.adapters.codec.responses.JsonFields.optDouble;
import static dev.llmrouter.adapters.codec.responses.JsonFields.optInt;
import static dev.llmrouter.adapters.codec.responses.JsonFields.optObject;
import static dev.llmrouter.adapters.codec.responses.JsonFields.optString;
import static dev.llmrouter.adapters.codec.responses.JsonFields.path;
import static dev.llmrouter.adapters.codec.responses.JsonFields.requireString;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.responses.Items.Source;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a client's {@code POST /v1/responses} body. Unmapped top-level fields ({@code include},
 * {@code store}, {@code prompt_cache_key}, {@code client_metadata}, {@code previous_response_id},
 * {@code truncation}, {@code safety_identifier}…) go to the request extras; so do the parts of
 * {@code reasoning} and {@code text} that have no canonical slot ({@code context}, {@code verbosity}…),
 * under the same key, to be merged back on encoding.
 */
final class RequestDecoder {
  private static final Set<String> MAPPED = Set.of(
      "model", "input", "instructions", "max_output_tokens", "temperature", "top_p", "tools", "tool_choice",
      "parallel_tool_calls", "reasoning", "text", "user", "metadata", "service_tier", "stream");

  private RequestDecoder() {}

  static ChatRequest decode(byte[] body) {
    ObjectNode root = JsonSupport.parseRequestObject(body);
    Map<String, String> extras = new LinkedHashMap<>(JsonSupport.unknownFields(root, MAPPED, FORMAT).asMap());
    ChatRequest.Builder request = ChatRequest.builder().model(requireString(root, "model", ""));
    Boolean stream = optBoolean(root, "stream", "");
    request.stream(Boolean.TRUE.equals(stream));

    List<TextBlock> system = new ArrayList<>();
    String instructions = optString(root, "instructions", "");
    if (instructions != null) {
      system.add(TextBlock.of(instructions));
    }
    request.messages(messages(root, system, request::addTool));
    request.system(system);

    ArrayNode tools = optArray(root, "tools", "");
    if (tools != null) {
      for (int i = 0; i < tools.size(); i++) {
        String toolPath = path("tools", i);
        Tools.decode(JsonFields.object(tools.get(i), toolPath), toolPath).forEach(request::addTool);
      }
    }
    request.toolChoice(toolChoice(root.get("tool_choice"), extras));
    request.settings(settings(root, extras));
    request.extras(ProviderFields.of(FORMAT, extras));
    return request.build();
  }

  /**
   * The input items as messages. A leading system item in the form the encoder writes for several
   * system blocks is added to {@code system} instead (only when there are no {@code instructions}).
   */
  private static List<Message> messages(ObjectNode root, List<TextBlock> system, Consumer<Tool> tools) {
    JsonNode input = root.get("input");
    if (input == null || input.isNull()) {
      throw badRequest("input is required");
    }
    if (input.isString()) {
      return List.of(Message.user(input.stringValue()));
    }
    if (!(input instanceof ArrayNode items)) {
      throw badRequest("input must be a string or an array of items");
    }
    int first = 0;
    if (system.isEmpty() && !items.isEmpty() && isSystemBlocks(items.get(0))) {
      for (JsonNode part : items.get(0).get("content")) {
        system.add(TextBlock.of(part.get("text").stringValue()));
      }
      first = 1;
    }
    return new ItemGrouper(tools).group(items, first);
  }

  /**
   * Whether a leading system item is the form the encoder writes for several system blocks (one
   * {@code input_text} each, nothing else), so that reading it as system blocks round-trips.
   */
  private static boolean isSystemBlocks(JsonNode item) {
    if (!item.isObject() || !"system".equals(JsonFields.text(item, "role"))) {
      return false;
    }
    for (String field : item.propertyNames()) {
      if (!Set.of("type", "role", "content").contains(field)) {
        return false;
      }
    }
    String type = JsonFields.text(item, "type");
    JsonNode content = item.get("content");
    if (type != null && !"message".equals(type) || content == null || !content.isArray() || content.size() < 2) {
      return false;
    }
    for (JsonNode part : content) {
      if (part.size() != 2 || !"input_text".equals(JsonFields.text(part, "type")) || JsonFields.text(part, "text") == null) {
        return false;
      }
    }
    return true;
  }

  /** Turns input items into messages: runs of assistant-side items, and runs of tool outputs, each become one message. */
  private static final class ItemGrouper {
    private final Consumer<Tool> tools;
    private final List<Message> messages = new ArrayList<>();
    private final Map<String, String> callNames = new HashMap<>();
    private Role groupRole;
    private List<ContentBlock> group = new ArrayList<>();

    ItemGrouper(Consumer<Tool> tools) {
      this.tools = tools;
    }

    List<Message> group(ArrayNode items, int first) {
      for (int i = first; i < items.size(); i++) {
        String itemPath = path("input", i);
        item(JsonFields.object(items.get(i), itemPath), itemPath);
      }
      flush();
      return messages;
    }

    private void item(ObjectNode item, String path) {
      String type = optString(item, "type", path);
      if (type == null || "message".equals(type)) {
        Role role = role(requireString(item, "role", path), path);
        if (role == Role.ASSISTANT) {
          join(Role.ASSISTANT).addAll(Items.assistantMessage(item, Source.CLIENT, path));
        } else {
          flush();
          messages.add(message(item, role, path));
        }
        return;
      }
      switch (type) {
        case "function_call":
        case Items.CUSTOM_CALL:
          ToolCallBlock call = Items.toolCall(item, Source.CLIENT, path);
          callNames.put(call.id(), call.name());
          join(Role.ASSISTANT).add(call);
          break;
        case "reasoning":
          join(Role.ASSISTANT).add(Items.reasoning(item, Source.CLIENT));
          break;
        case "function_call_output":
        case Items.CUSTOM_OUTPUT:
          join(Role.USER).add(Items.toolResult(item, callNames, path));
          break;
        case "additional_tools":
          // Codex's non-public "lite" body offers its tools in this item instead of top-level tools
          ArrayNode offered = optArray(item, "tools", path);
          for (int i = 0; offered != null && i < offered.size(); i++) {
            String toolPath = path(path(path, "tools"), i);
            Tools.decode(JsonFields.object(offered.get(i), toolPath), toolPath).forEach(tools);
          }
          break;
        default:
          opaque(item, type, path);
      }
    }

    /** Items without a canonical block: in their own message when they name a role, else beside their neighbours. */
    private void opaque(ObjectNode item, String type, String path) {
      String role = JsonFields.text(item, "role");
      if (role != null) {
        flush();
        messages.add(Message.of(role(role, path), List.of(Items.opaque(item))));
      } else {
        join(type.endsWith("_output") ? Role.USER : Role.ASSISTANT).add(Items.opaque(item));
      }
    }

    private List<ContentBlock> join(Role role) {
      if (groupRole != role) {
        flush();
        groupRole = role;
      }
      return group;
    }

    private void flush() {
      if (!group.isEmpty()) {
        messages.add(Message.of(groupRole, group));
      }
      group = new ArrayList<>();
      groupRole = null;
    }
  }

  private static Role role(String role, String path) {
    switch (role) {
      case "user":
        return Role.USER;
      case "assistant":
        return Role.ASSISTANT;
      case "system":
        return Role.SYSTEM;
      case "developer":
        return Role.DEVELOPER;
      default:
        throw badRequest(path(path, "role") + " '" + role + "' is not one of user, assistant, system, developer");
    }
  }

  private static Message message(ObjectNode item, Role role, String path) {
    JsonNode content = item.get("content");
    List<ContentBlock> blocks = new ArrayList<>();
    if (content != null && content.isString()) {
      blocks.add(TextBlock.of(content.stringValue()));
    } else if (content instanceof ArrayNode parts) {
      for (int i = 0; i < parts.size(); i++) {
        String partPath = path(path(path, "content"), i);
        blocks.add(Items.part(JsonFields.object(parts.get(i), partPath), Source.CLIENT, partPath));
      }
    } else {
      throw badRequest(path(path, "content") + " must be a string or an array of content parts");
    }
    return new Message(role, blocks, JsonSupport.unknownFields(item, Set.of("type", "role", "content"), FORMAT));
  }

  private static ToolChoice toolChoice(JsonNode choice, Map<String, String> extras) {
    if (choice == null || choice.isNull()) {
      return null;
    }
    if (choice.isString()) {
      switch (choice.stringValue()) {
        case "auto":
          return ToolChoice.auto();
        case "required":
          return ToolChoice.any();
        case "none":
          return ToolChoice.none();
        default:
          throw badRequest("tool_choice '" + choice.stringValue() + "' is not one of auto, required, none");
      }
    }
    if (!choice.isObject()) {
      throw badRequest("tool_choice must be a string or an object");
    }
    String type = requireString(choice, "type", "tool_choice");
    if (Tool.FUNCTION.equals(type) || "custom".equals(type)) {
      return ToolChoice.tool(requireString(choice, "name", "tool_choice"));
    }
    // allowed_tools and hosted-tool choices have no canonical form: kept for Responses upstreams
    extras.put("tool_choice", JsonSupport.write(choice));
    return null;
  }

  private static GenerationSettings settings(ObjectNode root, Map<String, String> extras) {
    GenerationSettings.Builder settings = GenerationSettings.builder()
        .maxTokens(optInt(root, "max_output_tokens", ""))
        .temperature(optDouble(root, "temperature", ""))
        .topP(optDouble(root, "top_p", ""))
        .parallelToolCalls(optBoolean(root, "parallel_tool_calls", ""))
        .user(optString(root, "user", ""))
        .serviceTier(optString(root, "service_tier", ""));
    ObjectNode reasoning = optObject(root, "reasoning", "");
    if (reasoning != null) {
      String effort = optString(reasoning, "effort", "reasoning");
      String summary = optString(reasoning, "summary", "reasoning");
      settings.reasoning(new ReasoningConfig(
          "none".equals(effort) ? ReasoningConfig.Mode.DISABLED : ReasoningConfig.Mode.ENABLED,
          null,
          effort,
          summary != null,
          summary));
      putResidual(extras, "reasoning", reasoning.deepCopy().without(List.of("effort", "summary")));
    }
    ObjectNode text = optObject(root, "text", "");
    if (text != null) {
      ObjectNode residual = text.deepCopy();
      ObjectNode format = optObject(text, "format", "text");
      ResponseFormat responseFormat = format == null ? null : responseFormat(format);
      if (responseFormat != null) {
        ObjectNode formatRest = format.deepCopy().without(List.of("type", "name", "schema", "strict"));
        if (formatRest.isEmpty()) {
          residual.remove("format");
        } else {
          residual.set("format", formatRest);
        }
      }
      settings.responseFormat(responseFormat);
      putResidual(extras, "text", residual);
    }
    JsonNode metadata = root.get("metadata");
    if (metadata != null && !metadata.isNull()) {
      if (isStringMap(metadata)) {
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
          settings.putMetadata(entry.getKey(), entry.getValue().stringValue());
        }
      } else {
        extras.put("metadata", JsonSupport.write(metadata));
      }
    }
    return settings.build();
  }

  private static ResponseFormat responseFormat(ObjectNode format) {
    String type = requireString(format, "type", "text.format");
    switch (type) {
      case "text":
        return new ResponseFormat(ResponseFormat.Type.TEXT, null, null, null);
      case "json_object":
        return new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null);
      case "json_schema":
        JsonNode schema = format.get("schema");
        if (schema == null || !schema.isObject()) {
          throw badRequest("text.format.schema must be an object");
        }
        return new ResponseFormat(
            ResponseFormat.Type.JSON_SCHEMA,
            optString(format, "name", "text.format"),
            JsonSupport.write(schema),
            optBoolean(format, "strict", "text.format"));
      default:
        return null; // a format type this codec does not know rides in the text extras
    }
  }

  private static void putResidual(Map<String, String> extras, String name, ObjectNode residual) {
    if (!residual.isEmpty()) {
      extras.put(name, JsonSupport.write(residual));
    }
  }

  private static boolean isStringMap(JsonNode node) {
    if (!node.isObject()) {
      return false;
    }
    for (JsonNode value : node.values()) {
      if (!value.isString()) {
        return false;
      }
    }
    return true;
  }
}
