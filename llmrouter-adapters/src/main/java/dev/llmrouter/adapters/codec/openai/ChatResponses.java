package dev.llmrouter.adapters.codec.openai;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whole responses, finish reasons and usage. Fields without a canonical slot ride in the
 * response's extras: top-level ones ({@code created}, {@code service_tier},
 * {@code system_fingerprint}…) by name, the message's under {@code "message"}, the choice's under
 * {@code "choice"}.
 */
final class ChatResponses {
  private static final Set<String> RESPONSE = Set.of("id", "object", "model", "choices", "usage");
  private static final Set<String> CHOICE = Set.of("index", "message", "finish_reason");
  private static final Set<String> NESTED_EXTRAS = Set.of("message", "choice", "created");

  private ChatResponses() {}

  static ChatResponse decode(byte[] body) {
    JsonNode root = JsonSupport.parseUpstream(body);
    if (!root.isObject()) {
      throw LlmException.builder(ErrorKind.UPSTREAM_SERVER, "upstream answered with something other than a JSON object")
          .build();
    }
    if (root.has("error") && !root.has("choices")) {
      throw ChatErrors.inBand(root); // some compatible servers answer errors with 200
    }
    Map<String, String> extras = ChatJson.unknown(root, RESPONSE);
    JsonNode choice = firstChoice(root.path("choices"));
    List<ContentBlock> content = List.of();
    String finishReason = null;
    if (choice != null) {
      ChatContent.Assistant message;
      try {
        message = ChatContent.assistant(choice.path("message"), "choices[0].message", true);
      } catch (LlmException malformed) {
        throw LlmException.builder(ErrorKind.UPSTREAM_SERVER, "upstream answered with a malformed message: "
            + malformed.getMessage()).build();
      }
      content = message.blocks();
      nested(extras, "message", message.extras());
      nested(extras, "choice", ChatJson.unknown(choice, CHOICE));
      finishReason = choice.path("finish_reason").isString() ? choice.get("finish_reason").stringValue() : null;
    }
    return ChatResponse.builder()
        .id(text(root.get("id")))
        .model(text(root.get("model")))
        .content(content)
        .stopReason(stopReason(finishReason, content.stream().anyMatch(b -> b instanceof ToolCallBlock)))
        .usage(usage(root.get("usage")))
        .extras(ChatJson.fields(extras))
        .build();
  }

  /** The choice with index 0 (only one is read: the canonical response has one answer). */
  static JsonNode firstChoice(JsonNode choices) {
    if (!choices.isArray() || choices.isEmpty()) {
      return null;
    }
    for (JsonNode choice : choices) {
      if (choice.path("index").asInt(0) == 0) {
        return choice;
      }
    }
    return null;
  }

  private static void nested(Map<String, String> extras, String name, Map<String, String> fields) {
    if (fields.isEmpty()) {
      return;
    }
    ObjectNode object = JsonSupport.NODES.objectNode();
    fields.forEach((field, raw) -> object.set(field, JsonSupport.parseOrNull(raw)));
    extras.put(name, JsonSupport.write(object));
  }

  private static String text(JsonNode node) {
    return node != null && node.isString() ? node.stringValue() : null;
  }

  static byte[] encode(ChatResponse response, ChatRequest request) {
    ObjectNode root = JsonSupport.NODES.objectNode()
        .put("id", response.id() != null ? response.id() : mintId())
        .put("object", "chat.completion");
    JsonNode created = ChatJson.extra(response.extras(), "created");
    if (created != null && created.isNumber()) {
      root.set("created", created);
    } else {
      root.put("created", Instant.now().getEpochSecond());
    }
    root.put("model", response.model() != null ? response.model() : request.model());
    boolean hasCalls = !response.toolCalls().isEmpty();
    // every reasoning block goes to the client as text: Chat has no slot for another format's state
    ObjectNode message = ChatContent.assistantMessage(response.content(), r -> true, id -> id);
    ChatJson.putMissing(message, ChatJson.extra(response.extras(), "message"));
    if (!message.has("refusal")) {
      message.putNull("refusal");
    }
    if (!message.has("annotations")) {
      message.putArray("annotations");
    }
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    ChatJson.putMissing(choice, ChatJson.extra(response.extras(), "choice"));
    if (!choice.has("logprobs")) {
      choice.putNull("logprobs");
    }
    choice.put("finish_reason", finishReason(response.stopReason(), hasCalls));
    root.set("usage", usageJson(response.usage()));
    ChatJson.putExtras(root, response.extras(), NESTED_EXTRAS);
    return JsonSupport.writeBytes(root);
  }

