package dev.llmrouter.adapters.http;

import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * An upstream SSE stream read on the consumer's thread: each {@code hasNext()} that finds no event
 * waiting reads one chunk from the socket, parses it and decodes it. No thread and no buffer beyond
 * one chunk and the events it produced.
 *
 * <p>Iterated by one thread; {@link #close()} may come from any thread (e.g. a client that went away),
 * and unblocks a read in progress by cancelling the call.
 */
final class HttpChatStream implements ChatStream {
  private static final int CHUNK_SIZE = 8192;

  private final String provider;
  private final Secret key;
  private final Call call;
  private final Response response;
  private final BufferedSource body;
  private final StreamDecoder decoder;
  private final SseParser parser = new SseParser();
  private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
  private final byte[] chunk = new byte[CHUNK_SIZE];
  private final Object readLock = new Object();
  private final AtomicBoolean iterated = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean released;
  /** A terminal event is queued or the body ended: nothing more will be read. */
  private boolean ended;

  HttpChatStream(String provider, Secret key, Call call, Response response, StreamDecoder decoder) {
    this.provider = provider;
    this.key = key;
    this.call = call;
    this.response = response;
    this.body = response.body().source();
    this.decoder = decoder;
  }

  @Override
  public Iterator<StreamEvent> iterator() {
    if (!iterated.compareAndSet(false, true)) {
      throw new IllegalStateException("a ChatStream can be iterated only once");
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return advance();
      }

      @Override
      public StreamEvent next() {
        if (!advance()) {
          throw new NoSuchElementException("the stream has ended");
        }
        return pending.poll();
      }
    };
  }

  private boolean advance() {
    while (pending.isEmpty() && !ended && !closed.get()) {
      readChunk();
    }
    return !pending.isEmpty() && !closed.get();
  }

  private void readChunk() {
    synchronized (readLock) {
      if (closed.get()) {
        return;
      }
      try {
        int read = body.read(chunk);
        if (read == -1) {
          parser.finish(this::decode);
          decoder.finish(this::emit);
          if (!ended) { // a decoder must end the grammar at EOF; this keeps the promise if one does not
            emit(new StreamEvent.StreamError(LlmException.builder(ErrorKind.CONNECTION,
              "provider '" + provider + "': the stream ended without its final event").provider(provider).build()));
          }
        } else {
          parser.feed(chunk, 0, read, this::decode);
        }
      } catch (IOException e) {
        if (!closed.get()) {
          emit(new StreamEvent.StreamError(UpstreamFailures.fromIo(provider, "stream", e)));
        }
        ended = true;
      } catch (LlmException e) {
        emit(new StreamEvent.StreamError(e));
      } catch (RuntimeException e) {
        emit(new StreamEvent.StreamError(LlmException.builder(ErrorKind.UPSTREAM_SERVER,
            "provider '" + provider + "': could not decode the stream (" + e.getClass().getSimpleName() + ")")
            .provider(provider).cause(e).build()));
      }
      if (ended) {
        release();
      }
    }
  }

  private void decode(SseEvent event) {
    if (!ended) {
      decoder.decode(event, this::emit);
    }
  }

  private void emit(StreamEvent event) {
    if (ended) {
      return;
    }
    if (event instanceof StreamEvent.StreamError error) {
      pending.add(new StreamEvent.StreamError(UpstreamFailures.attribute(error.error(), provider, key)));
      ended = true;
      // the rest of the body is of no use: drop the connection rather than drain it
      call.cancel();
    } else {
      pending.add(event);
      ended = event instanceof StreamEvent.MessageStop;
    }
  }

  /** Called with the read lock held. */
  private void release() {
    if (!released) {
      released = true;
      response.close();
    }
  }

  /** Cancels the upstream call unless it already ended, and frees the connection. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (!released) {
      call.cancel();
    }
    synchronized (readLock) {
      release();
    }
  }

  @Override
  public String toString() {
    return "HttpChatStream{provider=" + provider + ", finished=" + released + ", closed=" + closed.get() + "}";
  }
}
