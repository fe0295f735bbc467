package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.AnthropicJson.FORMAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.anthropic.ContentBlocks.Target;
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
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A canonical request to an Anthropic upstream, in the canonical encoder form of the fixtures:
 * {@code content} always an array, {@code system} an array of text blocks, tool results first in
 * their user turn. Applies the rules of Anthropic as a target (§8.0): required {@code max_tokens}
 * above the thinking budget, no empty text, temperature within 0–1, no sampling or forced tool
 * choice with thinking, tool ids Anthropic accepts, only Anthropic's own reasoning replayed.
 */
final class RequestEncoder {
  /** {@code max_tokens} when the request has none; the router may set a model-specific value before encoding. */
  static final int DEFAULT_MAX_TOKENS = 4096;

  static final String JSON_OBJECT_INSTRUCTION = "Respond with a single valid JSON object and nothing else.";

  /** Prefix of a system instruction that had to move into a user turn. */
  static final String SYSTEM_PREFIX = "System: ";

  private static final int MIN_THINKING_BUDGET = 1024;

  /** Partial objects from the extras that are invalid on their own (a {@code thinking} without {@code type}). */
  private static final Set<String> MERGE_ONLY_EXTRAS = Set.of("tool_choice", "thinking");

  /** What {@code count_tokens} accepts; it rejects generation fields such as {@code max_tokens} or {@code temperature}. */
  private static final Set<String> COUNT_TOKENS_FIELDS =
      Set.of(
          "model", "messages", "system", "tools", "tool_choice", "thinking", "output_config", "cache_control",
          "context_management", "mcp_servers", "output_format");

  private RequestEncoder() {}

  static ObjectNode encode(ChatRequest request, boolean stream) {
    return build(request, stream, false);
  }

  static ObjectNode encodeCountTokens(ChatRequest request) {
    return build(request, false, true).retain(COUNT_TOKENS_FIELDS);
  }

  private static ObjectNode build(ChatRequest request, boolean stream, boolean countTokens) {
    GenerationSettings settings = request.settings();
    List<ObjectNode> system = new ArrayList<>();
    List<WireMessage> messages = conversation(request, system);
    if (settings.responseFormat() != null && settings.responseFormat().type() == ResponseFormat.Type.JSON_OBJECT) {
      // Anthropic has no "any JSON object" mode; a schema-less instruction is the closest equivalent.
      system.add(ContentBlocks.encodeBlock(TextBlock.of(JSON_OBJECT_INSTRUCTION), Target.UPSTREAM));
    }
    ReasoningConfig reasoning = settings.reasoning();
    boolean thinkingOn = reasoning != null && reasoning.mode() != ReasoningConfig.Mode.DISABLED
        && !"none".equals(reasoning.effort());
    if (thinkingOn && reasoning.mode() == ReasoningConfig.Mode.ENABLED && unfinishedToolLoopWithoutThinking(messages)) {
      // With thinking enabled, the API needs the turn that made the calls to start with its signed thinking
      // block, which is gone (another provider answered it, or a client without a reasoning slot): thinking
      // off for this request rather than a certain 400 (§8.0 signatures rule 4, P5). Adaptive thinking may
      // skip thinking on a turn by itself, so the API cannot demand the block there.
      thinkingOn = false;
    }
    int budget = thinkingOn && reasoning.mode() == ReasoningConfig.Mode.ENABLED ? thinkingBudget(reasoning) : 0;

    ObjectNode root = JsonSupport.NODES.objectNode();
    root.put("model", request.model());
    if (!countTokens) {
      root.put("max_tokens", maxTokens(settings.maxTokens(), budget));
    }
    if (!system.isEmpty()) {
      root.putArray("system").addAll(system);
    }
    ArrayNode messageArray = root.putArray("messages");
    for (WireMessage message : messages) {
      ObjectNode node = messageArray.addObject();
      node.put("role", message.role);
      node.putArray("content").addAll(message.blocks);
      AnthropicJson.putExtras(node, message.extras);
    }
    ArrayNode tools = tools(request.tools());
    if (!tools.isEmpty()) {
      root.set("tools", tools);
      writeToolChoice(root, request.toolChoice(), settings.parallelToolCalls(), thinkingOn);
    }
    writeReasoning(root, reasoning, thinkingOn, budget);
    writeResponseFormat(root, settings.responseFormat());
    writeSampling(root, settings, thinkingOn);
    if (settings.user() != null) {
      root.putObject("metadata").put("user_id", settings.user());
    }
    if ("auto".equals(settings.serviceTier()) || "standard_only".equals(settings.serviceTier())) {
      root.put("service_tier", settings.serviceTier());
    }
    if (stream) {
      root.put("stream", true);
    }
    AnthropicJson.putExtras(root, request.extras(), MERGE_ONLY_EXTRAS);
    return root;
  }

  private static final class WireMessage {
    final String role;
    final List<ObjectNode> blocks;
    ProviderFields extras;

    WireMessage(String role, List<ObjectNode> blocks, ProviderFields extras) {
      this.role = role;
      this.blocks = blocks;
      this.extras = extras;
    }
  }

