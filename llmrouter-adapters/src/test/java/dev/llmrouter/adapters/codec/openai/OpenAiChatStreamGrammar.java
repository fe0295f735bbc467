package dev.llmrouter.adapters.codec.openai;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.spi.SseEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks that an SSE event sequence is a stream the OpenAI SDKs accept for Chat Completions: no
 * {@code event:} names; every chunk a {@code chat.completion.chunk} with one id, {@code created} and
 * {@code model}; the first chunk with {@code role: "assistant"}; each tool-call index (dense, from 0)
 * first seen with its id, {@code type: "function"} and name; exactly one {@code finish_reason}; the
 * {@code choices: []} usage chunk after it when the client asked for usage, else none; {@code [DONE]}
 * last — or, for a failed stream, an {@code {"error": …}} chunk last and no {@code [DONE]}.
 * Reusable by any test that encodes a Chat stream.
 */
public final class OpenAiChatStreamGrammar {
  private OpenAiChatStreamGrammar() {}

  /**
   * @throws AssertionError naming the first event that breaks the grammar
   */
  public static void validate(List<SseEvent> events, boolean expectUsageChunk) {
    check(!events.isEmpty(), -1, "the stream is empty");
    SseEvent last = events.get(events.size() - 1);
    boolean failed = !"[DONE]".equals(last.data());
    String id = null;
    int finishReasons = 0;
    int usageChunks = 0;
    Map<Integer, String> toolCallIds = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      SseEvent event = events.get(i);
      check(event.event() == null, i, "has an event name '" + event.event() + "'; Chat streams have none");
      if ("[DONE]".equals(event.data())) {
        check(i == events.size() - 1, i, "[DONE] is not the last event");
        continue;
      }
      JsonNode chunk = JsonSupport.parseOrNull(event.data());
      check(chunk != null && chunk.isObject(), i, "is not a JSON object: " + event.data());
      if (chunk.has("error")) {
        check(i == events.size() - 1, i, "an error chunk is followed by more events");
        check(chunk.get("error").isObject() && chunk.get("error").path("message").isString(), i,
            "the error chunk has no error.message");
        continue;
      }
      check("chat.completion.chunk".equals(chunk.path("object").asString("")), i,
          "object is not chat.completion.chunk");
      check(chunk.path("id").isString() && chunk.path("created").isNumber() && chunk.path("model").isString(), i,
          "lacks id, created or model");
      if (id == null) {
        id = chunk.get("id").stringValue();
      }
      check(id.equals(chunk.get("id").stringValue()), i, "changes the id");
      JsonNode choices = chunk.path("choices");
      check(choices.isArray(), i, "has no choices array");
      if (choices.isEmpty()) {
        check(chunk.path("usage").isObject(), i, "has empty choices but no usage");
        check(expectUsageChunk, i, "is a usage chunk, but the client did not ask for usage");
        check(finishReasons == 1, i, "is a usage chunk before the finish_reason chunk");
        check(usageChunks == 0, i, "is a second usage chunk");
        usageChunks++;
        continue;
      }
      check(usageChunks == 0, i, "follows the usage chunk");
      check(choices.size() == 1 && choices.get(0).path("index").asInt(-1) == 0, i, "has not exactly one choice, index 0");
      JsonNode choice = choices.get(0);
      JsonNode delta = choice.path("delta");
      check(delta.isObject(), i, "has no delta object");
      if (i == 0) {
        check("assistant".equals(delta.path("role").asString("")), i, "is the first chunk but lacks role assistant");
      }
      check(finishReasons == 0, i, "comes after the finish_reason chunk");
      if (choice.path("finish_reason").isString()) {
        finishReasons++;
      }
      for (JsonNode call : delta.path("tool_calls")) {
        check(call.path("index").canConvertToInt(), i, "has a tool call without index");
        int index = call.get("index").intValue();
        if (!toolCallIds.containsKey(index)) {
          check(index == toolCallIds.size(), i, "starts tool call index " + index + " out of order");
          check(call.path("id").isString() && !call.get("id").stringValue().isEmpty(), i,
              "starts tool call " + index + " without an id");
          check("function".equals(call.path("type").asString("")), i, "starts tool call " + index + " without type function");
          check(call.path("function").path("name").isString(), i, "starts tool call " + index + " without a name");
          toolCallIds.put(index, call.get("id").stringValue());
        } else if (call.has("id")) {
          check(toolCallIds.get(index).equals(call.path("id").asString("")), i, "changes the id of tool call " + index);
        }
      }
    }
    if (failed) {
      check(JsonSupport.parseOrNull(last.data()) != null && JsonSupport.parseOrNull(last.data()).has("error"),
          events.size() - 1, "ends the stream without [DONE] and is not an error chunk");
      check(finishReasons <= 1, -1, "has more than one finish_reason");
      return;
    }
    check(finishReasons == 1, -1, "has " + finishReasons + " finish_reason chunks, expected exactly one");
    check(!expectUsageChunk || usageChunks == 1, -1, "has no usage chunk although the client asked for usage");
  }

  private static void check(boolean condition, int event, String problem) {
    if (!condition) {
      throw new AssertionError("Chat stream grammar: " + (event < 0 ? "the stream " : "event " + event + " ") + problem);
    }
  }
}
