package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.Items.FORMAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.responses.Items.Source;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an upstream's Responses stream into canonical events. Tolerates what real servers do: events
 * without an {@code event:} line (the type is read from the data), a trailing {@code data: [DONE]},
 * {@code response.done} as the terminal event, text or arguments given only in their {@code .done}
 * event or only in {@code output_item.done}, and items that appear only in the terminal response.
 *
 * <p>Each content part of a message item, each function call and each reasoning item is one canonical
 * block. The encrypted content of a reasoning item arrives with {@code output_item.done}: it becomes a
 * {@link StreamEvent.SignatureDelta} just before that block's stop. Several summary parts are joined
 * with a blank line, as in the non-streaming decoder.
 */
final class ResponsesStreamDecoder implements StreamDecoder {
  private boolean started;
  private boolean ended;
  private int nextBlock;
  private boolean sawToolCall;
  private final TreeMap<Integer, ItemState> byOutputIndex = new TreeMap<>();
  private final Map<String, ItemState> byItemId = new HashMap<>();
  private ItemState last;

  @Override
  public void decode(SseEvent event, Consumer<StreamEvent> out) {
    if (ended || "[DONE]".equals(event.data().strip())) {
      return;
    }
    JsonNode data = JsonSupport.parseOrNull(event.data());
    if (data == null || !data.isObject()) {
      return;
    }
    String type = JsonFields.text(data, "type");
    if (type == null) {
      type = event.event();
    }
    if (type == null) {
      return;
    }
    switch (type) {
      case "response.created":
      case "response.in_progress":
        start(data.get("response"), out);
        break;
      case "response.output_item.added":
        itemAdded(data, out);
        break;
      case "response.content_part.added":
        partAdded(data, out);
        break;
      case "response.output_text.delta":
      case "response.refusal.delta":
        textDelta(data, JsonFields.text(data, "delta"), out);
        break;
      case "response.output_text.done":
        textDone(data, JsonFields.text(data, "text"), false, out);
        break;
      case "response.refusal.done":
        textDone(data, JsonFields.text(data, "refusal"), false, out);
        break;
      case "response.content_part.done":
        partDone(data, out);
        break;
      case "response.function_call_arguments.delta":
      case "response.custom_tool_call_input.delta":
        argumentsDelta(item(data), JsonFields.text(data, "delta"), out);
        break;
      case "response.function_call_arguments.done":
        argumentsDone(item(data), JsonFields.text(data, "arguments"), out);
        break;
      case "response.custom_tool_call_input.done":
        argumentsDone(item(data), JsonFields.text(data, "input"), out);
        break;
      case "response.reasoning_summary_part.added":
        summaryPartAdded(item(data));
        break;
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta":
        reasoningDelta(item(data), JsonFields.text(data, "delta"), out);
        break;
      case "response.reasoning_summary_text.done":
      case "response.reasoning_text.done":
        reasoningDone(item(data), JsonFields.text(data, "text"), out);
        break;
      case "response.reasoning_summary_part.done":
        reasoningDone(item(data), JsonFields.text(data.get("part"), "text"), out);
        break;
      case "response.output_item.done":
        itemDone(data.get("output_index"), data.get("item"), out);
        break;
      case "response.completed":
      case "response.incomplete":
      case "response.done":
        terminal(data.get("response"), out);
        break;
      case "response.failed":
        JsonNode response = data.get("response");
        fail(ErrorCodec.decodeInBand(response == null ? null : response.get("error")), out);
        break;
      case "error":
        fail(ErrorCodec.decodeInBand(data.get("error") instanceof ObjectNode nested ? nested : data), out);
        break;
      default:
        break; // unknown events are ignored: OpenAI keeps adding them
    }
  }

  @Override
  public void finish(Consumer<StreamEvent> out) {
    if (!ended) {
      fail(LlmException.builder(ErrorKind.CONNECTION, "the upstream closed the Responses stream before response.completed")
          .build(), out);
    }
  }

  private void start(JsonNode response, Consumer<StreamEvent> out) {
    if (!started) {
      started = true;
      out.accept(new StreamEvent.MessageStart(JsonFields.text(response, "id"), JsonFields.text(response, "model"), Usage.ZERO));
    }
  }

