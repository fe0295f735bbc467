package dev.llmrouter.adapters.codec.openai;

import static dev.llmrouter.adapters.codec.JsonSupport.badRequest;
import static dev.llmrouter.adapters.codec.openai.ChatJson.CHAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEffort;
import dev.llmrouter.adapters.codec.ToolIds;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.GenerationSettings;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningConfig;
import dev.llmrouter.api.model.ResponseFormat;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A canonical request to a Chat Completions body in the canonical encoder form (fixtures README):
 * one leading {@code system} message, one {@code tool} message per result right after the
 * assistant message, {@code max_completion_tokens}, ids of at most 40 characters.
 */
final class ChatRequestEncoder {
  /** OpenAI accepts at most this many stop sequences. */
  static final int MAX_STOP_SEQUENCES = 4;

  /** Request extras this encoder writes itself rather than copying them. */
  private static final Set<String> HANDLED_EXTRAS =
      Set.of("max_tokens", "safety_identifier", "response_format", "stream_options", "tool_choice");

  private ChatRequestEncoder() {}

  static byte[] encode(ChatRequest request, boolean stream) {
    ObjectNode root = JsonSupport.NODES.objectNode().put("model", request.model());
    ArrayNode messages = root.putArray("messages");
    if (!request.system().isEmpty()) {
      messages.addObject().put("role", "system").set("content", ChatContent.content(request.system()));
    }
    for (Message message : request.messages()) {
      message(message, messages);
    }
    tools(request, root);
    settings(request, root);
    ChatJson.putExtras(root, request.extras(), HANDLED_EXTRAS);
    if (stream) {
      root.put("stream", true);
      // always ask for usage: the router accounts every stream (the client's encoder strips it if unasked)
      JsonNode options = ChatJson.extra(request.extras(), "stream_options");
      ObjectNode streamOptions = options instanceof ObjectNode o ? o : JsonSupport.NODES.objectNode();
      root.set("stream_options", streamOptions.put("include_usage", true));
    }
    return JsonSupport.writeBytes(root);
  }

  private static void message(Message message, ArrayNode messages) {
    if (message.role() == Role.USER) {
      userMessages(message, messages);
      return;
    }
    ObjectNode node;
    if (message.role() == Role.ASSISTANT) {
      // only reasoning a Chat server produced goes back (DeepSeek needs it in tool loops)
      node = ChatContent.assistantMessage(message.content(), r -> r.origin() == CHAT, ToolIds::forOpenAi);
    } else {
      List<TextBlock> texts = texts(message.content());
      node = JsonSupport.NODES.objectNode().put("role", message.role() == Role.DEVELOPER ? "developer" : "system");
      node.set("content", texts.isEmpty() ? JsonSupport.NODES.stringNode("") : ChatContent.content(texts));
    }
    ChatJson.putExtras(node, message.extras());
    messages.add(node);
  }

  /**
   * One {@code tool} message per result, then a {@code user} message with the rest: what Chat
   * tool messages cannot hold (images of results) and the user's own blocks.
   */
  private static void userMessages(Message message, ArrayNode messages) {
    List<ContentBlock> rest = new ArrayList<>();
    List<ContentBlock> own = new ArrayList<>();
    boolean hasResults = false;
    for (ContentBlock block : message.content()) {
      if (block instanceof ToolResultBlock result) {
        hasResults = true;
        messages.add(toolMessage(result));
        for (ContentBlock inner : result.content()) {
          if (!(inner instanceof TextBlock)) {
            rest.add(inner);
          }
        }
      } else if (!ChatContent.isForeignOpaque(block)) {
        own.add(block);
      }
    }
    rest.addAll(own);
    if (hasResults && rest.isEmpty()) {
      return;
    }
    ObjectNode user = messages.addObject().put("role", "user");
    user.set("content", rest.isEmpty() ? JsonSupport.NODES.stringNode("") : ChatContent.content(rest));
    ChatJson.putExtras(user, message.extras());
  }

