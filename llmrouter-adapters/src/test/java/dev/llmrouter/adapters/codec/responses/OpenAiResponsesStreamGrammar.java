package dev.llmrouter.adapters.codec.responses;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.spi.SseEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks that a list of SSE events is a Responses stream that the OpenAI SDKs and Codex accept:
 *
 * <ul>
 *   <li>every event has an {@code event:} name equal to its JSON {@code type}; {@code sequence_number}
 *       starts at 0 and increases by 1;
 *   <li>the first event is {@code response.created}; the last, and only it, is {@code response.completed},
 *       {@code response.incomplete} or {@code response.failed};
 *   <li>output items are added one at a time at dense {@code output_index}es, with unique ids; every
 *       part, delta and done event names the open item; content parts and summary parts open before
 *       their deltas and close after them; each {@code .done} text or arguments equals its deltas;
 *   <li>{@code output_item.done} carries the complete item (its text, arguments and summary equal what
 *       was streamed);
 *   <li>a completed or incomplete response closed every item, and its {@code output} equals the done
 *       items and it has {@code usage}; a failed one has {@code output} and an {@code error}.
 * </ul>
 */
public final class OpenAiResponsesStreamGrammar {
  private static final Set<String> TERMINAL = Set.of("response.completed", "response.incomplete", "response.failed");

  private OpenAiResponsesStreamGrammar() {}

  /** @throws AssertionError naming the first event that breaks the grammar */
  public static void validate(List<SseEvent> events) {
    new Checker(events).run();
  }

  private static final class Checker {
    private final List<SseEvent> events;
    private int position;
    private String type;
    private JsonNode data;

    private final List<JsonNode> doneItems = new ArrayList<>();
    private final Set<String> itemIds = new HashSet<>();
    private JsonNode openItem;
    private int openIndex = -1;
    private final Map<Integer, StringBuilder> partTexts = new HashMap<>();
    private final Set<Integer> openParts = new HashSet<>();
    private final Set<Integer> closedTextParts = new HashSet<>();
    private final Map<Integer, StringBuilder> summaryTexts = new HashMap<>();
    private final Set<Integer> openSummaries = new HashSet<>();
    private StringBuilder arguments;
    private boolean argumentsDone;

    Checker(List<SseEvent> events) {
      this.events = events;
    }

    void run() {
      if (events.isEmpty()) {
        throw new AssertionError("the stream has no events");
      }
      for (position = 0; position < events.size(); position++) {
        SseEvent event = events.get(position);
        data = JsonSupport.parseOrNull(event.data());
        if (data == null || !data.isObject()) {
          fail("data is not a JSON object: " + event.data());
        }
        type = text(data, "type");
        check(type != null, "no type in the data");
        check(type.equals(event.event()), "event: line '" + event.event() + "' differs from the type");
        check(data.path("sequence_number").isIntegralNumber() && data.get("sequence_number").asInt() == position,
            "sequence_number must be " + position + ", is " + data.get("sequence_number"));
        check(position > 0 || type.equals("response.created"), "the first event must be response.created");
        check(position < events.size() - 1 || TERMINAL.contains(type),
            "the last event must be response.completed, response.incomplete or response.failed");
        check(position == events.size() - 1 || !TERMINAL.contains(type), "a terminal event must be the last one");
        event();
      }
    }