  // ---------------------------------------------------------------- items

  private void itemAdded(JsonNode data, Consumer<StreamEvent> out) {
    start(null, out);
    JsonNode item = data.get("item");
    if (item instanceof ObjectNode object) {
      ItemState state = register(data.get("output_index"), object);
      state.begin(out);
    }
  }

  private ItemState register(JsonNode outputIndex, ObjectNode item) {
    int index = outputIndex != null && outputIndex.canConvertToInt()
        ? outputIndex.asInt()
        : byOutputIndex.isEmpty() ? 0 : byOutputIndex.lastKey() + 1;
    ItemState state = new ItemState(item);
    byOutputIndex.put(index, state);
    if (state.id != null) {
      byItemId.put(state.id, state);
    }
    last = state;
    return state;
  }

  /** The item an event is about: by output index, else by item id, else the latest one. */
  private ItemState item(JsonNode data) {
    JsonNode outputIndex = data.get("output_index");
    if (outputIndex != null && outputIndex.canConvertToInt() && byOutputIndex.containsKey(outputIndex.asInt())) {
      return byOutputIndex.get(outputIndex.asInt());
    }
    String itemId = JsonFields.text(data, "item_id");
    if (itemId != null && byItemId.containsKey(itemId)) {
      return byItemId.get(itemId);
    }
    return last;
  }

  private void itemDone(JsonNode outputIndex, JsonNode item, Consumer<StreamEvent> out) {
    if (!(item instanceof ObjectNode object)) {
      return;
    }
    start(null, out);
    ItemState state = null;
    if (outputIndex != null && outputIndex.canConvertToInt()) {
      state = byOutputIndex.get(outputIndex.asInt());
    }
    if (state == null && JsonFields.text(object, "id") != null) {
      state = byItemId.get(JsonFields.text(object, "id"));
    }
    if (state == null) {
      state = register(outputIndex, object);
      state.begin(out);
    }
    state.complete(object, out);
  }

  private void terminal(JsonNode response, Consumer<StreamEvent> out) {
    start(response, out);
    JsonNode output = response == null ? null : response.get("output");
    if (output instanceof ArrayNode items) {
      for (int i = 0; i < items.size(); i++) {
        ItemState state = byOutputIndex.get(i);
        if (state == null || !state.completed) {
          itemDone(JsonSupport.NODES.numberNode(i), items.get(i), out);
        }
      }
    }
    for (ItemState state : new ArrayList<>(byOutputIndex.values())) {
      state.stopAll(out);
    }
    JsonNode usage = response == null ? null : response.get("usage");
    if (usage != null && usage.isObject()) {
      out.accept(new StreamEvent.UsageUpdate(ResponseObjects.readUsage(usage)));
    }
    if (response != null && "failed".equals(JsonFields.text(response, "status"))) {
      fail(ErrorCodec.decodeInBand(response.get("error")), out);
      return;
    }
    out.accept(new StreamEvent.MessageDelta(ResponseObjects.readStopReason(response, sawToolCall), null));
    out.accept(new StreamEvent.MessageStop());
    ended = true;
  }

  private void fail(LlmException error, Consumer<StreamEvent> out) {
    out.accept(new StreamEvent.StreamError(error));
    ended = true;
  }

  // ---------------------------------------------------------------- message parts

  private void partAdded(JsonNode data, Consumer<StreamEvent> out) {
    ItemState state = item(data);
    if (state != null && state.isMessage() && data.get("part") instanceof ObjectNode part) {
      state.part(data.path("content_index").asInt(0), part, out);
    }
  }

  private void textDelta(JsonNode data, String delta, Consumer<StreamEvent> out) {
    ItemState state = item(data);
    if (state != null && state.isMessage() && delta != null && !delta.isEmpty()) {
      PartState part = state.part(data.path("content_index").asInt(0), null, out);
      part.text.append(delta);
      out.accept(new StreamEvent.TextDelta(part.block, delta));
    }
  }