  private static ObjectNode toolMessage(ToolResultBlock result) {
    List<TextBlock> texts = texts(result.content());
    if (result.isError()) {
      // Chat has no error flag: say it in the text (lossy, protocols README §8.0)
      if (texts.isEmpty()) {
        texts.add(TextBlock.of("Error"));
      } else {
        TextBlock first = texts.get(0);
        texts.set(0, new TextBlock("Error: " + first.text(), first.cacheControl(), first.extras()));
      }
    }
    ObjectNode node = JsonSupport.NODES.objectNode()
        .put("role", "tool")
        .put("tool_call_id", ToolIds.forOpenAi(result.toolCallId()));
    node.set("content", texts.isEmpty() ? JsonSupport.NODES.stringNode("") : ChatContent.content(texts));
    ChatJson.putExtras(node, result.extras());
    return node;
  }

  /** The text blocks, for messages that hold only text. */
  private static List<TextBlock> texts(List<ContentBlock> blocks) {
    List<TextBlock> texts = new ArrayList<>();
    for (ContentBlock block : blocks) {
      if (block instanceof TextBlock t && !ChatContent.isForeignOpaque(t)) {
        texts.add(t);
      }
    }
    return texts;
  }

  private static void tools(ChatRequest request, ObjectNode root) {
    ArrayNode tools = JsonSupport.NODES.arrayNode();
    for (Tool tool : request.tools()) {
      ObjectNode node = tool(tool);
      if (node != null) {
        tools.add(node);
      }
    }
    // OpenAI rejects tool_choice and parallel_tool_calls without tools
    if (tools.isEmpty()) {
      return;
    }
    root.set("tools", tools);
    ToolChoice choice = request.toolChoice();
    if (choice != null) {
      root.set("tool_choice", toolChoice(choice, request.tools()));
    } else {
      JsonNode chatOnly = ChatJson.extra(request.extras(), "tool_choice");
      if (chatOnly != null) {
        root.set("tool_choice", chatOnly);
      }
    }
    if (request.settings().parallelToolCalls() != null) {
      root.put("parallel_tool_calls", request.settings().parallelToolCalls());
    }
  }

  /** The definition, or {@code null} for tool types Chat has no form for (other formats' hosted tools). */
  private static ObjectNode tool(Tool tool) {
    ObjectNode node = JsonSupport.NODES.objectNode().put("type", tool.type());
    if (tool.isFunction()) {
      ObjectNode function = node.putObject("function").put("name", tool.name());
      if (tool.description() != null) {
        function.put("description", tool.description());
      }
      if (tool.inputSchema() != null) {
        JsonNode schema = JsonSupport.parseOrNull(tool.inputSchema());
        if (schema == null) {
          throw badRequest("tool '" + tool.name() + "': the input schema is not valid JSON");
        }
        function.set("parameters", schema);
      }
      if (tool.strict() != null) {
        function.put("strict", tool.strict());
      }
    } else if (tool.extras().origin() == CHAT) {
      // a Chat client's own non-function tool: its fields come back as they were
    } else if ("custom".equals(tool.type())) {
      ObjectNode custom = node.putObject("custom").put("name", tool.name());
      if (tool.description() != null) {
        custom.put("description", tool.description());
      }
    } else {
      return null;
    }
    ChatJson.putExtras(node, tool.extras());
    return node;
  }

  private static JsonNode toolChoice(ToolChoice choice, List<Tool> tools) {
    switch (choice.mode()) {
      case ANY:
        return JsonSupport.NODES.stringNode("required");
      case NONE:
        return JsonSupport.NODES.stringNode("none");
      case TOOL: {
        boolean custom = tools.stream().anyMatch(t -> t.name().equals(choice.toolName()) && "custom".equals(t.type()));
        String type = custom ? "custom" : "function";
        ObjectNode node = JsonSupport.NODES.objectNode().put("type", type);
        node.putObject(type).put("name", choice.toolName());
        return node;
      }
      default:
        return JsonSupport.NODES.stringNode("auto");
    }
  }

