package dev.llmrouter.adapters.codec.anthropic;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.spi.SseEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks that a list of SSE events is a stream the Anthropic SDKs and Claude Code accept (§2.8):
 *
 * <ul>
 *   <li>every event's {@code event:} name equals its JSON {@code type};
 *   <li>exactly one {@code message_start}, first, whose usage reports input tokens (never all zeros, P1);
 *   <li>content blocks start at index 0, dense, one at a time (a block stops before the next starts),
 *       every start has its stop; deltas belong to the open block and match its kind
 *       ({@code text_delta} on text, {@code input_json_delta} on tool_use, {@code thinking_delta} and
 *       {@code signature_delta} on thinking, nothing after the signature);
 *   <li>then one {@code message_delta} with a non-null {@code stop_reason} and usage, and
 *       {@code message_stop} last;
 *   <li>or an {@code error} event, last, at any point.
 * </ul>
 *
 * {@code ping} may appear anywhere after {@code message_start}. Reusable by any test that produces
 * an Anthropic stream.
 */
public final class AnthropicStreamGrammar {
  private static final Map<String, Set<String>> DELTAS_BY_BLOCK =
      Map.of(
          "text", Set.of("text_delta", "citations_delta"),
          "tool_use", Set.of("input_json_delta"),
          "server_tool_use", Set.of("input_json_delta"),
          "mcp_tool_use", Set.of("input_json_delta"),
          "thinking", Set.of("thinking_delta", "signature_delta"));

  private AnthropicStreamGrammar() {}

  /**
   * @throws AssertionError naming the first event that breaks the grammar
   */
  public static void validate(List<SseEvent> events) {
    if (events.isEmpty()) {
      throw new AssertionError("Anthropic stream: no events");
    }
    boolean started = false;
    boolean messageDelta = false;
    int openIndex = -1;
    String openKind = null;
    boolean signatureSent = false;
    int nextIndex = 0;
    for (int i = 0; i < events.size(); i++) {
      SseEvent event = events.get(i);
      JsonNode data = JsonSupport.parseOrNull(event.data());
      if (data == null || !data.isObject() || !data.path("type").isString()) {
        fail(i, event, "data is not a JSON object with a string type");
      }
      String type = data.get("type").stringValue();
      if (!type.equals(event.event())) {
        fail(i, event, "event name '" + event.event() + "' differs from the JSON type '" + type + "'");
      }
      if (type.equals("error")) {
        if (!data.path("error").path("type").isString() || !data.path("error").path("message").isString()) {
          fail(i, event, "an error event needs error.type and error.message");
        }
        if (i != events.size() - 1) {
          fail(i + 1, events.get(i + 1), "nothing may follow an error event");
        }
        return;
      }
      if (type.equals("message_start")) {
        if (i != 0) {
          fail(i, event, "message_start must be the first event, and only once");
        }
        checkMessageStart(i, event, data.path("message"));
        started = true;
        continue;
      }
      if (!started) {
        fail(i, event, "the first event must be message_start");
      }
      switch (type) {
        case "ping":
          break;
        case "content_block_start":
          if (messageDelta) {
            fail(i, event, "a block starts after message_delta");
          }
          if (openIndex >= 0) {
            fail(i, event, "block " + data.path("index").asInt(-1) + " starts while block " + openIndex + " is open");
          }
          if (data.path("index").asInt(-1) != nextIndex) {
            fail(i, event, "block index " + data.path("index") + " where " + nextIndex + " was due (dense, from 0)");
          }
          JsonNode block = data.path("content_block");
          if (!block.path("type").isString()) {
            fail(i, event, "content_block needs a type");
          }
          openKind = block.get("type").stringValue();
          if (openKind.equals("tool_use")
              && (!block.path("id").isString() || !block.path("name").isString() || !block.path("input").isObject())) {
            fail(i, event, "a tool_use start needs id, name and an input object");
          }
          openIndex = nextIndex++;
          signatureSent = false;
          break;
        case "content_block_delta":
          if (openIndex < 0 || data.path("index").asInt(-1) != openIndex) {
            fail(i, event, "delta for block " + data.path("index") + " but the open block is " + openIndex);
          }
          String deltaType = data.path("delta").path("type").asString("");
          if (!DELTAS_BY_BLOCK.getOrDefault(openKind, Set.of()).contains(deltaType)) {
            fail(i, event, "a " + deltaType + " on a " + openKind + " block");
          }
          if (signatureSent) {
            fail(i, event, "a delta after the signature_delta of a thinking block");
          }
          signatureSent = deltaType.equals("signature_delta");
          break;
        case "content_block_stop":
          if (openIndex < 0 || data.path("index").asInt(-1) != openIndex) {
            fail(i, event, "stop for block " + data.path("index") + " but the open block is " + openIndex);
          }
          openIndex = -1;
          break;
        case "message_delta":
          if (openIndex >= 0) {
            fail(i, event, "message_delta while block " + openIndex + " is open");
          }
          if (messageDelta) {
            fail(i, event, "a second message_delta");
          }
          if (!data.path("delta").path("stop_reason").isString()) {
            fail(i, event, "message_delta needs a non-null stop_reason");
          }
          if (!data.path("usage").path("output_tokens").isIntegralNumber()) {
            fail(i, event, "message_delta needs usage.output_tokens");
          }
          messageDelta = true;
          break;
        case "message_stop":
          if (!messageDelta) {
            fail(i, event, "message_stop without a message_delta before it");
          }
          if (i != events.size() - 1) {
            fail(i + 1, events.get(i + 1), "nothing may follow message_stop");
          }
          return;
        default:
          fail(i, event, "unknown event type '" + type + "'");
      }
    }
    throw new AssertionError("Anthropic stream: ends without message_stop or error (" + events.size() + " events)");
  }

  private static void checkMessageStart(int i, SseEvent event, JsonNode message) {
    if (!"message".equals(message.path("type").asString(""))
        || !"assistant".equals(message.path("role").asString(""))
        || !message.path("content").isArray()
        || !message.path("content").isEmpty()) {
      fail(i, event, "message_start.message must be an assistant message with empty content");
    }
    JsonNode usage = message.path("usage");
    long input = usage.path("input_tokens").asLong(0)
        + usage.path("cache_read_input_tokens").asLong(0)
        + usage.path("cache_creation_input_tokens").asLong(0);
    if (!usage.path("input_tokens").isIntegralNumber() || !usage.path("output_tokens").isIntegralNumber()) {
      fail(i, event, "message_start usage needs input_tokens and output_tokens");
    }
    if (input == 0) {
      fail(i, event, "message_start usage reports zero input tokens (P1)");
    }
  }

  private static void fail(int i, SseEvent event, String problem) {
    throw new AssertionError("Anthropic stream, event " + i + " (" + event.event() + " " + event.data() + "): " + problem);
  }
}