  private void textDone(JsonNode data, String text, boolean stop, Consumer<StreamEvent> out) {
    ItemState state = item(data);
    if (state == null || !state.isMessage()) {
      return;
    }
    PartState part = state.part(data.path("content_index").asInt(0), null, out);
    if (part.text.length() == 0 && text != null && !text.isEmpty()) {
      part.text.append(text);
      out.accept(new StreamEvent.TextDelta(part.block, text));
    }
    if (stop) {
      part.stop(out);
    }
  }

  private void partDone(JsonNode data, Consumer<StreamEvent> out) {
    JsonNode part = data.get("part");
    String text = JsonFields.text(part, "text");
    textDone(data, text != null ? text : JsonFields.text(part, "refusal"), true, out);
  }

  // ---------------------------------------------------------------- calls and reasoning

  private static void argumentsDelta(ItemState state, String delta, Consumer<StreamEvent> out) {
    if (state != null && state.blockOpen() && delta != null && !delta.isEmpty()) {
      state.arguments.append(delta);
      out.accept(new StreamEvent.ToolArgumentsDelta(state.block, state.custom ? escaped(delta) : delta));
    }
  }

  /** Arguments given only whole, in a {@code .done} event (LM Studio) or in {@code output_item.done}. */
  private static void argumentsDone(ItemState state, String arguments, Consumer<StreamEvent> out) {
    if (state != null && state.arguments.length() == 0) {
      argumentsDelta(state, arguments, out);
    }
  }

  private static void summaryPartAdded(ItemState state) {
    if (state != null) {
      state.partText.setLength(0);
    }
  }

  private static void reasoningDelta(ItemState state, String delta, Consumer<StreamEvent> out) {
    if (state == null || !state.blockOpen() || delta == null || delta.isEmpty()) {
      return;
    }
    if (state.partText.length() == 0 && state.reasoningText.length() > 0) {
      state.reasoningText.append("\n\n");
      out.accept(new StreamEvent.ReasoningDelta(state.block, "\n\n"));
    }
    state.partText.append(delta);
    state.reasoningText.append(delta);
    out.accept(new StreamEvent.ReasoningDelta(state.block, delta));
  }

  private static void reasoningDone(ItemState state, String text, Consumer<StreamEvent> out) {
    if (state != null && state.partText.length() == 0) {
      reasoningDelta(state, text, out);
    }
  }

  /** A JSON string fragment: the text of a custom tool's raw input inside the canonical {@code {"input":"…"}}. */
  private static String escaped(String text) {
    String quoted = JsonSupport.write(JsonSupport.NODES.stringNode(text));
    return quoted.substring(1, quoted.length() - 1);
  }

  // ---------------------------------------------------------------- state

  private static final class PartState {
    final int block;
    final StringBuilder text = new StringBuilder();
    boolean stopped;

    PartState(int block) {
      this.block = block;
    }

    void stop(Consumer<StreamEvent> out) {
      if (!stopped) {
        stopped = true;
        out.accept(new StreamEvent.BlockStop(block));
      }
    }
  }

  private final class ItemState {
    final ObjectNode added;
    final String type;
    final String id;
    /** The canonical block of a call, reasoning or carried item; -1 for messages (one block per part) or before it starts. */
    int block = -1;
    boolean blockStopped;
    boolean custom;
    final Map<Integer, PartState> parts = new TreeMap<>();
    final StringBuilder arguments = new StringBuilder();
    final StringBuilder reasoningText = new StringBuilder();
    final StringBuilder partText = new StringBuilder();
    boolean completed;

    ItemState(ObjectNode added) {
      this.added = added;
      this.type = JsonFields.text(added, "type");
      this.id = JsonFields.text(added, "id");
    }

    boolean isMessage() {
      return "message".equals(type);
    }

    boolean blockOpen() {
      return block >= 0 && !blockStopped;
    }