    private void event() {
      switch (type) {
        case "response.created":
        case "response.in_progress":
          check(doneItems.isEmpty() && openItem == null, type + " after output items");
          check("in_progress".equals(text(data.get("response"), "status")), "the response must be in_progress");
          check(data.path("response").path("output").isArray() && data.path("response").path("output").isEmpty(),
              "the response must have an empty output");
          break;
        case "response.output_item.added":
          check(openItem == null, "an item was added while item " + openIndex + " is still open");
          check(data.path("output_index").asInt(-1) == doneItems.size(),
              "output_index must be " + doneItems.size() + " (dense)");
          JsonNode item = data.get("item");
          check(item != null && text(item, "type") != null, "the added item has no type");
          String id = text(item, "id");
          check(id != null && itemIds.add(id), "the added item needs a unique id, has " + id);
          openItem = item;
          openIndex = doneItems.size();
          partTexts.clear();
          openParts.clear();
          closedTextParts.clear();
          summaryTexts.clear();
          openSummaries.clear();
          arguments = new StringBuilder();
          argumentsDone = false;
          break;
        case "response.content_part.added":
          requireOpen("message");
          int added = data.path("content_index").asInt(-1);
          check(added == partTexts.size(), "content_index must be " + partTexts.size());
          partTexts.put(added, new StringBuilder());
          openParts.add(added);
          break;
        case "response.output_text.delta":
        case "response.refusal.delta":
          requireOpen("message");
          partTexts.get(openPart()).append(text(data, "delta"));
          break;
        case "response.output_text.done":
        case "response.refusal.done":
          requireOpen("message");
          int done = openPart();
          String field = type.equals("response.output_text.done") ? "text" : "refusal";
          check(partTexts.get(done).toString().equals(text(data, field)), field + " differs from the concatenated deltas");
          closedTextParts.add(done);
          break;
        case "response.content_part.done":
          requireOpen("message");
          int part = openPart();
          check(closedTextParts.contains(part), "content_part.done before the text's done event");
          JsonNode partJson = data.path("part");
          String partText = text(partJson, "text") != null ? text(partJson, "text") : text(partJson, "refusal");
          check(partTexts.get(part).toString().equals(partText), "the done part's text differs from the deltas");
          openParts.remove(part);
          break;
        case "response.function_call_arguments.delta":
        case "response.custom_tool_call_input.delta":
          requireOpen(null);
          check(!argumentsDone, "arguments delta after arguments done");
          arguments.append(text(data, "delta"));
          break;
        case "response.function_call_arguments.done":
          requireOpen("function_call");
          check(arguments.toString().equals(text(data, "arguments")), "arguments differ from the concatenated deltas");
          argumentsDone = true;
          break;
        case "response.custom_tool_call_input.done":
          requireOpen("custom_tool_call");
          check(arguments.toString().equals(text(data, "input")), "input differs from the concatenated deltas");
          argumentsDone = true;
          break;
        case "response.reasoning_summary_part.added":
          requireOpen("reasoning");
          int summary = data.path("summary_index").asInt(-1);
          check(summary == summaryTexts.size(), "summary_index must be " + summaryTexts.size());
          summaryTexts.put(summary, new StringBuilder());
          openSummaries.add(summary);
          break;
        case "response.reasoning_summary_text.delta":
          requireOpen("reasoning");
          summaryTexts.get(openSummary()).append(text(data, "delta"));
          break;
        case "response.reasoning_summary_text.done":
          requireOpen("reasoning");
          check(summaryTexts.get(openSummary()).toString().equals(text(data, "text")),
              "summary text differs from the concatenated deltas");
          break;
        case "response.reasoning_summary_part.done":
          requireOpen("reasoning");
          int closing = openSummary();
          check(summaryTexts.get(closing).toString().equals(text(data.get("part"), "text")),
              "the done summary part differs from the deltas");
          openSummaries.remove(closing);
          break;
        case "response.output_item.done":
          itemDone();
          break;
        case "response.completed":
        case "response.incomplete":
          check(openItem == null, "item " + openIndex + " is still open at " + type);
          JsonNode response = data.get("response");
          check(response != null && response.isObject(), type + " has no response");
          check(type.endsWith(text(response, "status")), "the response status must match " + type);
          check(response.path("output").isArray(), "the terminal response has no output");
          check(response.get("output").size() == doneItems.size(), "the terminal output must hold every item");
          for (int i = 0; i < doneItems.size(); i++) {
            check(response.get("output").get(i).equals(doneItems.get(i)), "output[" + i + "] differs from its output_item.done");
          }
          JsonNode usage = response.get("usage");
          check(usage != null && usage.isObject(), "the terminal response has no usage");
          for (String number : List.of("input_tokens", "output_tokens", "total_tokens")) {
            check(usage.path(number).isIntegralNumber(), "usage." + number + " is missing");
          }
          break;
        case "response.failed":
          JsonNode failed = data.get("response");
          check(failed != null && "failed".equals(text(failed, "status")), "response.failed needs status failed");
          check(failed.path("output").isArray(), "the failed response has no output");
          check(text(failed.get("error"), "message") != null, "the failed response has no error message");
          break;
        case "error":
          check(text(data, "message") != null, "an error event needs a message");
          break;
        default:
          fail("unknown event type " + type);
      }
    }

