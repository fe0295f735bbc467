package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.AnthropicJson.FORMAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.core.TokenEstimator;
import dev.llmrouter.adapters.codec.anthropic.ContentBlocks.Target;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical events to the Anthropic stream a client expects (§2.8): one {@code message_start}
 * with real input usage, blocks with dense indices opened and closed one at a time, a
 * {@code ping} after the first block start, {@code message_delta} with the stop reason and final
 * usage, {@code message_stop}; or an {@code error} event and nothing after.
 *
 * <p>Where the canonical stream says more than Anthropic can, the encoder holds back the least it
 * can: deltas of a block that started while another is open wait for their turn (OpenAI servers
 * interleave parallel tool calls, Anthropic cannot); a text block opens at its first non-empty
 * delta, so that an upstream's empty text never becomes an empty block the client would replay
 * (P15); {@code message_delta} waits for {@link StreamEvent.MessageStop} so its usage is final; a
 * foreign reasoning block gets its envelope as the signature when it stops, once its text is known.
 */
final class AnthropicStreamEncoder implements StreamEncoder {
  private enum Kind {
    TEXT,
    TOOL_USE,
    THINKING,
    /** Another format's reasoning: streamed as thinking, its state wrapped into the signature. */
    FOREIGN_THINKING,
    /** Sent whole in its start event: redacted thinking, opaque blocks, images… */
    WHOLE
  }

  private static final class Pending {
    final int canonicalIndex;
    final ContentBlock start;
    final Kind kind;
    final List<StreamEvent> buffered = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    final StringBuilder signature = new StringBuilder();
    boolean active;
    boolean stopped;
    int index = -1;

    Pending(int canonicalIndex, ContentBlock start) {
      this.canonicalIndex = canonicalIndex;
      this.start = start;
      this.kind = kindOf(start);
    }
  }

  private final ChatRequest request;
  private final Map<Integer, Pending> blocks = new HashMap<>();
  private final ArrayDeque<Pending> order = new ArrayDeque<>();
  private Usage startUsage = Usage.ZERO;
  private Usage usage;
  private StopReason stopReason;
  private String stopSequence;
  private long estimatedInput = -1;
  private int nextIndex;
  private boolean started;
  private boolean pinged;
  private boolean sawToolUse;
  private boolean finished;

  AnthropicStreamEncoder(ChatRequest request) {
    this.request = Objects.requireNonNull(request, "the client's request is needed to estimate input usage");
  }

  private static Kind kindOf(ContentBlock block) {
    if (block instanceof TextBlock) {
      return ContentBlocks.isOpaque(block) ? Kind.WHOLE : Kind.TEXT;
    }
    if (block instanceof ToolCallBlock) {
      return Kind.TOOL_USE;
    }
    if (block instanceof ReasoningBlock r) {
      if (r.origin() != FORMAT) {
        return Kind.FOREIGN_THINKING;
      }
      return r.redacted() ? Kind.WHOLE : Kind.THINKING;
    }
    return Kind.WHOLE;
  }

  @Override
  public void encode(StreamEvent event, Consumer<SseEvent> out) {
    if (finished) {
      return;
    }
    if (event instanceof StreamEvent.StreamError e) {
      finished = true;
      out.accept(new SseEvent("error", JsonSupport.write(AnthropicErrors.envelope(e.error()))));
      return;
    }
    if (event instanceof StreamEvent.MessageStart s) {
      if (!started) {
        writeMessageStart(s.id(), s.model(), s.usage(), out);
      }
      return;
    }
    if (!started) {
      writeMessageStart(null, null, Usage.ZERO, out);
    }
    if (event instanceof StreamEvent.BlockStart b) {
      Pending pending = new Pending(b.index(), b.block());
      blocks.put(b.index(), pending);
      order.addLast(pending);
      advance(out);
    } else if (event instanceof StreamEvent.BlockStop s) {
      Pending pending = blocks.get(s.index());
      if (pending != null) {
        pending.stopped = true;
        advance(out);
      }
    } else if (event instanceof StreamEvent.UsageUpdate u) {
      usage = u.usage();
    } else if (event instanceof StreamEvent.MessageDelta m) {
      stopReason = m.stopReason();
      stopSequence = m.stopSequence();
    } else if (event instanceof StreamEvent.MessageStop) {
      finishMessage(out);
    } else {
      Pending pending = blocks.get(deltaIndex(event));
      if (pending != null) {
        if (pending.active) {
          apply(pending, event, out);
        } else {
          pending.buffered.add(event);
        }
      }
    }
  }

