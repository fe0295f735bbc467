package dev.llmrouter.core;

import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A whole answer (from the response cache) told again as the canonical events a stream of it would
 * have carried, so that a cached answer streams in any protocol like a live one.
 */
final class ReplayedStream implements ChatStream {
  private final List<StreamEvent> events;
  private boolean iterated;

  ReplayedStream(ChatResponse response) {
    this.events = events(response);
  }

  static List<StreamEvent> events(ChatResponse response) {
    List<StreamEvent> events = new ArrayList<>();
    Usage usage = response.usage();
    Usage inputSide = usage.toBuilder().outputTokens(0).reasoningTokens(0).build();
    events.add(new StreamEvent.MessageStart(response.id(), response.model(), inputSide));
    int index = 0;
    for (ContentBlock block : response.content()) {
      if (block instanceof TextBlock text) {
        events.add(new StreamEvent.BlockStart(index, new TextBlock("", text.cacheControl(), text.extras())));
        if (!text.text().isEmpty()) {
          events.add(new StreamEvent.TextDelta(index, text.text()));
        }
      } else if (block instanceof ToolCallBlock call) {
        events.add(new StreamEvent.BlockStart(index,
            new ToolCallBlock(call.id(), call.name(), "", call.cacheControl(), call.extras())));
        if (!call.arguments().isEmpty()) {
          events.add(new StreamEvent.ToolArgumentsDelta(index, call.arguments()));
        }
      } else if (block instanceof ReasoningBlock reasoning && !reasoning.redacted()) {
        events.add(new StreamEvent.BlockStart(index,
            new ReasoningBlock("", null, false, reasoning.id(), reasoning.origin(), reasoning.extras())));
        if (!reasoning.text().isEmpty()) {
          events.add(new StreamEvent.ReasoningDelta(index, reasoning.text()));
        }
        if (reasoning.signature() != null && !reasoning.signature().isEmpty()) {
          events.add(new StreamEvent.SignatureDelta(index, reasoning.signature()));
        }
      } else {
        // redacted reasoning and media blocks have no deltas: they open whole
        events.add(new StreamEvent.BlockStart(index, block));
      }
      events.add(new StreamEvent.BlockStop(index));
      index++;
    }
    events.add(new StreamEvent.UsageUpdate(usage));
    events.add(new StreamEvent.MessageDelta(response.stopReason(), response.stopSequence()));
    events.add(new StreamEvent.MessageStop());
    return List.copyOf(events);
  }

  @Override
  public Iterator<StreamEvent> iterator() {
    if (iterated) {
      throw new IllegalStateException("a stream can be iterated once");
    }
    iterated = true;
    return events.iterator();
  }

  @Override
  public void close() {}
}
