package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.Items.FORMAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.GenerationSettings;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.ReasoningConfig;
import dev.llmrouter.api.model.ResponseFormat;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a canonical request as a {@code POST /v1/responses} body, in the canonical encoder form of
 * the fixtures. Also builds the request echo of a response object ({@link #tools}, {@link #toolChoice},
 * {@link #reasoning}, {@link #text}).
 */
final class RequestEncoder {
  static final String ENCRYPTED_REASONING = "reasoning.encrypted_content";
  /** OpenAI rejects a smaller {@code max_output_tokens}; Claude Code asks for 1 token in quota probes. */
  private static final int MIN_OUTPUT_TOKENS = 16;

  private RequestEncoder() {}

  static ObjectNode encode(ChatRequest request, boolean stream) {
    ObjectNode root = JsonSupport.NODES.objectNode();
    GenerationSettings settings = request.settings();
    Map<String, String> extras = request.extras().fieldsFor(FORMAT);
    root.put("model", request.model());
    if (request.system().size() == 1) {
      root.put("instructions", request.system().get(0).text());
    }
    ArrayNode input = root.putArray("input");
    if (request.system().size() > 1) {
      ObjectNode system = input.addObject().put("type", "message").put("role", "system");
      ArrayNode content = system.putArray("content");
      for (TextBlock block : request.system()) {
        content.addObject().put("type", "input_text").put("text", block.text());
      }
    }
    boolean replaysReasoning = false;
    for (Message message : request.messages()) {
      replaysReasoning |= message(message, input);
    }
    if (settings.maxTokens() != null) {
      root.put("max_output_tokens", Math.max(MIN_OUTPUT_TOKENS, settings.maxTokens()));
    }
    if (settings.temperature() != null) {
      root.put("temperature", settings.temperature());
    }
    if (settings.topP() != null) {
      root.put("top_p", settings.topP());
    }
    ArrayNode tools = tools(request);
    if (!tools.isEmpty()) {
      root.set("tools", tools);
    }
    JsonNode toolChoice = toolChoice(request);
    if (toolChoice != null) {
      root.set("tool_choice", toolChoice);
    }
    if (settings.parallelToolCalls() != null) {
      root.put("parallel_tool_calls", settings.parallelToolCalls());
    }
    ObjectNode reasoning = reasoning(settings.reasoning(), extras);
    if (reasoning != null) {
      root.set("reasoning", reasoning);
    }
    ObjectNode text = text(settings.responseFormat(), extras);
    if (text != null) {
      root.set("text", text);
    }
    ArrayNode include = include(extras, reasoningOn(settings.reasoning()) || replaysReasoning);
    if (!include.isEmpty()) {
      root.set("include", include);
    }
    JsonNode store = extras.containsKey("store") ? JsonSupport.parseOrNull(extras.get("store")) : null;
    root.set("store", store != null ? store : JsonSupport.NODES.booleanNode(false));
    if (settings.user() != null) {
      root.put("user", settings.user());
    }
    if (!settings.metadata().isEmpty()) {
      ObjectNode metadata = root.putObject("metadata");
      settings.metadata().forEach(metadata::put);
    }
    if (settings.serviceTier() != null) {
      root.put("service_tier", settings.serviceTier());
    }
    if (stream) {
      root.put("stream", true);
    }
    JsonSupport.putExtras(root, request.extras(), FORMAT);
    if (!stream) {
      root.remove("stream_options");
    }
    return root;
  }

  /** Appends the items of one message; returns whether it replays reasoning state of this format. */
  private static boolean message(Message message, ArrayNode input) {
    boolean assistant = message.role() == Role.ASSISTANT;
    String role = role(message.role());
    boolean replaysReasoning = false;
    boolean firstItem = true;
    ObjectNode open = null;
    String openKey = null;
    for (ContentBlock block : message.content()) {
      if (block instanceof ToolCallBlock call) {
        open = null;
        input.add(Items.toolCallItem(call, null, null));
      } else if (block instanceof ToolResultBlock result) {
        open = null;
        input.add(Items.toolResultItem(result));
      } else if (block instanceof ReasoningBlock reasoning) {
        open = null;
        ReasoningBlock own = ownReasoning(reasoning);
        if (own != null) {
          input.add(Items.reasoningItem(own, null));
          replaysReasoning |= !Items.isOpaque(own);
        }
      } else {
        ObjectNode part = Items.messagePart(block, assistant, false);
        if (part == null) {
          continue;
        }
        String key = assistant ? Items.extras(block).get(Items.ITEM) : null;
        if (open == null || !Objects.equals(key, openKey)) {
          open = messageItem(role, assistant ? key : null, firstItem ? message : null);
          input.add(open);
          openKey = key;
          firstItem = false;
        }
        ((ArrayNode) open.get("content")).add(part);
      }
    }
    if (message.content().isEmpty()) {
      input.add(messageItem(role, null, message));
    }
    return replaysReasoning;
  }

  private static ObjectNode messageItem(String role, String itemFields, Message extrasOf) {
    ObjectNode item = JsonSupport.NODES.objectNode().put("type", "message").put("role", role);
    item.putArray("content");
    JsonNode fields = itemFields == null ? null : JsonSupport.parseOrNull(itemFields);
    if (fields instanceof ObjectNode object) {
      object.properties().forEach(e -> item.putIfAbsent(e.getKey(), e.getValue()));
    }
    if (extrasOf != null) {
      JsonSupport.putExtras(item, extrasOf.extras(), FORMAT);
    }
    return item;
  }

  /**
   * The block to replay to a Responses upstream, or {@code null}: reasoning of this format is
   * replayed as is (its encrypted content is bound to its item id); reasoning of another format is
   * dropped unless it is one of our own envelopes carried through another client.
   */
  private static ReasoningBlock ownReasoning(ReasoningBlock block) {
    if (block.origin() == FORMAT) {
      return block;
    }
    ReasoningBlock unwrapped = ReasoningEnvelope.unwrap(block.signature());
    return unwrapped != null && unwrapped.origin() == FORMAT ? unwrapped : null;
  }

  private static String role(Role role) {
    switch (role) {
      case ASSISTANT:
        return "assistant";
      case SYSTEM:
        return "system";
      case DEVELOPER:
        return "developer";
      default:
        return "user";
    }
  }

  /**
   * Function tools, flat; tools of other kinds only when they were read from a Responses request
   * (a kind another format invented means nothing to OpenAI).
   */
  static ArrayNode tools(ChatRequest request) {
    ArrayNode tools = JsonSupport.NODES.arrayNode();
    for (Tool tool : request.tools()) {
      if (tool.isFunction()) {
        ObjectNode function = tools.addObject().put("type", Tool.FUNCTION).put("name", tool.name());
        if (tool.description() != null) {
          function.put("description", tool.description());
        }
        JsonNode parameters = JsonSupport.parseOrNull(tool.inputSchema());
        if (parameters != null) {
          function.set("parameters", parameters);
        }
        function.put("strict", Boolean.TRUE.equals(tool.strict()));
        JsonSupport.putExtras(function, tool.extras(), FORMAT);
      } else if (tool.extras().origin() == FORMAT) {
        ObjectNode other = tools.addObject().put("type", tool.type());
        JsonSupport.putExtras(other, tool.extras(), FORMAT);
      }
    }
    return tools;
  }

  static JsonNode toolChoice(ChatRequest request) {
    ToolChoice choice = request.toolChoice();
    if (choice == null) {
      return null;
    }
    switch (choice.mode()) {
      case ANY:
        return JsonSupport.NODES.stringNode("required");
      case NONE:
        return JsonSupport.NODES.stringNode("none");
      case TOOL:
        boolean custom = request.tools().stream()
            .anyMatch(t -> "custom".equals(t.type()) && t.name().equals(choice.toolName()));
        return JsonSupport.NODES.objectNode().put("type", custom ? "custom" : Tool.FUNCTION).put("name", choice.toolName());
      default:
        return JsonSupport.NODES.stringNode("auto");
    }
  }

  static ObjectNode reasoning(ReasoningConfig config, Map<String, String> extras) {
    ObjectNode reasoning = null;
    if (config != null) {
      boolean disabled = config.mode() == ReasoningConfig.Mode.DISABLED;
      String effort = effort(config);
      if (!disabled || effort != null) {
        reasoning = JsonSupport.NODES.objectNode();
        if (effort != null) {
          reasoning.put("effort", effort);
        }
        String summary = config.summary();
        if (summary == null && !disabled && !Boolean.FALSE.equals(config.includeThoughts())) {
          summary = "auto";
        }
        if (summary != null) {
          reasoning.put("summary", summary);
        }
      }
    }
    return mergeResidual(reasoning, extras.get("reasoning"));
  }

  /** The effort word: as given, else derived from a thinking budget (1024 low, 2048 medium, more high). */
  private static String effort(ReasoningConfig config) {
    if (config.effort() != null) {
      return "max".equals(config.effort()) ? "xhigh" : config.effort();
    }
    Integer budget = config.budgetTokens();
    if (config.mode() != ReasoningConfig.Mode.ENABLED || budget == null) {
      return null;
    }
    return budget <= 1024 ? "low" : budget <= 2048 ? "medium" : "high";
  }

  static boolean reasoningOn(ReasoningConfig config) {
    return config != null && config.mode() != ReasoningConfig.Mode.DISABLED;
  }

  static ObjectNode text(ResponseFormat format, Map<String, String> extras) {
    ObjectNode text = null;
    if (format != null) {
      text = JsonSupport.NODES.objectNode();
      ObjectNode f = text.putObject("format");
      switch (format.type()) {
        case JSON_OBJECT:
          f.put("type", "json_object");
          break;
        case JSON_SCHEMA:
          f.put("type", "json_schema").put("name", format.name() == null ? "output" : format.name());
          f.set("schema", JsonSupport.parseOrNull(format.schema()));
          if (format.strict() != null) {
            f.put("strict", format.strict());
          }
          break;
        default:
          f.put("type", "text");
      }
    }
    return mergeResidual(text, extras.get("text"));
  }

  private static ArrayNode include(Map<String, String> extras, boolean encryptedReasoning) {
    ArrayNode include = JsonSupport.NODES.arrayNode();
    JsonNode given = extras.containsKey("include") ? JsonSupport.parseOrNull(extras.get("include")) : null;
    boolean present = false;
    if (given != null && given.isArray()) {
      for (JsonNode value : given) {
        include.add(value);
        present |= value.isString() && ENCRYPTED_REASONING.equals(value.stringValue());
      }
    }
    if (encryptedReasoning && !present) {
      include.add(ENCRYPTED_REASONING);
    }
    return include;
  }

  /** Adds the fields a client sent beside the mapped ones (e.g. {@code text.verbosity}), recursively, never replacing. */
  private static ObjectNode mergeResidual(ObjectNode target, String residualJson) {
    JsonNode residual = residualJson == null ? null : JsonSupport.parseOrNull(residualJson);
    if (!(residual instanceof ObjectNode fields)) {
      return target;
    }
    ObjectNode merged = target == null ? JsonSupport.NODES.objectNode() : target;
    merge(merged, fields);
    return merged;
  }

  private static void merge(ObjectNode target, ObjectNode fields) {
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      JsonNode existing = target.get(field.getKey());
      if (existing == null) {
        target.set(field.getKey(), field.getValue());
      } else if (existing instanceof ObjectNode nested && field.getValue() instanceof ObjectNode more) {
        merge(nested, more);
      }
    }
  }
}