  private static void settings(ChatRequest request, ObjectNode root) {
    GenerationSettings settings = request.settings();
    if (settings.maxTokens() != null) {
      boolean legacySpelling = request.extras().fieldsFor(CHAT).containsKey("max_tokens");
      root.put(legacySpelling ? "max_tokens" : "max_completion_tokens", settings.maxTokens());
    }
    if (settings.temperature() != null) {
      ChatJson.putNumber(root, "temperature", settings.temperature());
    }
    if (settings.topP() != null) {
      ChatJson.putNumber(root, "top_p", settings.topP());
    }
    // top_k has no Chat field: dropped
    if (!settings.stopSequences().isEmpty()) {
      ArrayNode stop = root.putArray("stop");
      settings.stopSequences().stream().limit(MAX_STOP_SEQUENCES).forEach(stop::add);
    }
    if (settings.seed() != null) {
      ChatJson.putNumber(root, "seed", settings.seed());
    }
    if (settings.frequencyPenalty() != null) {
      ChatJson.putNumber(root, "frequency_penalty", settings.frequencyPenalty());
    }
    if (settings.presencePenalty() != null) {
      ChatJson.putNumber(root, "presence_penalty", settings.presencePenalty());
    }
    if (settings.responseFormat() != null) {
      root.set("response_format", responseFormat(settings.responseFormat(), request));
    }
    String effort = reasoningEffort(settings.reasoning());
    if (effort != null) {
      root.put("reasoning_effort", effort);
    }
    user(settings.user(), request, root);
    if (!settings.metadata().isEmpty()) {
      ObjectNode metadata = root.putObject("metadata");
      settings.metadata().forEach(metadata::put);
    }
    if (settings.serviceTier() != null) {
      // Anthropic's standard_only is Chat's default tier
      root.put("service_tier", "standard_only".equals(settings.serviceTier()) ? "default" : settings.serviceTier());
    }
  }

  /** The client's own value when it still says the same thing (it may hold a description), else the canonical form. */
  private static JsonNode responseFormat(ResponseFormat format, ChatRequest request) {
    JsonNode original = ChatJson.extra(request.extras(), "response_format");
    if (original instanceof ObjectNode object && format.equals(ChatRequestDecoder.readResponseFormat(object))) {
      return original;
    }
    return responseFormatJson(format);
  }

  static ObjectNode responseFormatJson(ResponseFormat format) {
    ObjectNode node = JsonSupport.NODES.objectNode();
    switch (format.type()) {
      case JSON_OBJECT:
        return node.put("type", "json_object");
      case JSON_SCHEMA: {
        ObjectNode jsonSchema = node.put("type", "json_schema").putObject("json_schema");
        jsonSchema.put("name", format.name() == null ? "output" : format.name());
        JsonNode schema = JsonSupport.parseOrNull(format.schema());
        if (schema == null) {
          throw badRequest("the response format's JSON schema is not valid JSON");
        }
        jsonSchema.set("schema", schema);
        if (format.strict() != null) {
          jsonSchema.put("strict", format.strict());
        }
        return node;
      }
      default:
        return node.put("type", "text");
    }
  }

  /** The effort word; a bare token budget maps through the LiteLLM table (1024 low, 2048 medium, above high). */
  private static String reasoningEffort(ReasoningConfig reasoning) {
    if (reasoning == null) {
      return null;
    }
    if (reasoning.effort() != null) {
      return reasoning.effort();
    }
    if (reasoning.mode() != ReasoningConfig.Mode.ENABLED || reasoning.budgetTokens() == null) {
      return null; // disabled: omitted, since non-reasoning models reject the field
    }
    return ReasoningEffort.effortFor(reasoning.budgetTokens());
  }

  /** {@code user}, or {@code safety_identifier} when that is how the client named the same value. */
  private static void user(String user, ChatRequest request, ObjectNode root) {
    JsonNode safetyIdentifier = ChatJson.extra(request.extras(), "safety_identifier");
    if (safetyIdentifier != null && safetyIdentifier.isString() && safetyIdentifier.stringValue().equals(user)) {
      root.set("safety_identifier", safetyIdentifier);
      return;
    }
    if (user != null) {
      root.put("user", user);
    }
    if (safetyIdentifier != null) {
      root.set("safety_identifier", safetyIdentifier);
    }
  }
}
