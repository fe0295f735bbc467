package dev.llmrouter.core;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.stream.ChatResponseAccumulator;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A canonical upstream stream once its attempt is committed. {@link #open} reads inside the attempt up
 * to the first event that carries content, so that a failure before it (an error status, an error
 * event right after {@code message_start}, a stall) is retried like any failed attempt; the events
 * read so far are then replayed to the caller.
 *
 * <p>After that nothing is retried: an upstream failure becomes a {@link StreamEvent.StreamError} and
 * the end of the stream, and a stream that stops without its end marker gets one, so a truncated
 * answer never looks complete. Iteration never throws.
 */
final class CommittedStream implements ChatStream {
  private final WatchedIterator<StreamEvent> upstream;
  private final Deque<StreamEvent> head;
  private final Attempt attempt;
  private final ChatResponseAccumulator accumulator;
  private final Consumer<ChatResponse> onComplete;
  private Usage usage = Usage.ZERO;
  /** Characters of text, tool arguments and reasoning handed to the caller, for {@link #delivered()}. */
  private volatile long deliveredChars;
  private boolean iterated;
  private volatile boolean ended;

  private CommittedStream(WatchedIterator<StreamEvent> upstream, Deque<StreamEvent> head, Attempt attempt,
      Consumer<ChatResponse> onComplete) {
    this.upstream = upstream;
    this.head = head;
    this.attempt = attempt;
    this.onComplete = onComplete;
    this.accumulator = onComplete == null ? null : new ChatResponseAccumulator();
  }

  /**
   * Opens the attempt's stream and reads it up to its first content.
   *
   * @param onComplete receives the whole answer when the stream ends normally (to cache it), or {@code null}
   * @throws LlmException when the attempt failed before any content
   */
  static CommittedStream open(Attempt attempt, Consumer<ChatResponse> onComplete) {
    ChatStream stream = attempt.adapter.stream(attempt.request(), attempt.options);
    WatchedIterator<StreamEvent> events;
    try {
      events = new WatchedIterator<>(stream.iterator(), stream, attempt.clock(), attempt.streamIdleTimeout(),
          attempt.timeout(), attempt.provider());
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
    Deque<StreamEvent> head = new ArrayDeque<>();
    try {
      while (true) {
        StreamEvent event = events.next();
        if (event == null) {
          throw LlmException.builder(ErrorKind.CONNECTION,
                  "provider '" + attempt.provider() + "' ended the stream before its first event")
              .provider(attempt.provider()).build();
        }
        if (event instanceof StreamEvent.StreamError error) {
          throw error.error();
        }
        head.add(event);
        if (carriesContent(event)) {
          break;
        }
      }
    } catch (RuntimeException e) {
      events.close();
      throw e;
    }
    events.committed();
    attempt.commit(true);
    return new CommittedStream(events, head, attempt, onComplete);
  }

  /** Whether the caller would see something of the answer in this event, not just its framing. */
  static boolean carriesContent(StreamEvent event) {
    if (event instanceof StreamEvent.MessageStart || event instanceof StreamEvent.UsageUpdate) {
      return false;
    }
    if (event instanceof StreamEvent.BlockStart start) {
      ContentBlock block = start.block();
      if (block instanceof TextBlock text) {
        return !text.text().isEmpty();
      }
      if (block instanceof ReasoningBlock reasoning) {
        return reasoning.redacted() || !reasoning.text().isEmpty();
      }
    }
    return true;
  }

  @Override
  public Iterator<StreamEvent> iterator() {
    if (iterated) {
      throw new IllegalStateException("a stream can be iterated once");
    }
    iterated = true;
    return new Iterator<>() {
      private StreamEvent next;

      @Override
      public boolean hasNext() {
        if (next == null && !ended) {
          next = pull();
        }
        return next != null;
      }

      @Override
      public StreamEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        StreamEvent event = next;
        next = null;
        return event;
      }
    };
  }

  private StreamEvent pull() {
    StreamEvent event;
    if (!head.isEmpty()) {
      event = head.poll();
    } else {
      try {
        event = upstream.next();
      } catch (LlmException e) {
        event = new StreamEvent.StreamError(e);
      }
      if (event == null) {
        event = new StreamEvent.StreamError(LlmException.builder(ErrorKind.CONNECTION,
                "provider '" + attempt.provider() + "' ended the stream before its end")
            .provider(attempt.provider()).build());
      }
    }
    observe(event);
    return event;
  }

  private void observe(StreamEvent event) {
    if (accumulator != null) {
      accumulator.accept(event);
    }
    attempt.streamed(event);
    deliveredChars += StreamEvent.outputCharacters(event);
    if (event instanceof StreamEvent.MessageStart start) {
      usage = start.usage();
    } else if (event instanceof StreamEvent.UsageUpdate update) {
      usage = update.usage();
    } else if (event instanceof StreamEvent.MessageStop) {
      ended = true;
      upstream.close();
      if (accumulator != null) {
        onComplete.accept(accumulator.toResponse().toBuilder().provider(attempt.provider()).build());
      }
      attempt.complete(usage);
    } else if (event instanceof StreamEvent.StreamError error) {
      ended = true;
      upstream.close();
      attempt.failAfterCommit(error.error(), delivered());
    }
  }

  /**
   * The usage of a stream that stopped before its end: most upstreams report output tokens only at
   * the end, so what was delivered is estimated from its length rather than billed as nothing.
   */
  private Usage delivered() {
    return (usage == null ? Usage.ZERO : usage).atLeastDelivered(deliveredChars);
  }

  /** Stops reading; a stream closed before its end counts as ended by the caller. */
  @Override
  public void close() {
    upstream.close();
    if (!ended) {
      ended = true;
      attempt.closedByCaller(delivered());
    }
  }
}