  private static int deltaIndex(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta d) {
      return d.index();
    }
    if (event instanceof StreamEvent.ToolArgumentsDelta d) {
      return d.index();
    }
    if (event instanceof StreamEvent.ReasoningDelta d) {
      return d.index();
    }
    return ((StreamEvent.SignatureDelta) event).index();
  }

  /** Lets the oldest started block stream; when it has stopped, closes it and moves on to the next. */
  private void advance(Consumer<SseEvent> out) {
    while (!order.isEmpty()) {
      Pending head = order.peekFirst();
      if (!head.active) {
        head.active = true;
        open(head, out);
        for (StreamEvent delta : head.buffered) {
          apply(head, delta, out);
        }
        head.buffered.clear();
      }
      if (!head.stopped) {
        return;
      }
      close(head, out);
      order.pollFirst();
      blocks.remove(head.canonicalIndex);
    }
  }

  private void open(Pending pending, Consumer<SseEvent> out) {
    switch (pending.kind) {
      case TEXT:
        String text = ((TextBlock) pending.start).text();
        if (!text.isEmpty()) {
          writeText(pending, text, out);
        }
        break;
      case TOOL_USE:
        ToolCallBlock call = (ToolCallBlock) pending.start;
        ObjectNode toolUse = JsonSupport.NODES.objectNode();
        toolUse.put("type", "tool_use");
        toolUse.put("id", call.id().isEmpty() ? ResponseCodec.newId("toolu_") : call.id());
        toolUse.put("name", call.name());
        toolUse.putObject("input");
        writeBlockStart(pending, toolUse, out);
        sawToolUse = true;
        if (!call.arguments().isEmpty()) {
          writeDelta(pending, "input_json_delta", "partial_json", call.arguments(), out);
        }
        break;
      case THINKING:
      case FOREIGN_THINKING:
        ReasoningBlock reasoning = (ReasoningBlock) pending.start;
        ObjectNode thinking = JsonSupport.NODES.objectNode();
        thinking.put("type", "thinking");
        thinking.put("thinking", "");
        thinking.put("signature", "");
        writeBlockStart(pending, thinking, out);
        if (reasoning.signature() != null) {
          pending.signature.append(reasoning.signature());
        }
        writeThinking(pending, reasoning.text(), out);
        break;
      default:
        writeBlockStart(pending, ContentBlocks.encodeBlock(pending.start, Target.CLIENT), out);
    }
  }

  private void apply(Pending pending, StreamEvent delta, Consumer<SseEvent> out) {
    boolean thinking = pending.kind == Kind.THINKING || pending.kind == Kind.FOREIGN_THINKING;
    if (delta instanceof StreamEvent.TextDelta d && pending.kind == Kind.TEXT && !d.text().isEmpty()) {
      writeText(pending, d.text(), out);
    } else if (delta instanceof StreamEvent.ToolArgumentsDelta d
        && pending.kind == Kind.TOOL_USE
        && !d.fragment().isEmpty()) {
      writeDelta(pending, "input_json_delta", "partial_json", d.fragment(), out);
    } else if (delta instanceof StreamEvent.ReasoningDelta d && thinking) {
      writeThinking(pending, d.text(), out);
    } else if (delta instanceof StreamEvent.SignatureDelta d && thinking) {
      pending.signature.append(d.signature()); // one signature_delta, right before the stop
    }
    // any other pairing (text on a reasoning block…) has no Anthropic form: block kinds stay separate (P4)
  }

  private void close(Pending pending, Consumer<SseEvent> out) {
    if (pending.kind == Kind.TEXT && pending.index < 0) {
      return; // never received text: no block was opened
    }
    if (pending.kind == Kind.THINKING && pending.signature.length() > 0) {
      writeDelta(pending, "signature_delta", "signature", pending.signature.toString(), out);
    } else if (pending.kind == Kind.FOREIGN_THINKING) {
      ReasoningBlock start = (ReasoningBlock) pending.start;
      ReasoningBlock whole = new ReasoningBlock(
          pending.text.toString(),
          pending.signature.length() == 0 ? null : pending.signature.toString(),
          start.redacted(),
          start.id(),
          start.origin(),
          start.extras());
      writeDelta(pending, "signature_delta", "signature", ReasoningEnvelope.wrap(whole), out);
    }
    ObjectNode stop = event("content_block_stop");
    stop.put("index", pending.index);
    write(stop, out);
  }

  private void writeText(Pending pending, String text, Consumer<SseEvent> out) {
    if (pending.index < 0) {
      ObjectNode block = JsonSupport.NODES.objectNode();
      block.put("type", "text");
      block.put("text", "");
      writeBlockStart(pending, block, out);
    }
    writeDelta(pending, "text_delta", "text", text, out);
  }

  private void writeThinking(Pending pending, String text, Consumer<SseEvent> out) {
    pending.text.append(text);
    if (!text.isEmpty()) {
      writeDelta(pending, "thinking_delta", "thinking", text, out);
    }
  }

  private void writeBlockStart(Pending pending, ObjectNode block, Consumer<SseEvent> out) {
    pending.index = nextIndex++;
    ObjectNode start = event("content_block_start");
    start.put("index", pending.index);
    start.set("content_block", block);
    write(start, out);
    if (!pinged) {
      pinged = true;
      write(event("ping"), out);
    }
  }

  private void writeDelta(Pending pending, String type, String field, String value, Consumer<SseEvent> out) {
    ObjectNode node = event("content_block_delta");
    node.put("index", pending.index);
    node.putObject("delta").put("type", type).put(field, value);
    write(node, out);
  }

  private void writeMessageStart(String id, String model, Usage usage, Consumer<SseEvent> out) {
    started = true;
    startUsage = usage;
    ObjectNode node = event("message_start");
    ObjectNode message = node.putObject("message");
    message.put("id", id != null ? id : ResponseCodec.newId("msg_"));
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", ResponseCodec.model(model, request));
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    ObjectNode usageNode = ResponseCodec.usageNode(usage, inputTokens(usage));
    usageNode.put("output_tokens", 1); // what the API sends: clients add the real count from message_delta
    message.set("usage", usageNode);
    write(node, out);
  }

  private void finishMessage(Consumer<SseEvent> out) {
    for (Pending pending : order) {
      pending.stopped = true; // an upstream that never stopped a block: close them, in order
    }
    advance(out);
    Usage last = usage == null ? startUsage : usage;
    if (last.totalInputTokens() == 0) {
      last = last.toBuilder()
          .inputTokens(startUsage.inputTokens())
          .cacheReadTokens(startUsage.cacheReadTokens())
          .cacheWriteTokens(startUsage.cacheWriteTokens())
          .build();
    }
    ObjectNode node = event("message_delta");
    ObjectNode delta = node.putObject("delta");
    String reason = ResponseCodec.stopReason(stopReason, stopSequence, sawToolUse);
    delta.put("stop_reason", reason);
    if (reason.equals("stop_sequence")) {
      delta.put("stop_sequence", stopSequence);
    } else {
      delta.putNull("stop_sequence");
    }
    node.set("usage", ResponseCodec.usageNode(last, inputTokens(last)));
    write(node, out);
    write(event("message_stop"), out);
    finished = true;
  }

  /**
   * The uncached input to report. An upstream that reports usage only at the end (Chat, Responses,
   * Gemini) leaves it zero at the start; zeros there break Claude Code and opencode (P1), so the
   * router's estimate stands in until the real numbers arrive.
   */
  private long inputTokens(Usage usage) {
    if (usage.totalInputTokens() > 0) {
      return usage.inputTokens();
    }
    if (estimatedInput < 0) {
      estimatedInput = TokenEstimator.estimateInput(request);
    }
    return estimatedInput;
  }

  private static ObjectNode event(String type) {
    return JsonSupport.NODES.objectNode().put("type", type);
  }

  private static void write(ObjectNode event, Consumer<SseEvent> out) {
    out.accept(new SseEvent(event.get("type").stringValue(), JsonSupport.write(event)));
  }
}
