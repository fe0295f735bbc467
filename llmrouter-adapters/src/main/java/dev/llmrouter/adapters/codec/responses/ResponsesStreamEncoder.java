package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.Items.FORMAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes canonical events as a Responses stream: {@code response.created}, {@code response.in_progress},
 * one output item at a time ({@code output_item.added}, its part/delta/done events,
 * {@code output_item.done} with the complete item), then {@code response.completed} (or
 * {@code .incomplete}/{@code .failed}) carrying the whole response with output and usage.
 * {@code sequence_number} counts every event from 0.
 *
 * <p>Responses streams one item at a time, so a block that starts while another is still open
 * (interleaved parallel tool calls) is held back until the open one stops. Consecutive text blocks
 * share one message item: the item is closed when something else starts or the answer ends.
 * Tool-call arguments of a custom tool are held until the call ends, because its input is streamed
 * as raw text, not as JSON fragments.
 */
final class ResponsesStreamEncoder implements StreamEncoder {
  private final ChatRequest request;
  private final long createdAt = Instant.now().getEpochSecond();
  private String responseId;
  private ObjectNode skeleton;
  private int sequence;
  private boolean ended;

  private final Map<Integer, BlockState> blocks = new HashMap<>();
  /** Started blocks not yet finished, in start order; the head is the one being written. */
  private final ArrayDeque<BlockState> queue = new ArrayDeque<>();
  private final List<Item> items = new ArrayList<>();
  private MessageItem openMessage;
  private Usage usage = Usage.ZERO;
  private StopReason stopReason;

  ResponsesStreamEncoder(ChatRequest request) {
    this.request = request;
  }

  @Override
  public void encode(StreamEvent event, Consumer<SseEvent> out) {
    if (ended) {
      return;
    }
    if (skeleton == null) {
      start(event instanceof StreamEvent.MessageStart s ? s : null, out);
    }
    if (event instanceof StreamEvent.BlockStart b) {
      BlockState state = new BlockState(b.block());
      blocks.put(b.index(), state);
      queue.add(state);
      state.pending.add(event);
      drain(out);
    } else if (event instanceof StreamEvent.TextDelta
        || event instanceof StreamEvent.ToolArgumentsDelta
        || event instanceof StreamEvent.ReasoningDelta
        || event instanceof StreamEvent.SignatureDelta
        || event instanceof StreamEvent.BlockStop) {
      BlockState state = blocks.get(blockIndex(event));
      if (state != null && !state.stopped) {
        state.pending.add(event);
        drain(out);
      }
    } else if (event instanceof StreamEvent.UsageUpdate u) {
      usage = u.usage();
    } else if (event instanceof StreamEvent.MessageDelta d) {
      stopReason = d.stopReason();
    } else if (event instanceof StreamEvent.MessageStop) {
      complete(out);
    } else if (event instanceof StreamEvent.StreamError e) {
      fail(e, out);
    }
  }