  static String mintId() {
    return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
  }

  /** The canonical stop reason; {@code stop} with calls present is tool use (several servers send that). */
  static StopReason stopReason(String finishReason, boolean hasCalls) {
    StopReason.Kind kind;
    if (finishReason == null || "stop".equals(finishReason)) {
      kind = hasCalls ? StopReason.Kind.TOOL_USE : StopReason.Kind.END_TURN;
    } else {
      switch (finishReason) {
        case "tool_calls":
        case "function_call":
          kind = StopReason.Kind.TOOL_USE;
          break;
        case "length":
          kind = StopReason.Kind.MAX_TOKENS;
          break;
        case "content_filter":
          kind = StopReason.Kind.CONTENT_FILTER;
          break;
        default:
          kind = hasCalls ? StopReason.Kind.TOOL_USE : StopReason.Kind.OTHER;
      }
    }
    return StopReason.of(kind, finishReason);
  }

  static String finishReason(StopReason reason, boolean hasCalls) {
    switch (reason.kind()) {
      case TOOL_USE:
        return "tool_calls";
      case MAX_TOKENS:
      case CONTEXT_WINDOW_EXCEEDED:
        return "length";
      case CONTENT_FILTER:
        return "content_filter";
      default:
        return hasCalls ? "tool_calls" : "stop";
    }
  }

  /** Chat usage to canonical: {@code prompt_tokens} includes the cached and cache-written tokens. */
  static Usage usage(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.ZERO;
    }
    JsonNode promptDetails = usage.path("prompt_tokens_details");
    long prompt = tokens(usage.get("prompt_tokens"));
    long cacheRead = promptDetails.has("cached_tokens")
        ? tokens(promptDetails.get("cached_tokens"))
        : tokens(usage.get("prompt_cache_hit_tokens")); // DeepSeek
    long cacheWrite = tokens(promptDetails.get("cache_write_tokens"));
    return Usage.builder()
        .inputTokens(Math.max(0, prompt - cacheRead - cacheWrite))
        .cacheReadTokens(cacheRead)
        .cacheWriteTokens(cacheWrite)
        .outputTokens(tokens(usage.get("completion_tokens")))
        .reasoningTokens(tokens(usage.path("completion_tokens_details").get("reasoning_tokens")))
        .build();
  }

  private static long tokens(JsonNode node) {
    return node != null && node.isNumber() ? Math.max(0, node.longValue()) : 0;
  }

  static ObjectNode usageJson(Usage usage) {
    ObjectNode node = JsonSupport.NODES.objectNode();
    ChatJson.putNumber(node, "prompt_tokens", usage.totalInputTokens());
    ChatJson.putNumber(node, "completion_tokens", usage.outputTokens());
    ChatJson.putNumber(node, "total_tokens", usage.totalTokens());
    ObjectNode prompt = node.putObject("prompt_tokens_details");
    ChatJson.putNumber(prompt, "cached_tokens", usage.cacheReadTokens());
    prompt.put("audio_tokens", 0);
    if (usage.cacheWriteTokens() > 0) {
      ChatJson.putNumber(prompt, "cache_write_tokens", usage.cacheWriteTokens());
    }
    ObjectNode completion = node.putObject("completion_tokens_details");
    ChatJson.putNumber(completion, "reasoning_tokens", usage.reasoningTokens());
    completion.put("audio_tokens", 0).put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    return node;
  }
}
