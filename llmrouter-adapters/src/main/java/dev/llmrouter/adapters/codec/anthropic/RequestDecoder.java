package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.AnthropicJson.FORMAT;

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
import dev.llmrouter.api.model.ToolChoice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client's {@code /v1/messages} (or {@code count_tokens}) body to a canonical request. Accepts
 * every legal variant: string or block {@code system} and {@code content}, {@code role: "system"}
 * messages (Claude Code), {@code mid_conv_system} blocks, server tools. Unmapped fields, and the
 * unmapped sub-fields of mapped objects, go into Anthropic extras.
 */
final class RequestDecoder {
  private static final Set<String> TOP_LEVEL_FIELDS =
      Set.of(
          "model", "max_tokens", "messages", "system", "stop_sequences", "temperature", "top_p", "top_k", "metadata",
          "tools", "tool_choice", "thinking", "output_config", "service_tier", "stream");
  private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content");
  private static final Set<String> MID_CONV_SYSTEM_FIELDS = Set.of("type", "content");
  private static final Set<String> FUNCTION_TOOL_FIELDS =
      Set.of("name", "description", "input_schema", "strict", "cache_control");
  private static final Set<String> SERVER_TOOL_FIELDS = Set.of("name", "cache_control");
  private static final Set<String> TOOL_CHOICE_FIELDS = Set.of("type", "name", "disable_parallel_tool_use");
  private static final Set<String> METADATA_FIELDS = Set.of("user_id");

  private RequestDecoder() {}

  static ChatRequest decode(ObjectNode root) {
    JsonReader reader = JsonReader.CLIENT;
    Map<String, String> extras = new LinkedHashMap<>(AnthropicJson.unknownFields(root, TOP_LEVEL_FIELDS).asMap());

    String model = reader.requiredString(root, "model", "");
    if (model.isBlank()) {
      throw reader.invalid("model", "must not be empty");
    }
    GenerationSettings.Builder settings = GenerationSettings.builder();
    // Required by /v1/messages but absent from count_tokens: recorded as given, the proxy validates.
    Integer maxTokens = reader.optionalInt(root, "max_tokens", "");
    if (maxTokens != null && maxTokens < 0) {
      throw reader.invalid("max_tokens", "must not be negative");
    }
    settings
        .maxTokens(maxTokens)
        .temperature(reader.optionalDouble(root, "temperature", ""))
        .topP(reader.optionalDouble(root, "top_p", ""))
        .topK(reader.optionalInt(root, "top_k", ""))
        .stopSequences(stopSequences(root, reader))
        .serviceTier(reader.optionalString(root, "service_tier", ""));

    ObjectNode metadata = reader.optionalObject(root, "metadata", "");
    if (metadata != null) {
      settings.user(reader.optionalString(metadata, "user_id", "metadata"));
      AnthropicJson.keepUnknownPart(extras, "metadata", metadata, METADATA_FIELDS);
    }
    readReasoningAndFormat(root, settings, extras, reader);

    ToolChoice toolChoice = null;
    ObjectNode choice = reader.optionalObject(root, "tool_choice", "");
    if (choice != null) {
      toolChoice = toolChoice(choice, reader);
      Boolean disableParallel = reader.optionalBoolean(choice, "disable_parallel_tool_use", "tool_choice");
      if (disableParallel != null) {
        settings.parallelToolCalls(!disableParallel);
      }
      AnthropicJson.keepUnknownPart(extras, "tool_choice", choice, TOOL_CHOICE_FIELDS);
    }

    return ChatRequest.builder()
        .model(model)
        .system(system(root.get("system"), reader))
        .messages(messages(reader.requiredArray(root, "messages", ""), reader))
        .tools(tools(reader.optionalArray(root, "tools", ""), reader))
        .toolChoice(toolChoice)
        .settings(settings.build())
        .stream(Boolean.TRUE.equals(reader.optionalBoolean(root, "stream", "")))
        .extras(ProviderFields.of(FORMAT, extras))
        .build();
  }

