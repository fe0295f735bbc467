package dev.llmrouter.api.stream;

import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds canonical stream events into the {@link ChatResponse} they describe. Not thread-safe; one per
 * stream.
 *
 * <pre>{@code
 * ChatResponseAccumulator acc = new ChatResponseAccumulator();
 * try (ChatStream stream = client.stream(request)) {
 *   for (StreamEvent event : stream) acc.accept(event);
 * }
 * ChatResponse response = acc.toResponse();
 * }</pre>
 */
public final class ChatResponseAccumulator {
  private String id;
  private String model;
  private Usage usage = Usage.ZERO;
  private StopReason stopReason;
  private String stopSequence;
  private final Map<Integer, BlockState> blocks = new TreeMap<>();
  private StreamEvent.StreamError error;
  private boolean stopped;

  private static final class BlockState {
    final ContentBlock start;
    final StringBuilder text = new StringBuilder();
    final StringBuilder signature = new StringBuilder();

    BlockState(ContentBlock start) {
      this.start = start;
    }
  }

  /** Applies one event. */
  public void accept(StreamEvent event) {
    if (event instanceof StreamEvent.MessageStart s) {
      id = s.id();
      model = s.model();
      usage = s.usage();
    } else if (event instanceof StreamEvent.BlockStart b) {
      BlockState state = new BlockState(b.block());
      if (b.block() instanceof TextBlock t) {
        state.text.append(t.text());
      } else if (b.block() instanceof ToolCallBlock c) {
        state.text.append(c.arguments());
      } else if (b.block() instanceof ReasoningBlock r) {
        state.text.append(r.text());
        if (r.signature() != null) {
          state.signature.append(r.signature());
        }
      }
      blocks.put(b.index(), state);
    } else if (event instanceof StreamEvent.TextDelta d) {
      block(d.index()).text.append(d.text());
    } else if (event instanceof StreamEvent.ToolArgumentsDelta d) {
      block(d.index()).text.append(d.fragment());
    } else if (event instanceof StreamEvent.ReasoningDelta d) {
      block(d.index()).text.append(d.text());
    } else if (event instanceof StreamEvent.SignatureDelta d) {
      block(d.index()).signature.append(d.signature());
    } else if (event instanceof StreamEvent.UsageUpdate u) {
      usage = u.usage();
    } else if (event instanceof StreamEvent.MessageDelta m) {
      stopReason = m.stopReason();
      stopSequence = m.stopSequence();
    } else if (event instanceof StreamEvent.MessageStop) {
      stopped = true;
    } else if (event instanceof StreamEvent.StreamError e) {
      error = e;
    }
  }

  private BlockState block(int index) {
    BlockState state = blocks.get(index);
    if (state == null) {
      throw new IllegalStateException("delta for block " + index + " before its BlockStart");
    }
    return state;
  }

  /** Whether a {@link StreamEvent.MessageStop} was seen. */
  public boolean isComplete() {
    return stopped;
  }

  /** The error that ended the stream, or {@code null}. */
  public StreamEvent.StreamError error() {
    return error;
  }

  /** The usage seen so far (the last cumulative value). */
  public Usage usage() {
    return usage;
  }

  /** The response as far as the events went. */
  public ChatResponse toResponse() {
    List<ContentBlock> content = new ArrayList<>();
    for (BlockState state : blocks.values()) {
      content.add(finish(state));
    }
    StopReason reason = stopReason;
    if (reason == null) {
      boolean hasCalls = content.stream().anyMatch(b -> b instanceof ToolCallBlock);
      reason = StopReason.of(hasCalls ? StopReason.Kind.TOOL_USE : StopReason.Kind.END_TURN);
    }
    return ChatResponse.builder()
        .id(id)
        .model(model)
        .content(content)
        .stopReason(reason)
        .stopSequence(stopSequence)
        .usage(usage)
        .build();
  }

  private static ContentBlock finish(BlockState state) {
    ContentBlock start = state.start;
    if (start instanceof TextBlock t) {
      return new TextBlock(state.text.toString(), t.cacheControl(), t.extras());
    }
    if (start instanceof ToolCallBlock c) {
      return new ToolCallBlock(c.id(), c.name(), state.text.toString(), c.cacheControl(), c.extras());
    }
    if (start instanceof ReasoningBlock r) {
      String signature = state.signature.length() == 0 ? r.signature() : state.signature.toString();
      return new ReasoningBlock(state.text.toString(), signature, r.redacted(), r.id(), r.origin(), r.extras());
    }
    return start;
  }
}
