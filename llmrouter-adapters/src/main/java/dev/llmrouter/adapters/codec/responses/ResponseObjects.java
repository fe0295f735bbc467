package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.Items.FORMAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.GenerationSettings;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The Response object: its request echo, output items, status and usage, written and read. */
final class ResponseObjects {
  /** The arguments of a call that has none: clients parse arguments as a JSON object. */
  static final String NO_ARGUMENTS = "{}";

  private ResponseObjects() {}

  // ---------------------------------------------------------------- writing

  /**
   * A response {@code in_progress} with no output, echoing the request settings as OpenAI does
   * (SDKs parse these fields, clients ignore their values).
   */
  static ObjectNode skeleton(ChatRequest request, String id, String model, long createdAt) {
    GenerationSettings settings = request == null ? GenerationSettings.DEFAULTS : request.settings();
    Map<String, String> extras = request == null ? Map.of() : request.extras().fieldsFor(FORMAT);
    ObjectNode r = JsonSupport.NODES.objectNode();
    r.put("id", id).put("object", "response").put("created_at", createdAt).put("status", "in_progress");
    r.put("background", false);
    r.putNull("completed_at");
    r.putNull("error");
    r.putNull("incomplete_details");
    if (request != null && !request.system().isEmpty()) {
      r.put("instructions", request.systemText());
    } else {
      r.putNull("instructions");
    }
    r.put("max_output_tokens", settings.maxTokens());
    echo(r, extras, "max_tool_calls", null);
    r.put("model", model);
    r.putArray("output");
    r.put("parallel_tool_calls", settings.parallelToolCalls() == null || settings.parallelToolCalls());
    echo(r, extras, "previous_response_id", null);
    echo(r, extras, "prompt_cache_key", null);
    ObjectNode reasoning = RequestEncoder.reasoning(settings.reasoning(), extras);
    if (reasoning == null) {
      reasoning = JsonSupport.NODES.objectNode().putNull("effort").putNull("summary");
    }
    r.set("reasoning", reasoning);
    echo(r, extras, "safety_identifier", null);
    r.put("service_tier", settings.serviceTier() == null ? "default" : settings.serviceTier());
    echo(r, extras, "store", JsonSupport.NODES.booleanNode(false));
    r.put("temperature", settings.temperature() == null ? 1.0 : settings.temperature());
    ObjectNode text = RequestEncoder.text(settings.responseFormat(), extras);
    if (text == null) {
      text = JsonSupport.NODES.objectNode();
    }
    if (!text.has("format")) {
      text.putObject("format").put("type", "text");
    }
    if (!text.has("verbosity")) {
      text.put("verbosity", "medium");
    }
    r.set("text", text);
    JsonNode toolChoice = request == null ? null : RequestEncoder.toolChoice(request);
    r.set("tool_choice", toolChoice == null ? JsonSupport.NODES.stringNode("auto") : toolChoice);
    r.set("tools", request == null ? JsonSupport.NODES.arrayNode() : RequestEncoder.tools(request));
    echo(r, extras, "top_logprobs", JsonSupport.NODES.numberNode(0));
    r.put("top_p", settings.topP() == null ? 1.0 : settings.topP());
    echo(r, extras, "truncation", JsonSupport.NODES.stringNode("disabled"));
    r.putNull("usage");
    r.put("user", settings.user());
    ObjectNode metadata = r.putObject("metadata");
    settings.metadata().forEach(metadata::put);
    return r;
  }

  private static void echo(ObjectNode r, Map<String, String> extras, String name, JsonNode fallback) {
    JsonNode value = extras.containsKey(name) ? JsonSupport.parseOrNull(extras.get(name)) : null;
    r.set(name, value != null ? value : fallback == null ? JsonSupport.NODES.nullNode() : fallback);
  }

  /** Sets the end state of a response: status, details, output, usage. */
  static void finish(ObjectNode response, StopReason stopReason, Usage usage, ArrayNode output, long completedAt) {
    String status = status(stopReason);
    response.put("status", status);
    if (!"failed".equals(status)) {
      response.put("completed_at", completedAt);
    }
    if ("incomplete".equals(status)) {
      response.putObject("incomplete_details").put("reason", incompleteReason(stopReason));
    }
    if ("failed".equals(status)) {
      String raw = stopReason.raw() == null ? "" : " (" + stopReason.raw() + ")";
      response.putObject("error").put("code", "server_error").put("message", "the model failed to answer" + raw);
    }
    response.set("output", output);
    response.set("usage", usage(usage));
  }

  static String status(StopReason stopReason) {
    switch (stopReason.kind()) {
      case MAX_TOKENS:
      case CONTEXT_WINDOW_EXCEEDED:
      case CONTENT_FILTER:
      case PAUSE_TURN:
        return "incomplete";
      case ERROR:
        return "failed";
      default:
        return "completed";
    }
  }

  /** {@code max_output_tokens}, {@code content_filter}, or {@code null} for a paused turn (no reason fits). */
  private static String incompleteReason(StopReason stopReason) {
    switch (stopReason.kind()) {
      case CONTENT_FILTER:
        return "content_filter";
      case PAUSE_TURN:
        return null;
      default:
        return "max_output_tokens";
    }
  }

