package dev.llmrouter.core;

import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A passthrough stream (the upstream's own bytes) once its attempt is committed.
 *
 * <p>{@link #open} reads inside the attempt until the bytes carry content, decoding them on the side
 * with the format's own stream decoder: an error event before any content (Anthropic's
 * {@code overloaded_error} right after {@code message_start}, or the in-band error an adapter writes
 * when the connection breaks before the body) fails the attempt, which is then retried like any other.
 * The bytes read are replayed unchanged. When the decoder cannot follow, the first chunk commits.
 *
 * <p>After that a broken or stalled upstream ends the stream with the client format's in-band error
 * event, written by the client's codec, never with a second request.
 */
final class CommittedBodyStream implements NativeResponse.BodyStream {
  /** Bytes without content after which the attempt commits anyway: a preamble is never this long. */
  private static final int PEEK_LIMIT = 64 * 1024;

  private final WatchedIterator<byte[]> upstream;
  private final Deque<byte[]> head;
  private final Attempt attempt;
  private final Supplier<StreamEncoder> errorEncoder;
  private final Supplier<Usage> usage;
  private boolean iterated;
  private volatile boolean ended;

  private CommittedBodyStream(WatchedIterator<byte[]> upstream, Deque<byte[]> head, Attempt attempt,
      Supplier<StreamEncoder> errorEncoder, Supplier<Usage> usage) {
    this.upstream = upstream;
    this.head = head;
    this.attempt = attempt;
    this.errorEncoder = errorEncoder;
    this.usage = usage;
  }

  /**
   * Reads a forwarded stream up to its first content.
   *
   * @param decoders makes a stream decoder of the format, to look at the first events
   * @param errorEncoder makes a stream encoder of the client's format, to write a later failure in-band
   * @param usage the usage the adapter has seen so far
   * @throws LlmException when the upstream failed before any content
   */
  static CommittedBodyStream open(Attempt attempt, NativeResponse.BodyStream body, Supplier<StreamDecoder> decoders,
      Supplier<StreamEncoder> errorEncoder, Supplier<Usage> usage) {
    WatchedIterator<byte[]> chunks;
    try {
      chunks = new WatchedIterator<>(body.iterator(), body, attempt.clock(), attempt.streamIdleTimeout(),
          attempt.timeout(), attempt.provider());
    } catch (RuntimeException e) {
      body.close();
      throw e;
    }
    Deque<byte[]> head = new ArrayDeque<>();
    try {
      Peek peek = new Peek(decoders);
      int size = 0;
      while (true) {
        byte[] chunk = chunks.next();
        if (chunk == null) {
          if (head.isEmpty()) {
            throw LlmException.builder(ErrorKind.CONNECTION,
                    "provider '" + attempt.provider() + "' ended the stream before its first byte")
                .provider(attempt.provider()).build();
          }
          peek.finish();
          break;
        }
        head.add(chunk);
        size += chunk.length;
        if (peek.sawContent(chunk) || size >= PEEK_LIMIT) {
          break;
        }
      }
    } catch (RuntimeException e) {
      chunks.close();
      throw e;
    }
    chunks.committed();
    attempt.commit(true);
    return new CommittedBodyStream(chunks, head, attempt, errorEncoder, usage);
  }

  /** Decodes the first events on the side; stops looking (and lets the stream commit) when it cannot. */
  private static final class Peek {
    private final SseFrames frames = new SseFrames();
    private StreamDecoder decoder;
    private boolean content;
    private LlmException failure;

    Peek(Supplier<StreamDecoder> decoders) {
      try {
        decoder = decoders.get();
      } catch (RuntimeException unsupported) {
        decoder = null;
      }
    }

    /** Whether the bytes so far carry content; throws the upstream's error when they carry that first. */
    boolean sawContent(byte[] chunk) {
      if (decoder == null) {
        return true;
      }
      try {
        for (SseEvent event : frames.feed(chunk)) {
          decoder.decode(event, this::observe);
        }
      } catch (RuntimeException unreadable) {
        return true;
      }
      if (failure != null) {
        throw failure;
      }
      return content;
    }

    /** The stream ended during the peek: a cut stream is a failure like any other. */
    void finish() {
      if (decoder != null) {
        try {
          decoder.finish(this::observe);
        } catch (RuntimeException unreadable) {
          return;
        }
        if (failure != null) {
          throw failure;
        }
      }
    }

    private void observe(StreamEvent event) {
      if (content || failure != null) {
        return;
      }
      if (event instanceof StreamEvent.StreamError error) {
        failure = error.error();
      } else if (CommittedStream.carriesContent(event)) {
        content = true;
      }
    }
  }

  @Override
  public Iterator<byte[]> iterator() {
    if (iterated) {
      throw new IllegalStateException("a stream can be iterated once");
    }
    iterated = true;
    return new Iterator<>() {
      private byte[] next;

      @Override
      public boolean hasNext() {
        if (next == null && !ended) {
          next = pull();
        }
        return next != null;
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        byte[] chunk = next;
        next = null;
        return chunk;
      }
    };
  }

  private byte[] pull() {
    if (!head.isEmpty()) {
      return head.poll();
    }
    try {
      byte[] chunk = upstream.next();
      if (chunk == null) {
        ended = true;
        upstream.close();
        attempt.complete(usage.get());
      }
      return chunk;
    } catch (LlmException e) {
      ended = true;
      upstream.close();
      attempt.failAfterCommit(e, usage.get());
      return inBand(e);
    }
  }

  private byte[] inBand(LlmException error) {
    StringBuilder text = new StringBuilder();
    errorEncoder.get().encode(new StreamEvent.StreamError(error), sse -> text.append(sse.toWireText()));
    // the last chunk may have ended mid-event: start the error on a fresh one
    return text.length() == 0 ? null : ("\n\n" + text).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    upstream.close();
    if (!ended) {
      ended = true;
      attempt.closedByCaller(usage.get());
    }
  }
}