  private static List<String> stopSequences(ObjectNode root, JsonReader reader) {
    ArrayNode array = reader.optionalArray(root, "stop_sequences", "");
    if (array == null) {
      return List.of();
    }
    List<String> sequences = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isString()) {
        throw reader.invalid(JsonReader.path("stop_sequences", i), "expected a string");
      }
      sequences.add(array.get(i).stringValue());
    }
    return sequences;
  }

  /**
   * {@code thinking} and {@code output_config} together: {@code output_config.effort} is part of the
   * reasoning config when {@code thinking} is given; without it, effort only tunes output spending and
   * stays in the extras so that other formats do not mistake it for a request to reason.
   */
  private static void readReasoningAndFormat(
      ObjectNode root, GenerationSettings.Builder settings, Map<String, String> extras, JsonReader reader) {
    ObjectNode thinking = reader.optionalObject(root, "thinking", "");
    ObjectNode outputConfig = reader.optionalObject(root, "output_config", "");
    String effort = outputConfig == null ? null : reader.optionalString(outputConfig, "effort", "output_config");
    if (thinking != null) {
      ReasoningConfig.Mode mode;
      String type = reader.requiredString(thinking, "type", "thinking");
      switch (type) {
        case "enabled":
          mode = ReasoningConfig.Mode.ENABLED;
          break;
        case "adaptive":
          mode = ReasoningConfig.Mode.ADAPTIVE;
          break;
        case "disabled":
          mode = ReasoningConfig.Mode.DISABLED;
          break;
        default:
          throw reader.invalid("thinking.type", "expected enabled, adaptive or disabled, got '" + type + "'");
      }
      String display = reader.optionalString(thinking, "display", "thinking");
      Boolean includeThoughts = null;
      Set<String> mapped = new HashSet<>(Set.of("type", "budget_tokens"));
      if ("summarized".equals(display) || "omitted".equals(display)) {
        includeThoughts = "summarized".equals(display);
        mapped.add("display");
      }
      settings.reasoning(
          new ReasoningConfig(mode, reader.optionalInt(thinking, "budget_tokens", "thinking"), effort, includeThoughts, null));
      AnthropicJson.keepUnknownPart(extras, "thinking", thinking, mapped);
    }
    if (outputConfig != null) {
      Set<String> mapped = new HashSet<>();
      if (thinking != null) {
        mapped.add("effort");
      }
      ObjectNode format = reader.optionalObject(outputConfig, "format", "output_config");
      if (format != null && "json_schema".equals(reader.optionalString(format, "type", "output_config.format"))) {
        ObjectNode schema = reader.requiredObject(format, "schema", "output_config.format");
        settings.responseFormat(ResponseFormat.jsonSchema(null, JsonSupport.write(schema)));
        mapped.add("format");
      }
      AnthropicJson.keepUnknownPart(extras, "output_config", outputConfig, mapped);
    }
  }

  private static ToolChoice toolChoice(ObjectNode choice, JsonReader reader) {
    String type = reader.requiredString(choice, "type", "tool_choice");
    switch (type) {
      case "auto":
        return ToolChoice.auto();
      case "any":
        return ToolChoice.any();
      case "none":
        return ToolChoice.none();
      case "tool":
        return ToolChoice.tool(reader.requiredString(choice, "name", "tool_choice"));
      default:
        throw reader.invalid("tool_choice.type", "expected auto, any, tool or none, got '" + type + "'");
    }
  }

  private static List<TextBlock> system(JsonNode system, JsonReader reader) {
    if (system == null || system.isNull()) {
      return List.of();
    }
    if (system.isString()) {
      return system.stringValue().isEmpty() ? List.of() : List.of(TextBlock.of(system.stringValue()));
    }
    if (!(system instanceof ArrayNode array)) {
      throw reader.invalid("system", "expected a string or an array of text blocks");
    }
    List<TextBlock> blocks = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String path = JsonReader.path("system", i);
      ContentBlock block = ContentBlocks.decodeBlock(array.get(i), path, reader);
      if (!(block instanceof TextBlock text) || ContentBlocks.isOpaque(block)) {
        throw reader.invalid(path, "expected a text block");
      }
      blocks.add(text);
    }
    return blocks;
  }

  private static List<Message> messages(ArrayNode array, JsonReader reader) {
    List<Message> messages = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String path = JsonReader.path("messages", i);
      ObjectNode message = reader.object(array.get(i), path);
      Role role = role(reader.requiredString(message, "role", path), JsonReader.path(path, "role"), reader);
      ProviderFields extras = AnthropicJson.unknownFields(message, MESSAGE_FIELDS);
      JsonNode content = message.get("content");
      String contentPath = JsonReader.path(path, "content");
      if (content == null || content.isNull()) {
        throw reader.invalid(contentPath, "required");
      }
      if (content instanceof ArrayNode blocks) {
        splitAtMidConversationSystem(role, extras, blocks, contentPath, reader, messages);
      } else {
        messages.add(new Message(role, ContentBlocks.decodeContent(content, contentPath, reader), extras));
      }
    }
    return messages;
  }

  /**
   * A {@code mid_conv_system} block is a system instruction at that point of the conversation: the
   * turn is cut there, and the instruction becomes a {@link Role#SYSTEM} message between the halves.
   */
  private static void splitAtMidConversationSystem(
      Role role, ProviderFields extras, ArrayNode blocks, String path, JsonReader reader, List<Message> out) {
    List<ContentBlock> segment = new ArrayList<>();
    boolean emitted = false;
    for (int j = 0; j < blocks.size(); j++) {
      JsonNode block = blocks.get(j);
      String blockPath = JsonReader.path(path, j);
      if ("mid_conv_system".equals(block.path("type").asString(""))) {
        ObjectNode system = reader.object(block, blockPath);
        if (!segment.isEmpty()) {
          out.add(new Message(role, segment, emitted ? ProviderFields.EMPTY : extras));
          segment = new ArrayList<>();
          emitted = true;
        }
        out.add(
            new Message(
                Role.SYSTEM,
                ContentBlocks.decodeContent(system.get("content"), JsonReader.path(blockPath, "content"), reader),
                AnthropicJson.unknownFields(system, MID_CONV_SYSTEM_FIELDS)));
      } else {
        segment.add(ContentBlocks.decodeBlock(block, blockPath, reader));
      }
    }
    if (!segment.isEmpty() || !emitted) {
      out.add(new Message(role, segment, emitted ? ProviderFields.EMPTY : extras));
    }
  }

  private static Role role(String value, String path, JsonReader reader) {
    switch (value) {
      case "user":
        return Role.USER;
      case "assistant":
        return Role.ASSISTANT;
      case "system":
        return Role.SYSTEM;
      default:
        throw reader.invalid(path, "expected user, assistant or system, got '" + value + "'");
    }
  }

  private static List<Tool> tools(ArrayNode array, JsonReader reader) {
    if (array == null) {
      return List.of();
    }
    List<Tool> tools = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String path = JsonReader.path("tools", i);
      ObjectNode tool = reader.object(array.get(i), path);
      String name = reader.requiredString(tool, "name", path);
      String type = reader.optionalString(tool, "type", path);
      if (type == null || type.equals("custom")) {
        ObjectNode schema = reader.optionalObject(tool, "input_schema", path);
        // "type": "custom" stays in the extras, so that it is written back as the client sent it
        tools.add(
            new Tool(
                Tool.FUNCTION,
                name,
                reader.optionalString(tool, "description", path),
                schema == null ? null : JsonSupport.write(schema),
                reader.optionalBoolean(tool, "strict", path),
                AnthropicJson.readCacheControl(tool, path, reader),
                AnthropicJson.unknownFields(tool, FUNCTION_TOOL_FIELDS)));
      } else {
        // A server tool (web_search_20250305, bash_20250124…): Anthropic runs it, only Anthropic can take it.
        tools.add(
            new Tool(
                type, name, null, null, null, AnthropicJson.readCacheControl(tool, path, reader),
                AnthropicJson.unknownFields(tool, SERVER_TOOL_FIELDS)));
      }
    }
    return tools;
  }
}