  /**
   * The turns as Anthropic takes them. Consecutive turns of one role are merged (the API merges them
   * anyway, and it lets the tool results of one assistant turn sit in the single user turn after it),
   * and every user turn lists its tool results first.
   *
   * <p>A system instruction inside the conversation ({@link Role#SYSTEM} or {@link Role#DEVELOPER}:
   * Claude Code's {@code role: "system"} message, Codex's developer items) joins {@code system} when
   * it comes before the first user turn. After it, it becomes a user-turn text block prefixed
   * {@value #SYSTEM_PREFIX}: the public API does not accept {@code role: "system"} messages for every
   * model, and whether {@code mid_conv_system} needs a beta or model support is unverified (§8.0).
   * The instruction's own message fields (e.g. Claude Code's per-turn {@code output_config}) have no
   * place in a user turn and are dropped.
   */
  private static List<WireMessage> conversation(ChatRequest request, List<ObjectNode> system) {
    for (TextBlock block : request.system()) {
      addIfPresent(system, ContentBlocks.encodeBlock(block, Target.UPSTREAM));
    }
    List<Message> messages = request.messages();
    int firstUser = 0;
    while (firstUser < messages.size() && messages.get(firstUser).role() != Role.USER) {
      firstUser++;
    }
    List<WireMessage> wire = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      boolean instruction = message.role() == Role.SYSTEM || message.role() == Role.DEVELOPER;
      if (instruction && i < firstUser) {
        for (ContentBlock block : message.content()) {
          addIfPresent(system, ContentBlocks.encodeBlock(block, Target.UPSTREAM));
        }
        continue;
      }
      List<ObjectNode> blocks = new ArrayList<>();
      for (ContentBlock block : message.content()) {
        if (instruction && block instanceof TextBlock text && !ContentBlocks.isOpaque(text)) {
          block = new TextBlock(SYSTEM_PREFIX + text.text(), text.cacheControl(), text.extras());
        }
        addIfPresent(blocks, ContentBlocks.encodeBlock(block, Target.UPSTREAM));
      }
      if (blocks.isEmpty()) {
        continue;
      }
      String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
      ProviderFields extras = instruction ? ProviderFields.EMPTY : message.extras();
      WireMessage last = wire.isEmpty() ? null : wire.get(wire.size() - 1);
      if (last != null && last.role.equals(role)) {
        last.blocks.addAll(blocks);
        if (last.extras.isEmpty()) {
          last.extras = extras;
        }
      } else {
        wire.add(new WireMessage(role, blocks, extras));
      }
    }
    for (WireMessage message : wire) {
      if (message.role.equals("user")) {
        List<ObjectNode> results = new ArrayList<>();
        List<ObjectNode> others = new ArrayList<>();
        for (ObjectNode block : message.blocks) {
          (ContentBlocks.isToolResult(block) ? results : others).add(block);
        }
        message.blocks.clear();
        message.blocks.addAll(results);
        message.blocks.addAll(others);
      }
    }
    return wire;
  }

  private static void addIfPresent(List<ObjectNode> list, ObjectNode node) {
    if (node != null) {
      list.add(node);
    }
  }

  /** The conversation ends with tool results for an assistant turn whose calls are not led by a thinking block. */
  private static boolean unfinishedToolLoopWithoutThinking(List<WireMessage> messages) {
    int n = messages.size();
    if (n < 2 || !messages.get(n - 1).role.equals("user") || !messages.get(n - 2).role.equals("assistant")) {
      return false;
    }
    boolean answersCalls = messages.get(n - 1).blocks.stream().anyMatch(ContentBlocks::isToolResult);
    List<ObjectNode> calls = messages.get(n - 2).blocks;
    return answersCalls
        && calls.stream().anyMatch(ContentBlocks::isToolUse)
        && !ContentBlocks.isReasoning(calls.get(0));
  }

  private static int thinkingBudget(ReasoningConfig reasoning) {
    Integer budget = reasoning.budgetTokens();
    int value = budget != null && budget >= 0 ? budget : budgetForEffort(reasoning.effort());
    return Math.max(MIN_THINKING_BUDGET, value);
  }

  /** The effort-to-budget table of §8.0 (LiteLLM's defaults, raised to Anthropic's 1024 minimum). */
  static int budgetForEffort(String effort) {
    if (effort == null) {
      return 2048;
    }
    switch (effort) {
      case "minimal":
      case "low":
        return 1024;
      case "high":
        return 4096;
      case "xhigh":
        return 8192;
      case "max":
        return 16384;
      default:
        return 2048;
    }
  }

  /** {@code max_tokens} counts the thinking budget: when the requested value leaves no room, the budget comes on top. */
  private static int maxTokens(Integer requested, int thinkingBudget) {
    int maxTokens = requested == null ? DEFAULT_MAX_TOKENS : requested;
    if (thinkingBudget > 0 && maxTokens <= thinkingBudget) {
      maxTokens = thinkingBudget + Math.max(maxTokens, 1);
    }
    return maxTokens;
  }

  private static ArrayNode tools(List<Tool> tools) {
    ArrayNode array = JsonSupport.NODES.arrayNode();
    for (Tool tool : tools) {
      ObjectNode node;
      if (tool.isFunction()) {
        node = array.addObject();
        node.put("name", tool.name());
        if (tool.description() != null) {
          node.put("description", tool.description());
        }
        node.set("input_schema", inputSchema(tool.inputSchema()));
        if (tool.strict() != null) {
          node.put("strict", tool.strict());
        }
      } else if (tool.extras().origin() == FORMAT) {
        node = array.addObject(); // an Anthropic server tool, written back with its own fields
        node.put("name", tool.name());
      } else {
        continue; // another format's hosted tool (Codex namespace, Responses web_search…) has no Anthropic form
      }
      AnthropicJson.writeCacheControl(node, tool.cacheControl());
      AnthropicJson.putExtras(node, tool.extras());
    }
    return array;
  }

  private static ObjectNode inputSchema(String schema) {
    JsonNode parsed = JsonSupport.parseOrNull(schema);
    ObjectNode object = parsed instanceof ObjectNode o ? o : JsonSupport.NODES.objectNode();
    if (!object.has("type")) {
      object.put("type", "object"); // Anthropic requires an object schema; OpenAI allows parameters to be omitted
      if (!object.has("properties")) {
        object.putObject("properties");
      }
    }
    return object;
  }

  private static void writeToolChoice(ObjectNode root, ToolChoice choice, Boolean parallel, boolean thinkingOn) {
    if (choice == null && !Boolean.FALSE.equals(parallel)) {
      return;
    }
    ToolChoice.Mode mode = choice == null ? ToolChoice.Mode.AUTO : choice.mode();
    if (thinkingOn && (mode == ToolChoice.Mode.ANY || mode == ToolChoice.Mode.TOOL)) {
      mode = ToolChoice.Mode.AUTO; // "Thinking may not be enabled when tool_choice forces tool use" (P18)
    }
    ObjectNode node = root.putObject("tool_choice");
    switch (mode) {
      case ANY:
        node.put("type", "any");
        break;
      case NONE:
        node.put("type", "none");
        return; // disable_parallel_tool_use exists only for auto, any and tool
      case TOOL:
        node.put("type", "tool");
        node.put("name", choice.toolName());
        break;
      default:
        node.put("type", "auto");
    }
    if (parallel != null) {
      node.put("disable_parallel_tool_use", !parallel);
    }
  }

  private static void writeReasoning(ObjectNode root, ReasoningConfig reasoning, boolean thinkingOn, int budget) {
    if (reasoning == null) {
      return;
    }
    boolean explicitlyOff = reasoning.mode() == ReasoningConfig.Mode.DISABLED || "none".equals(reasoning.effort());
    if (thinkingOn || explicitlyOff) {
      ObjectNode thinking = root.putObject("thinking");
      if (explicitlyOff) {
        thinking.put("type", "disabled");
      } else if (reasoning.mode() == ReasoningConfig.Mode.ENABLED) {
        thinking.put("type", "enabled");
        thinking.put("budget_tokens", budget);
      } else {
        thinking.put("type", "adaptive");
      }
      if (!explicitlyOff && Boolean.FALSE.equals(reasoning.includeThoughts())) {
        thinking.put("display", "omitted"); // "summarized" is the default: written only when it is not wanted
      }
    }
    // An effort that only chose an enabled budget is not repeated: it was translated, not asked of Anthropic.
    boolean effortChoseBudget = reasoning.mode() == ReasoningConfig.Mode.ENABLED && reasoning.budgetTokens() == null;
    String effort = reasoning.effort();
    if (effort != null && !effort.equals("none") && !effortChoseBudget) {
      root.putObject("output_config").put("effort", effort.equals("minimal") ? "low" : effort);
    }
  }

  private static void writeResponseFormat(ObjectNode root, ResponseFormat format) {
    if (format == null || format.type() != ResponseFormat.Type.JSON_SCHEMA) {
      return;
    }
    JsonNode schema = JsonSupport.parseOrNull(format.schema());
    if (schema instanceof ObjectNode) {
      ObjectNode outputConfig = root.has("output_config") ? (ObjectNode) root.get("output_config") : root.putObject("output_config");
      ObjectNode node = outputConfig.putObject("format");
      node.put("type", "json_schema");
      node.set("schema", schema);
    }
  }

  private static void writeSampling(ObjectNode root, GenerationSettings settings, boolean thinkingOn) {
    // With thinking on, Anthropic rejects temperature and top_k, and top_p below 0.95 (P18).
    if (settings.temperature() != null && !thinkingOn) {
      root.put("temperature", Math.min(1.0, Math.max(0.0, settings.temperature()))); // OpenAI and Gemini allow up to 2
    }
    if (settings.topP() != null && (!thinkingOn || settings.topP() >= 0.95)) {
      root.put("top_p", settings.topP());
    }
    if (settings.topK() != null && !thinkingOn) {
      root.put("top_k", settings.topK());
    }
    if (!settings.stopSequences().isEmpty()) {
      ArrayNode stops = root.putArray("stop_sequences");
      settings.stopSequences().forEach(stops::add);
    }
  }
}
