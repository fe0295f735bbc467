package dev.llmrouter.adapters.codec.gemini;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.gemini.GeminiJson.Source;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ReasoningConfig;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Whole {@code GenerateContentResponse}s, usage and finish reasons, both ways. */
final class GeminiResponses {
  private static final Set<String> KNOWN = Set.of("candidates", "usageMetadata", "modelVersion", "responseId");
  private static final Set<String> CANDIDATE_KEYS = Set.of("content", "finishReason", "index");
  private static final Set<String> USAGE_KEYS = Set.of(
      "promptTokenCount", "cachedContentTokenCount", "candidatesTokenCount", "thoughtsTokenCount", "totalTokenCount");

  /** Finish reasons Gemini defines; a raw value from this list is sent back unchanged. */
  private static final Set<String> FINISH_REASONS = Set.of(
      "STOP", "MAX_TOKENS", "SAFETY", "RECITATION", "LANGUAGE", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
      "MALFORMED_FUNCTION_CALL", "IMAGE_SAFETY", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS",
      "IMAGE_PROHIBITED_CONTENT", "NO_IMAGE", "IMAGE_RECITATION", "IMAGE_OTHER", "FINISH_REASON_UNSPECIFIED");

  private GeminiResponses() {}

  static ChatResponse decode(JsonNode body) {
    if (!(body instanceof ObjectNode response)) {
      throw Source.UPSTREAM.invalid("the body is not a JSON object");
    }
    String responseId = GeminiJson.string(response, "responseId", "", Source.UPSTREAM);
    ObjectNode extras = GeminiJson.remainder(response, KNOWN);
    if (extras == null) {
      extras = JsonSupport.NODES.objectNode();
    }
    ChatResponse.Builder builder = ChatResponse.builder()
        .id(responseId)
        .model(GeminiJson.string(response, "modelVersion", "", Source.UPSTREAM));

    ObjectNode candidate = firstCandidate(response);
    List<ContentBlock> blocks = List.of();
    String finishReason = null;
    if (candidate != null) {
      ArrayNode parts = candidate.path("content").get("parts") instanceof ArrayNode array ? array : null;
      if (parts != null) {
        blocks = new GeminiPartDecoder(Source.UPSTREAM, callIds(responseId), null).decode(parts, "candidates[0].content.parts");
      }
      finishReason = GeminiJson.string(candidate, "finishReason", "candidates[0].", Source.UPSTREAM);
      ObjectNode candidateRest = GeminiJson.remainder(candidate, CANDIDATE_KEYS);
      if (candidateRest != null) {
        extras.putArray("candidates").add(candidateRest);
      }
    }
    boolean hasCalls = blocks.stream().anyMatch(b -> b instanceof ToolCallBlock);
    builder.content(blocks).stopReason(stopReason(finishReason, hasCalls, blockReason(response, candidate)));

    JsonNode usage = response.get("usageMetadata");
    if (usage instanceof ObjectNode usageObject) {
      builder.usage(decodeUsage(usageObject));
      ObjectNode usageRest = GeminiJson.remainder(usageObject, USAGE_KEYS);
      if (usageRest != null) {
        extras.set("usageMetadata", usageRest);
      }
    }
    return builder.extras(GeminiJson.fields(extras)).build();
  }

  static ObjectNode firstCandidate(JsonNode response) {
    // candidateCount > 1 has no canonical form: the first candidate is the answer
    JsonNode candidates = response.get("candidates");
    if (candidates instanceof ArrayNode array && !array.isEmpty() && array.get(0) instanceof ObjectNode first) {
      return first;
    }
    return null;
  }

  /** The reason a prompt was blocked, when there is no candidate to say why the answer ended. */
  static String blockReason(JsonNode response, JsonNode candidate) {
    if (candidate != null) {
      return null;
    }
    JsonNode reason = response.path("promptFeedback").get("blockReason");
    return reason != null && reason.isString() ? reason.stringValue() : null;
  }

  /** Stable ids for id-less calls of one answer: the same answer always gives the same ids. */
  static GeminiPartDecoder.CallIds callIds(String responseId) {
    return (name, partIndex, callOrdinal) ->
        GeminiPartDecoder.mintId((responseId == null ? "" : responseId) + "|" + name + "|" + callOrdinal);
  }

