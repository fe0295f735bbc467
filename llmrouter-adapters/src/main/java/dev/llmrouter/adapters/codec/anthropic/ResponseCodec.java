package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.AnthropicJson.FORMAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.anthropic.ContentBlocks.Target;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Whole Anthropic responses, their usage and stop reasons, in both directions. */
final class ResponseCodec {
  private static final Set<String> RESPONSE_FIELDS =
      Set.of("id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage");
  private static final Set<String> USAGE_FIELDS =
      Set.of("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens");

  private ResponseCodec() {}

  // ---- client side: an upstream's answer ----

  static ChatResponse decode(byte[] body) {
    JsonReader reader = JsonReader.UPSTREAM;
    ObjectNode root = reader.object(JsonSupport.parseUpstream(body), "");
    Map<String, String> extras = new LinkedHashMap<>(AnthropicJson.unknownFields(root, RESPONSE_FIELDS).asMap());
    ArrayNode content = reader.requiredArray(root, "content", "");
    List<ContentBlock> blocks = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      blocks.add(ContentBlocks.decodeBlock(content.get(i), JsonReader.path("content", i), reader));
    }
    Usage usage = Usage.ZERO;
    ObjectNode usageNode = reader.optionalObject(root, "usage", "");
    if (usageNode != null) {
      usage = usage(usageNode, Usage.ZERO, "usage", reader);
      // service_tier, cache_creation TTL split, server_tool_use, output_tokens_details… come back on re-encoding
      AnthropicJson.keepUnknownPart(extras, "usage", usageNode, USAGE_FIELDS);
    }
    String stopReason = reader.optionalString(root, "stop_reason", "");
    return ChatResponse.builder()
        .id(reader.optionalString(root, "id", ""))
        .model(reader.optionalString(root, "model", ""))
        .content(blocks)
        .stopReason(stopReason == null ? StopReason.of(StopReason.Kind.END_TURN) : stopReason(stopReason))
        .stopSequence(reader.optionalString(root, "stop_sequence", ""))
        .usage(usage)
        .extras(ProviderFields.of(FORMAT, extras))
        .build();
  }

  /** The usage of an answer, as {@link #decode} reads it, with nothing else of the body decoded. */
  static Usage decodeUsage(byte[] body) {
    JsonReader reader = JsonReader.UPSTREAM;
    ObjectNode usageNode = reader.optionalObject(JsonSupport.topLevelField(body, "usage"), "usage", "");
    return usageNode == null ? Usage.ZERO : usage(usageNode, Usage.ZERO, "usage", reader);
  }

  /**
   * Anthropic usage on top of {@code previous}: fields the node leaves out keep their previous value
   * ({@code message_delta} may carry only {@code output_tokens}).
   */
  static Usage usage(JsonNode node, Usage previous, String path, JsonReader reader) {
    Usage.Builder usage = previous.toBuilder();
    if (node.hasNonNull("input_tokens")) {
      usage.inputTokens(reader.longOrZero(node, "input_tokens", path));
    }
    if (node.hasNonNull("output_tokens")) {
      usage.outputTokens(reader.longOrZero(node, "output_tokens", path));
    }
    if (node.hasNonNull("cache_read_input_tokens")) {
      usage.cacheReadTokens(reader.longOrZero(node, "cache_read_input_tokens", path));
    }
    if (node.hasNonNull("cache_creation_input_tokens")) {
      usage.cacheWriteTokens(reader.longOrZero(node, "cache_creation_input_tokens", path));
    }
    JsonNode details = node.path("output_tokens_details");
    if (details.hasNonNull("thinking_tokens")) {
      usage.reasoningTokens(reader.longOrZero(details, "thinking_tokens", JsonReader.path(path, "output_tokens_details")));
    }
    return usage.build();
  }

  static StopReason stopReason(String raw) {
    switch (raw) {
      case "end_turn":
        return StopReason.of(StopReason.Kind.END_TURN, raw);
      case "tool_use":
        return StopReason.of(StopReason.Kind.TOOL_USE, raw);
      case "stop_sequence":
        return StopReason.of(StopReason.Kind.STOP_SEQUENCE, raw);
      case "max_tokens":
        return StopReason.of(StopReason.Kind.MAX_TOKENS, raw);
      case "refusal":
        return StopReason.of(StopReason.Kind.CONTENT_FILTER, raw);
      case "model_context_window_exceeded":
        return StopReason.of(StopReason.Kind.CONTEXT_WINDOW_EXCEEDED, raw);
      case "pause_turn":
        return StopReason.of(StopReason.Kind.PAUSE_TURN, raw);
      default:
        return StopReason.of(StopReason.Kind.OTHER, raw);
    }
  }

  // ---- server side: an answer for an Anthropic client ----

  static ObjectNode encode(ChatResponse response, ChatRequest request) {
    ObjectNode root = JsonSupport.NODES.objectNode();
    root.put("id", response.id() != null ? response.id() : newId("msg_"));
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", model(response.model(), request));
    ArrayNode content = root.putArray("content");
    boolean hasToolUse = false;
    for (ContentBlock block : response.content()) {
      ObjectNode node = ContentBlocks.encodeBlock(block, Target.CLIENT);
      if (node != null) {
        content.add(node);
      }
      hasToolUse |= block instanceof ToolCallBlock;
    }
    String stopReason = stopReason(response.stopReason(), response.stopSequence(), hasToolUse);
    root.put("stop_reason", stopReason);
    if (stopReason.equals("stop_sequence")) {
      root.put("stop_sequence", response.stopSequence());
    } else {
      root.putNull("stop_sequence");
    }
    root.set("usage", usageNode(response.usage(), response.usage().inputTokens()));
    AnthropicJson.putExtras(root, response.extras());
    return root;
  }

  static String model(String model, ChatRequest request) {
    if (model != null) {
      return model;
    }
    return request == null ? "" : request.model();
  }

  /** A fresh id in Anthropic's style, for answers whose upstream gave none. */
  static String newId(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }

  /** Usage as Anthropic counts it: {@code input_tokens} is the uncached input, like the canonical one. */
  static ObjectNode usageNode(Usage usage, long inputTokens) {
    ObjectNode node = JsonSupport.NODES.objectNode();
    node.put("input_tokens", inputTokens);
    node.put("cache_creation_input_tokens", usage.cacheWriteTokens());
    node.put("cache_read_input_tokens", usage.cacheReadTokens());
    node.put("output_tokens", usage.outputTokens());
    return node;
  }

  /**
   * The stop-reason table of §8.0. Calls in the content mean {@code tool_use} whatever the upstream
   * said (Gemini stops with {@code STOP} after function calls, P19); a stop sequence Anthropic cannot
   * name becomes {@code end_turn}; a model error has no Anthropic reason and ends the turn.
   */
  static String stopReason(StopReason reason, String stopSequence, boolean hasToolUse) {
    StopReason.Kind kind = reason == null ? StopReason.Kind.END_TURN : reason.kind();
    switch (kind) {
      case TOOL_USE:
        return "tool_use";
      case STOP_SEQUENCE:
        return stopSequence != null ? "stop_sequence" : "end_turn";
      case MAX_TOKENS:
        return "max_tokens";
      case CONTENT_FILTER:
        return "refusal";
      case CONTEXT_WINDOW_EXCEEDED:
        return "model_context_window_exceeded";
      case PAUSE_TURN:
        return "pause_turn";
      default:
        return hasToolUse ? "tool_use" : "end_turn";
    }
  }
}