  static ObjectNode usage(Usage usage) {
    ObjectNode u = JsonSupport.NODES.objectNode();
    u.put("input_tokens", usage.totalInputTokens());
    u.putObject("input_tokens_details")
        .put("cached_tokens", usage.cacheReadTokens())
        .put("cache_write_tokens", usage.cacheWriteTokens());
    u.put("output_tokens", usage.outputTokens());
    u.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    u.put("total_tokens", usage.totalTokens());
    return u;
  }

  /** The output items of a whole answer, grouped and named exactly as the stream encoder does. */
  static ArrayNode output(Iterable<ContentBlock> content, String responseId) {
    ArrayNode output = JsonSupport.NODES.arrayNode();
    ObjectNode message = null;
    String messageKey = null;
    for (ContentBlock block : content) {
      if (block instanceof TextBlock text) {
        String key = Items.extras(text).get(Items.ITEM);
        if (message == null || !Objects.equals(key, messageKey)) {
          message = messageItem(messageId(key, responseId, output.size()), "completed", key);
          output.add(message);
          messageKey = key;
        }
        ((ArrayNode) message.get("content")).add(Items.messagePart(text, true, true));
        continue;
      }
      message = null;
      if (block instanceof ToolCallBlock call) {
        ToolCallBlock complete = call.arguments().isBlank() && !Items.CUSTOM_CALL.equals(Items.extraString(call, "type"))
            ? new ToolCallBlock(call.id(), call.name(), NO_ARGUMENTS, null, call.extras())
            : call;
        output.add(Items.toolCallItem(complete, callItemId(call), "completed"));
      } else if (block instanceof ReasoningBlock reasoning) {
        output.add(reasoningItem(reasoning, responseId, output.size()));
      }
    }
    return output;
  }

  /** An assistant message item; {@code itemFields} are the fields of the upstream's item (id, phase…), if any. */
  static ObjectNode messageItem(String id, String status, String itemFields) {
    ObjectNode item = JsonSupport.NODES.objectNode();
    item.put("id", id).put("type", "message").put("status", status);
    item.putArray("content");
    item.put("role", "assistant");
    JsonNode fields = itemFields == null ? null : JsonSupport.parseOrNull(itemFields);
    if (fields instanceof ObjectNode object) {
      object.properties().forEach(e -> item.putIfAbsent(e.getKey(), e.getValue()));
    }
    return item;
  }

  static String messageId(String itemFields, String responseId, int outputIndex) {
    JsonNode fields = itemFields == null ? null : JsonSupport.parseOrNull(itemFields);
    String id = JsonFields.text(fields, "id");
    return id != null ? id : Ids.mint("msg_", responseId + ":" + outputIndex);
  }

  static String callItemId(ToolCallBlock call) {
    return Ids.mint("fc_", call.id());
  }

  /**
   * A reasoning output item: this format's own block as it came, another format's block inside a
   * router envelope (so that the client's next request brings it back).
   */
  static ObjectNode reasoningItem(ReasoningBlock block, String responseId, int outputIndex) {
    String id = Ids.mint("rs_", responseId + ":" + outputIndex);
    return block.origin() == FORMAT ? Items.reasoningItem(block, id) : Items.envelopeItem(block, id);
  }

  // ---------------------------------------------------------------- reading

  static Usage readUsage(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.ZERO;
    }
    long input = JsonFields.number(usage, "input_tokens");
    JsonNode inputDetails = usage.get("input_tokens_details");
    long cached = JsonFields.number(inputDetails, "cached_tokens");
    long written = JsonFields.number(inputDetails, "cache_write_tokens");
    return Usage.builder()
        .inputTokens(Math.max(0, input - cached - written))
        .cacheReadTokens(cached)
        .cacheWriteTokens(written)
        .outputTokens(JsonFields.number(usage, "output_tokens"))
        .reasoningTokens(JsonFields.number(usage.get("output_tokens_details"), "reasoning_tokens"))
        .build();
  }

  /** The canonical stop reason of a finished response ({@code failed} is an error, not a stop reason). */
  static StopReason readStopReason(JsonNode response, boolean hasCalls) {
    String status = JsonFields.text(response, "status");
    if (status == null || "completed".equals(status)) {
      return StopReason.of(hasCalls ? StopReason.Kind.TOOL_USE : StopReason.Kind.END_TURN, "completed");
    }
    if ("incomplete".equals(status)) {
      String reason = JsonFields.text(response.get("incomplete_details"), "reason");
      if ("max_output_tokens".equals(reason)) {
        return StopReason.of(StopReason.Kind.MAX_TOKENS, reason);
      }
      if ("content_filter".equals(reason)) {
        return StopReason.of(StopReason.Kind.CONTENT_FILTER, reason);
      }
      return StopReason.of(StopReason.Kind.OTHER, reason == null ? status : reason);
    }
    return StopReason.of(StopReason.Kind.OTHER, status);
  }
}
