package dev.llmrouter.adapters.codec.gemini;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.spi.SseEvent;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The event grammar of a Gemini {@code streamGenerateContent?alt=sse} answer, as the Google GenAI SDKs and
 * Gemini CLI read it:
 *
 * <ul>
 *   <li>no {@code event:} names; every {@code data:} is one JSON object;
 *   <li>each is a {@code GenerateContentResponse} with a non-empty {@code candidates} array, except an
 *       in-band {@code {"error": {code, message, status}}}, which can only be the last event;
 *   <li>parts are objects; a {@code functionCall} part is whole: a {@code name} and an {@code args}
 *       object (Gemini never splits a call);
 *   <li>unless the stream ends with an error, exactly the last chunk has a {@code finishReason}, and it
 *       carries {@code usageMetadata}.
 * </ul>
 */
public final class GeminiStreamGrammar {
  private GeminiStreamGrammar() {}

  /** @throws AssertionError naming the first event that breaks the grammar */
  public static void validate(List<SseEvent> events) {
    if (events.isEmpty()) {
      throw new AssertionError("Gemini stream: no events");
    }
    boolean endsWithError = false;
    for (int i = 0; i < events.size(); i++) {
      SseEvent event = events.get(i);
      String at = "Gemini stream event " + i + " (" + event.data() + "): ";
      if (event.event() != null) {
        throw new AssertionError(at + "has an event name '" + event.event() + "'; Gemini streams have none");
      }
      JsonNode chunk = JsonSupport.parseOrNull(event.data());
      if (chunk == null || !chunk.isObject()) {
        throw new AssertionError(at + "data is not a JSON object");
      }
      boolean last = i == events.size() - 1;
      if (chunk.has("error")) {
        JsonNode error = chunk.get("error");
        if (!error.isObject() || !error.path("code").isNumber() || !error.path("message").isString()
            || !error.path("status").isString()) {
          throw new AssertionError(at + "error must be an object with code, message and status");
        }
        if (!last) {
          throw new AssertionError(at + "an error must be the last event");
        }
        endsWithError = true;
        continue;
      }
      JsonNode candidates = chunk.get("candidates");
      if (candidates == null || !candidates.isArray() || candidates.isEmpty()) {
        throw new AssertionError(at + "needs a non-empty candidates array");
      }
      JsonNode candidate = candidates.get(0);
      if (!candidate.isObject()) {
        throw new AssertionError(at + "a candidate must be an object");
      }
      checkParts(candidate.path("content"), at);
      boolean hasFinish = candidate.hasNonNull("finishReason");
      if (hasFinish && !last) {
        throw new AssertionError(at + "finishReason before the last chunk");
      }
      if (last && !hasFinish) {
        throw new AssertionError(at + "the last chunk has no finishReason (Gemini CLI re-asks without one)");
      }
      if (last && !chunk.path("usageMetadata").isObject()) {
        throw new AssertionError(at + "the last chunk has no usageMetadata");
      }
    }
    if (endsWithError) {
      for (SseEvent event : events.subList(0, events.size() - 1)) {
        JsonNode chunk = JsonSupport.parseOrNull(event.data());
        if (chunk.path("candidates").path(0).hasNonNull("finishReason")) {
          throw new AssertionError("Gemini stream: a chunk with finishReason before the error (" + event.data() + ")");
        }
      }
    }
  }

  private static void checkParts(JsonNode content, String at) {
    if (content.isMissingNode()) {
      return;
    }
    if (!content.isObject()) {
      throw new AssertionError(at + "content must be an object");
    }
    JsonNode role = content.get("role");
    if (role != null && !"model".equals(role.asString(""))) {
      throw new AssertionError(at + "content.role must be \"model\"");
    }
    JsonNode parts = content.get("parts");
    if (parts == null) {
      return;
    }
    if (!parts.isArray()) {
      throw new AssertionError(at + "content.parts must be an array");
    }
    for (JsonNode part : parts) {
      if (!part.isObject() || part.isEmpty()) {
        throw new AssertionError(at + "a part must be a non-empty object");
      }
      if (part.has("functionCall")) {
        JsonNode call = part.get("functionCall");
        if (!call.path("name").isString() || call.path("name").stringValue().isEmpty()) {
          throw new AssertionError(at + "a functionCall needs a name");
        }
        if (!call.path("args").isObject()) {
          throw new AssertionError(at + "functionCall.args must be a whole JSON object");
        }
      }
      if (part.has("text") && !part.get("text").isString()) {
        throw new AssertionError(at + "text must be a string");
      }
      if (part.has("thought") && !part.get("thought").isBoolean()) {
        throw new AssertionError(at + "thought must be a boolean");
      }
      if (part.has("thoughtSignature") && !part.get("thoughtSignature").isString()) {
        throw new AssertionError(at + "thoughtSignature must be a string");
      }
    }
  }
}