    private void itemDone() {
      check(openItem != null, "output_item.done without an open item");
      check(data.path("output_index").asInt(-1) == openIndex, "output_item.done for the wrong output_index");
      JsonNode item = data.get("item");
      check(item != null && text(openItem, "id").equals(text(item, "id")), "output_item.done changed the item id");
      String itemType = text(item, "type");
      check(itemType.equals(text(openItem, "type")), "output_item.done changed the item type");
      check(openParts.isEmpty() && openSummaries.isEmpty(), "output_item.done with parts still open");
      if ("message".equals(itemType)) {
        JsonNode content = item.path("content");
        check(content.size() == partTexts.size(), "the done message must hold every streamed part");
        for (int i = 0; i < content.size(); i++) {
          String streamed = partTexts.get(i).toString();
          JsonNode p = content.get(i);
          String value = text(p, "text") != null ? text(p, "text") : text(p, "refusal");
          check(streamed.equals(value), "the done message's part " + i + " differs from its deltas");
        }
      } else if ("function_call".equals(itemType)) {
        check(argumentsDone, "function_call done before function_call_arguments.done");
        check(arguments.toString().equals(text(item, "arguments")), "the done function_call must carry the complete arguments");
        check(text(item, "call_id") != null && text(item, "name") != null, "the done function_call needs call_id and name");
      } else if ("custom_tool_call".equals(itemType)) {
        check(argumentsDone, "custom_tool_call done before custom_tool_call_input.done");
        check(arguments.toString().equals(text(item, "input")), "the done custom_tool_call must carry the complete input");
      } else if ("reasoning".equals(itemType)) {
        check(item.path("summary").isArray(), "the done reasoning item needs a summary array");
        for (int i = 0; i < summaryTexts.size(); i++) {
          check(summaryTexts.get(i).toString().equals(text(item.get("summary").get(i), "text")),
              "the done reasoning summary " + i + " differs from its deltas");
        }
      }
      doneItems.add(item);
      openItem = null;
    }

    private void requireOpen(String itemType) {
      check(openItem != null, type + " outside an item");
      check(data.path("output_index").asInt(-1) == openIndex, type + " names output_index " + data.get("output_index")
          + ", the open item is " + openIndex);
      check(text(openItem, "id").equals(text(data, "item_id")), type + " names another item_id");
      check(itemType == null || itemType.equals(text(openItem, "type")), type + " inside a " + text(openItem, "type") + " item");
    }

    private int openPart() {
      int index = data.path("content_index").asInt(-1);
      check(openParts.contains(index), type + " for content_index " + index + ", which is not open");
      return index;
    }

    private int openSummary() {
      int index = data.path("summary_index").asInt(-1);
      check(openSummaries.contains(index), type + " for summary_index " + index + ", which is not open");
      return index;
    }

    private void check(boolean condition, String message) {
      if (!condition) {
        fail(message);
      }
    }

    private void fail(String message) {
      throw new AssertionError("Responses stream grammar, event #" + position + " (" + type + "): " + message);
    }

    private static String text(JsonNode node, String field) {
      JsonNode value = node == null ? null : node.get(field);
      return value != null && value.isString() ? value.stringValue() : null;
    }
  }
}