  /** Gemini has no tool-use reason: a turn that calls tools ends with {@code STOP}. */
  static StopReason stopReason(String finishReason, boolean hasCalls, String blockReason) {
    if (finishReason == null && blockReason != null) {
      return StopReason.of(StopReason.Kind.CONTENT_FILTER, blockReason);
    }
    if (finishReason == null) {
      return StopReason.of(hasCalls ? StopReason.Kind.TOOL_USE : StopReason.Kind.END_TURN);
    }
    switch (finishReason) {
      case "STOP":
        return StopReason.of(hasCalls ? StopReason.Kind.TOOL_USE : StopReason.Kind.END_TURN, finishReason);
      case "MAX_TOKENS":
        return StopReason.of(StopReason.Kind.MAX_TOKENS, finishReason);
      case "SAFETY":
      case "RECITATION":
      case "LANGUAGE":
      case "BLOCKLIST":
      case "PROHIBITED_CONTENT":
      case "SPII":
      case "IMAGE_SAFETY":
      case "IMAGE_PROHIBITED_CONTENT":
      case "IMAGE_RECITATION":
        return StopReason.of(StopReason.Kind.CONTENT_FILTER, finishReason);
      case "MALFORMED_FUNCTION_CALL":
      case "UNEXPECTED_TOOL_CALL":
      case "TOO_MANY_TOOL_CALLS":
      case "OTHER":
      case "NO_IMAGE":
      case "IMAGE_OTHER":
        return StopReason.of(StopReason.Kind.ERROR, finishReason);
      default:
        return StopReason.of(StopReason.Kind.OTHER, finishReason);
    }
  }

  static String finishReason(StopReason reason) {
    if (reason == null) {
      return "STOP";
    }
    if (reason.raw() != null && FINISH_REASONS.contains(reason.raw())) {
      return reason.raw();
    }
    switch (reason.kind()) {
      case MAX_TOKENS:
      case CONTEXT_WINDOW_EXCEEDED:
        return "MAX_TOKENS";
      case CONTENT_FILTER:
        return "SAFETY";
      case ERROR:
      case OTHER:
        return "OTHER";
      default:
        return "STOP";
    }
  }

  /** {@code promptTokenCount} includes cached tokens; {@code candidatesTokenCount} excludes thoughts. */
  /** The usage of a response's {@code usageMetadata} (absent or not an object: none). */
  static Usage decodeUsage(JsonNode usageMetadata) {
    return usageMetadata instanceof ObjectNode ? usage(usageMetadata) : Usage.ZERO;
  }

  static Usage usage(JsonNode usage) {
    long prompt = GeminiJson.count(usage, "promptTokenCount");
    long cached = Math.min(prompt, GeminiJson.count(usage, "cachedContentTokenCount"));
    long thoughts = GeminiJson.count(usage, "thoughtsTokenCount");
    return Usage.builder()
        .inputTokens(prompt - cached)
        .cacheReadTokens(cached)
        .outputTokens(GeminiJson.count(usage, "candidatesTokenCount") + thoughts)
        .reasoningTokens(thoughts)
        .build();
  }

  static ObjectNode usageMetadata(Usage usage) {
    long prompt = usage.totalInputTokens();
    long thoughts = Math.min(usage.reasoningTokens(), usage.outputTokens());
    long candidates = usage.outputTokens() - thoughts;
    ObjectNode node = JsonSupport.NODES.objectNode();
    node.put("promptTokenCount", prompt);
    if (usage.cacheReadTokens() > 0) {
      node.put("cachedContentTokenCount", usage.cacheReadTokens());
    }
    node.put("candidatesTokenCount", candidates);
    if (thoughts > 0) {
      node.put("thoughtsTokenCount", thoughts);
    }
    node.put("totalTokenCount", prompt + candidates + thoughts);
    return node;
  }

  static ObjectNode encode(ChatResponse response, ChatRequest request) {
    ObjectNode body = JsonSupport.NODES.objectNode();
    ObjectNode candidate = body.putArray("candidates").addObject();
    ArrayNode parts = new GeminiPartWriter(false, includeThoughts(request), id -> null).write(response.content());
    if (!parts.isEmpty()) {
      ObjectNode content = candidate.putObject("content");
      content.set("parts", parts);
      content.put("role", "model");
    }
    candidate.put("finishReason", finishReason(response.stopReason()));
    candidate.put("index", 0);
    body.set("usageMetadata", usageMetadata(response.usage()));
    if (response.model() != null) {
      body.put("modelVersion", response.model());
    }
    if (response.id() != null) {
      body.put("responseId", response.id());
    }
    GeminiJson.mergeExtras(body, response.extras(), Set.of());
    return body;
  }

  static boolean includeThoughts(ChatRequest request) {
    ReasoningConfig reasoning = request == null ? null : request.settings().reasoning();
    return reasoning != null && Boolean.TRUE.equals(reasoning.includeThoughts());
  }
}
