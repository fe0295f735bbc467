package dev.llmrouter.core;

import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A passthrough stream (the upstream's own bytes) once its attempt is committed: {@link #open} reads
 * the first chunk inside the attempt, so that a failure before any byte is retried. After that a
 * broken or stalled upstream ends the stream with the client format's in-band error event, written by
 * the client's codec, never with a second request.
 */
final class CommittedBodyStream implements NativeResponse.BodyStream {
  private final WatchedIterator<byte[]> upstream;
  private final Attempt attempt;
  private final Supplier<StreamEncoder> errorEncoder;
  private byte[] first;
  private boolean iterated;
  private volatile boolean ended;

  private CommittedBodyStream(WatchedIterator<byte[]> upstream, byte[] first, Attempt attempt,
      Supplier<StreamEncoder> errorEncoder) {
    this.upstream = upstream;
    this.first = first;
    this.attempt = attempt;
    this.errorEncoder = errorEncoder;
  }

  /**
   * Reads the first chunk of a forwarded stream.
   *
   * @param errorEncoder makes an encoder of the client's format, to write a failure in-band
   * @throws LlmException when the upstream failed before its first chunk
   */
  static CommittedBodyStream open(Attempt attempt, NativeResponse.BodyStream body, Supplier<StreamEncoder> errorEncoder) {
    WatchedIterator<byte[]> chunks;
    try {
      chunks = new WatchedIterator<>(body.iterator(), body, attempt.clock(), attempt.streamIdleTimeout(), attempt.provider());
    } catch (RuntimeException e) {
      body.close();
      throw e;
    }
    byte[] first;
    try {
      first = chunks.next();
      if (first == null) {
        throw LlmException.builder(ErrorKind.CONNECTION,
                "provider '" + attempt.provider() + "' ended the stream before its first byte")
            .provider(attempt.provider()).build();
      }
    } catch (RuntimeException e) {
      chunks.close();
      throw e;
    }
    attempt.commit(true);
    return new CommittedBodyStream(chunks, first, attempt, errorEncoder);
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
    if (first != null) {
      byte[] chunk = first;
      first = null;
      return chunk;
    }
    try {
      byte[] chunk = upstream.next();
      if (chunk == null) {
        ended = true;
        upstream.close();
        attempt.complete(Usage.ZERO);
      }
      return chunk;
    } catch (LlmException e) {
      ended = true;
      upstream.close();
      attempt.failAfterCommit(e, Usage.ZERO);
      return inBand(e);
    }
  }

  private byte[] inBand(LlmException error) {
    StringBuilder text = new StringBuilder();
    errorEncoder.get().encode(new StreamEvent.StreamError(error), sse -> text.append(sse.toWireText()));
    return text.length() == 0 ? null : text.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    upstream.close();
    if (!ended) {
      ended = true;
      attempt.complete(Usage.ZERO);
    }
  }
}