    void begin(Consumer<StreamEvent> out) {
      if ("function_call".equals(type) || Items.CUSTOM_CALL.equals(type)) {
        ToolCallBlock call = call();
        custom = Items.CUSTOM_CALL.equals(type);
        sawToolCall = true;
        block = nextBlock++;
        out.accept(new StreamEvent.BlockStart(block, call));
        if (custom) {
          out.accept(new StreamEvent.ToolArgumentsDelta(block, "{\"input\":\""));
        }
        String initial = JsonFields.text(added, custom ? "input" : "arguments");
        argumentsDelta(this, initial, out);
      } else if ("reasoning".equals(type)) {
        block = nextBlock++;
        out.accept(new StreamEvent.BlockStart(block, new ReasoningBlock("", null, false, id, FORMAT, ProviderFields.EMPTY)));
      }
    }

    /** The call as announced; a server that leaves out the call id or name still gets a block. */
    private ToolCallBlock call() {
      ObjectNode item = added.deepCopy();
      if (JsonFields.text(item, "call_id") == null) {
        item.put("call_id", id != null ? id : "call_" + nextBlock);
      }
      if (JsonFields.text(item, "name") == null) {
        item.put("name", "");
      }
      item.remove(List.of("arguments", "input"));
      ToolCallBlock call = Items.toolCall(item, Source.UPSTREAM, "item");
      return new ToolCallBlock(call.id(), call.name(), "", null, call.extras());
    }

    /** The part at {@code contentIndex}, opened on first sight (also when a server skips content_part.added). */
    PartState part(int contentIndex, ObjectNode partJson, Consumer<StreamEvent> out) {
      PartState part = parts.get(contentIndex);
      if (part != null) {
        return part;
      }
      // any part kind other than a refusal is read as text, so that an unexpected kind cannot stop the stream
      ObjectNode template = partJson != null ? partJson.deepCopy() : JsonSupport.NODES.objectNode();
      boolean refusal = "refusal".equals(JsonFields.text(template, "type"));
      template.put("type", refusal ? "refusal" : "output_text").put(refusal ? "refusal" : "text", "");
      ObjectNode item = added.deepCopy();
      item.putArray("content").add(template);
      ContentBlock block = Items.assistantMessage(item, Source.UPSTREAM, "item").get(0);
      part = new PartState(nextBlock++);
      parts.put(contentIndex, part);
      out.accept(new StreamEvent.BlockStart(part.block, block));
      return part;
    }

    void complete(ObjectNode done, Consumer<StreamEvent> out) {
      if (completed) {
        return;
      }
      completed = true;
      if (isMessage()) {
        JsonNode content = done.get("content");
        if (content instanceof ArrayNode array) {
          for (int i = 0; i < array.size(); i++) {
            JsonNode partJson = array.get(i);
            if (partJson instanceof ObjectNode p) {
              PartState part = part(i, p, out);
              String text = JsonFields.text(p, "text") != null ? JsonFields.text(p, "text") : JsonFields.text(p, "refusal");
              if (part.text.length() == 0 && text != null && !text.isEmpty()) {
                part.text.append(text);
                out.accept(new StreamEvent.TextDelta(part.block, text));
              }
            }
          }
        }
      } else if ("function_call".equals(type) || Items.CUSTOM_CALL.equals(type)) {
        argumentsDone(this, JsonFields.text(done, custom ? "input" : "arguments"), out);
      } else if ("reasoning".equals(type)) {
        if (reasoningText.length() == 0) {
          String text = Items.joinTexts(done.get("summary"), "text");
          reasoningDelta(this, text.isEmpty() ? Items.joinTexts(done.get("content"), "text") : text, out);
        }
        String encrypted = JsonFields.text(done, "encrypted_content");
        if (encrypted != null) {
          out.accept(new StreamEvent.SignatureDelta(block, encrypted));
        }
      } else if (block < 0) {
        block = nextBlock++;
        out.accept(new StreamEvent.BlockStart(block, Items.opaque(done)));
      }
      stopAll(out);
    }

    void stopAll(Consumer<StreamEvent> out) {
      for (PartState part : parts.values()) {
        part.stop(out);
      }
      if (blockOpen()) {
        if (custom) {
          out.accept(new StreamEvent.ToolArgumentsDelta(block, "\"}"));
        }
        out.accept(new StreamEvent.BlockStop(block));
        blockStopped = true;
      }
    }
  }
}