  private static int blockIndex(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta d) {
      return d.index();
    }
    if (event instanceof StreamEvent.ToolArgumentsDelta d) {
      return d.index();
    }
    if (event instanceof StreamEvent.ReasoningDelta d) {
      return d.index();
    }
    if (event instanceof StreamEvent.SignatureDelta d) {
      return d.index();
    }
    return ((StreamEvent.BlockStop) event).index();
  }

  private void start(StreamEvent.MessageStart start, Consumer<SseEvent> out) {
    responseId = Ids.responseId(start == null ? null : start.id());
    String model = start != null && start.model() != null ? start.model() : request == null ? null : request.model();
    skeleton = ResponseObjects.skeleton(request, responseId, model, createdAt);
    emit(event("response.created").set("response", skeleton.deepCopy()), out);
    emit(event("response.in_progress").set("response", skeleton.deepCopy()), out);
  }

  /** Writes the pending events of the head block, and of the blocks behind it once it has stopped. */
  private void drain(Consumer<SseEvent> out) {
    while (!queue.isEmpty()) {
      BlockState head = queue.peek();
      for (StreamEvent event : head.pending) {
        apply(head, event, out);
      }
      head.pending.clear();
      if (!head.stopped) {
        return;
      }
      queue.poll();
    }
  }

  private void apply(BlockState state, StreamEvent event, Consumer<SseEvent> out) {
    if (event instanceof StreamEvent.BlockStart) {
      state.item = open(state, out);
    } else if (event instanceof StreamEvent.BlockStop) {
      state.stopped = true;
      if (state.item != null) {
        state.item.stop(state, out);
      }
    } else if (state.item != null) {
      state.item.delta(state, event, out);
    }
  }

  private Item open(BlockState state, Consumer<SseEvent> out) {
    ContentBlock block = state.block;
    if (block instanceof TextBlock text) {
      String key = Items.extras(text).get(Items.ITEM);
      if (openMessage == null || !Objects.equals(openMessage.key, key)) {
        closeOpenMessage(out);
        openMessage = new MessageItem(items.size(), ResponseObjects.messageId(key, responseId, items.size()), key);
        added(openMessage, out);
      }
      openMessage.addPart(state, text, out);
      return openMessage;
    }
    Item item;
    if (block instanceof ToolCallBlock call) {
      String id = Items.extraString(call, "id");
      item = new CallItem(items.size(), id != null ? id : ResponseObjects.callItemId(call), call);
    } else if (block instanceof ReasoningBlock reasoning) {
      item = Items.isOpaque(reasoning)
          ? new OpaqueItem(items.size(), reasoning)
          : new ReasoningItem(items.size(), reasoningId(reasoning), reasoning);
    } else {
      return null; // images, documents and tool results are not output items
    }
    closeOpenMessage(out);
    added(item, out);
    item.begin(block, out);
    return item;
  }

  private String reasoningId(ReasoningBlock block) {
    if (block.origin() == FORMAT && block.id() != null) {
      return block.id();
    }
    return Ids.mint("rs_", responseId + ":" + items.size());
  }

  private void added(Item item, Consumer<SseEvent> out) {
    items.add(item);
    emit(event("response.output_item.added").put("output_index", item.outputIndex).set("item", item.json("in_progress")), out);
  }

  private void done(Item item, Consumer<SseEvent> out) {
    item.done = item.json("completed");
    emit(event("response.output_item.done").put("output_index", item.outputIndex).set("item", item.done), out);
  }

  private void closeOpenMessage(Consumer<SseEvent> out) {
    if (openMessage != null) {
      done(openMessage, out);
      openMessage = null;
    }
  }

  private void complete(Consumer<SseEvent> out) {
    for (BlockState state : queue) {
      for (StreamEvent event : state.pending) {
        apply(state, event, out);
      }
      state.pending.clear();
      if (!state.stopped) {
        apply(state, new StreamEvent.BlockStop(-1), out);
      }
    }
    queue.clear();
    closeOpenMessage(out);
    StopReason stop = stopReason;
    if (stop == null) {
      boolean calls = items.stream().anyMatch(i -> i instanceof CallItem);
      stop = StopReason.of(calls ? StopReason.Kind.TOOL_USE : StopReason.Kind.END_TURN);
    }
    ObjectNode response = skeleton.deepCopy();
    ResponseObjects.finish(response, stop, usage, output("completed"), Instant.now().getEpochSecond());
    emit(event("response." + ResponseObjects.status(stop)).set("response", response), out);
    ended = true;
  }

  /** The in-band error of fixture 09: open items stay open and appear as {@code incomplete}. */
  private void fail(StreamEvent.StreamError error, Consumer<SseEvent> out) {
    ObjectNode response = skeleton.deepCopy();
    response.put("status", "failed");
    response.set("error", ErrorCodec.inBand(error.error()));
    response.set("output", output("incomplete"));
    emit(event("response.failed").set("response", response), out);
    ended = true;
  }

  private ArrayNode output(String openStatus) {
    ArrayNode output = JsonSupport.NODES.arrayNode();
    for (Item item : items) {
      output.add(item.done != null ? item.done : item.json(openStatus));
    }
    return output;
  }

  // ---------------------------------------------------------------- events

  private ObjectNode event(String type) {
    return JsonSupport.NODES.objectNode().put("type", type).put("sequence_number", sequence++);
  }

  private static void emit(ObjectNode event, Consumer<SseEvent> out) {
    out.accept(new SseEvent(event.get("type").stringValue(), JsonSupport.write(event)));
  }

  private ObjectNode itemEvent(String type, Item item) {
    return event(type).put("item_id", item.id).put("output_index", item.outputIndex);
  }

  // ---------------------------------------------------------------- state

  private static final class BlockState {
    final ContentBlock block;
    final List<StreamEvent> pending = new ArrayList<>();
    Item item;
    boolean stopped;
    /** For a text block: its part in the message item. */
    TextPart part;

    BlockState(ContentBlock block) {
      this.block = block;
    }
  }

  private abstract class Item {
    final int outputIndex;
    final String id;
    /** The complete item, once {@code output_item.done} was written. */
    ObjectNode done;

    Item(int outputIndex, String id) {
      this.outputIndex = outputIndex;
      this.id = id;
    }

    void begin(ContentBlock block, Consumer<SseEvent> out) {}

    abstract void delta(BlockState state, StreamEvent event, Consumer<SseEvent> out);

    abstract void stop(BlockState state, Consumer<SseEvent> out);

    abstract ObjectNode json(String status);
  }

  private static final class TextPart {
    final TextBlock start;
    final int contentIndex;
    final boolean refusal;
    final StringBuilder text = new StringBuilder();

    TextPart(TextBlock start, int contentIndex) {
      this.start = start;
      this.contentIndex = contentIndex;
      this.refusal = "refusal".equals(Items.extraString(start, "type"));
    }

    ObjectNode json() {
      return Items.messagePart(new TextBlock(text.toString(), null, start.extras()), true, true);
    }
  }

  private final class MessageItem extends Item {
    final String key;
    final List<TextPart> parts = new ArrayList<>();

    MessageItem(int outputIndex, String id, String key) {
      super(outputIndex, id);
      this.key = key;
    }

    void addPart(BlockState state, TextBlock block, Consumer<SseEvent> out) {
      TextPart part = new TextPart(block, parts.size());
      parts.add(part);
      state.part = part;
      ObjectNode e = itemEvent("response.content_part.added", this).put("content_index", part.contentIndex);
      emit(e.set("part", Items.messagePart(new TextBlock("", null, block.extras()), true, true)), out);
      text(part, block.text(), out);
    }

    @Override
    void delta(BlockState state, StreamEvent event, Consumer<SseEvent> out) {
      if (event instanceof StreamEvent.TextDelta d) {
        text(state.part, d.text(), out);
      }
    }

    private void text(TextPart part, String delta, Consumer<SseEvent> out) {
      if (delta == null || delta.isEmpty()) {
        return;
      }
      part.text.append(delta);
      ObjectNode e = itemEvent(part.refusal ? "response.refusal.delta" : "response.output_text.delta", this);
      e.put("content_index", part.contentIndex).put("delta", delta);
      if (!part.refusal) {
        e.putArray("logprobs");
      }
      emit(e, out);
    }

    @Override
    void stop(BlockState state, Consumer<SseEvent> out) {
      TextPart part = state.part;
      ObjectNode e = itemEvent(part.refusal ? "response.refusal.done" : "response.output_text.done", this);
      e.put("content_index", part.contentIndex);
      if (part.refusal) {
        e.put("refusal", part.text.toString());
      } else {
        e.put("text", part.text.toString()).putArray("logprobs");
      }
      emit(e, out);
      e = itemEvent("response.content_part.done", this).put("content_index", part.contentIndex);
      emit(e.set("part", part.json()), out);
    }

    @Override
    ObjectNode json(String status) {
      ObjectNode item = ResponseObjects.messageItem(id, status, key);
      ArrayNode content = (ArrayNode) item.get("content");
      if (!"in_progress".equals(status) || done != null) {
        parts.forEach(p -> content.add(p.json()));
      }
      return item;
    }
  }

  private final class CallItem extends Item {
    final ToolCallBlock start;
    final boolean custom;
    final StringBuilder arguments = new StringBuilder();

    CallItem(int outputIndex, String id, ToolCallBlock start) {
      super(outputIndex, id);
      this.start = start;
      this.custom = Items.CUSTOM_CALL.equals(Items.extraString(start, "type"));
    }

    @Override
    void begin(ContentBlock block, Consumer<SseEvent> out) {
      fragment(start.arguments(), out);
    }

    @Override
    void delta(BlockState state, StreamEvent event, Consumer<SseEvent> out) {
      if (event instanceof StreamEvent.ToolArgumentsDelta d) {
        fragment(d.fragment(), out);
      }
    }

    private void fragment(String fragment, Consumer<SseEvent> out) {
      if (fragment == null || fragment.isEmpty()) {
        return;
      }
      arguments.append(fragment);
      if (!custom) {
        emit(itemEvent("response.function_call_arguments.delta", this).put("delta", fragment), out);
      }
    }

    @Override
    void stop(BlockState state, Consumer<SseEvent> out) {
      if (!custom && arguments.toString().isBlank()) {
        // a call without parameters (Anthropic streams no fragment for `{}`): Codex parses the
        // arguments as JSON and rejects an empty string
        fragment(ResponseObjects.NO_ARGUMENTS, out);
      }
      if (custom) {
        String input = Items.customInput(arguments.toString());
        if (!input.isEmpty()) {
          emit(itemEvent("response.custom_tool_call_input.delta", this).put("delta", input), out);
        }
        emit(itemEvent("response.custom_tool_call_input.done", this).put("input", input), out);
      } else {
        ObjectNode e = itemEvent("response.function_call_arguments.done", this);
        emit(e.put("name", start.name()).put("arguments", arguments.toString()), out);
      }
      done(this, out);
    }

    @Override
    ObjectNode json(String status) {
      String args = "in_progress".equals(status) && done == null ? "" : arguments.toString();
      return Items.toolCallItem(new ToolCallBlock(start.id(), start.name(), args, null, start.extras()), id, status);
    }
  }

  private final class ReasoningItem extends Item {
    final ReasoningBlock start;
    final StringBuilder text = new StringBuilder();
    final StringBuilder signature = new StringBuilder();
    boolean partOpen;

    ReasoningItem(int outputIndex, String id, ReasoningBlock start) {
      super(outputIndex, id);
      this.start = start;
      if (start.signature() != null) {
        signature.append(start.signature());
      }
    }

    @Override
    void begin(ContentBlock block, Consumer<SseEvent> out) {
      summary(start.text(), out);
    }

    @Override
    void delta(BlockState state, StreamEvent event, Consumer<SseEvent> out) {
      if (event instanceof StreamEvent.ReasoningDelta d) {
        summary(d.text(), out);
      } else if (event instanceof StreamEvent.SignatureDelta d && d.signature() != null) {
        signature.append(d.signature());
      }
    }

    private void summary(String delta, Consumer<SseEvent> out) {
      if (delta == null || delta.isEmpty()) {
        return;
      }
      if (!partOpen) {
        partOpen = true;
        ObjectNode e = itemEvent("response.reasoning_summary_part.added", this).put("summary_index", 0);
        emit(e.set("part", summaryPart("")), out);
      }
      text.append(delta);
      emit(itemEvent("response.reasoning_summary_text.delta", this).put("summary_index", 0).put("delta", delta), out);
    }

    @Override
    void stop(BlockState state, Consumer<SseEvent> out) {
      if (partOpen) {
        emit(itemEvent("response.reasoning_summary_text.done", this).put("summary_index", 0).put("text", text.toString()), out);
        ObjectNode e = itemEvent("response.reasoning_summary_part.done", this).put("summary_index", 0);
        emit(e.set("part", summaryPart(text.toString())), out);
      }
      done(this, out);
    }

    private ObjectNode summaryPart(String value) {
      return JsonSupport.NODES.objectNode().put("type", "summary_text").put("text", value);
    }

    @Override
    ObjectNode json(String status) {
      if ("in_progress".equals(status) && done == null) {
        ObjectNode item = JsonSupport.NODES.objectNode().put("id", id).put("type", "reasoning");
        item.putArray("summary");
        return item;
      }
      ReasoningBlock block = new ReasoningBlock(
          text.toString(),
          signature.length() == 0 ? null : signature.toString(),
          start.redacted(),
          start.id(),
          start.origin(),
          start.extras());
      return block.origin() == FORMAT ? Items.reasoningItem(block, id) : Items.envelopeItem(block, id);
    }
  }

  /** An item carried whole (see {@link Items#opaque}): added and done as it came. */
  private final class OpaqueItem extends Item {
    final StringBuilder raw = new StringBuilder();

    OpaqueItem(int outputIndex, ReasoningBlock block) {
      super(outputIndex, block.id());
      raw.append(block.signature());
    }

    @Override
    void delta(BlockState state, StreamEvent event, Consumer<SseEvent> out) {
      if (event instanceof StreamEvent.SignatureDelta d && d.signature() != null) {
        raw.append(d.signature());
      }
    }

    @Override
    void stop(BlockState state, Consumer<SseEvent> out) {
      done(this, out);
    }

    @Override
    ObjectNode json(String status) {
      JsonNode item = JsonSupport.parseOrNull(raw.toString());
      return item instanceof ObjectNode object ? object : JsonSupport.NODES.objectNode().put("type", "unknown");
    }
  }
}
