package dev.llmrouter.adapters.http;

import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A passthrough stream: the upstream's bytes go to the client exactly as they arrive, chunk by chunk,
 * while a tap parses a copy of the same bytes for usage. The tap never changes or delays a byte, and
 * a tap failure only stops the tapping.
 *
 * <p>When the connection breaks before the upstream ended its stream, one last chunk carries the
 * client format's in-band error, so that the client never sees a silent clean end.
 */
final class HttpForwardStream implements NativeResponse.BodyStream {
  private static final int CHUNK_SIZE = 8192;

  private final String provider;
  private final Call call;
  private final Response response;
  private final BufferedSource body;
  private final StreamDecoder tap;
  /** Made only when the stream breaks: it needs the decoded request, which passthrough otherwise never builds. */
  private final Supplier<StreamEncoder> errorEncoder;
  private final SseParser parser = new SseParser();
  private final AtomicBoolean iterated = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Usage usage;
  private boolean tapping = true;
  private volatile boolean terminalSeen;
  private volatile long deliveredChars;

  HttpForwardStream(String provider, Call call, Response response, StreamDecoder tap,
      Supplier<StreamEncoder> errorEncoder) {
    this.provider = provider;
    this.call = call;
    this.response = response;
    this.body = response.body().source();
    this.tap = tap;
    this.errorEncoder = errorEncoder;
  }

  /**
   * The usage the upstream has reported so far; for a stream that stopped before its end (closed by
   * the client, or broken) at least the estimate for the output delivered, since most upstreams report
   * output tokens only at the end. {@code null} when nothing was reported or delivered.
   */
  Usage usage() {
    Usage reported = usage;
    if (terminalSeen || deliveredChars == 0) {
      return reported;
    }
    return (reported == null ? Usage.ZERO : reported).atLeastDelivered(deliveredChars);
  }

  @Override
  public Iterator<byte[]> iterator() {
    if (!iterated.compareAndSet(false, true)) {
      throw new IllegalStateException("a stream can be iterated only once");
    }
    return new Iterator<>() {
      private final byte[] buffer = new byte[CHUNK_SIZE];
      private byte[] next;
      private boolean ended;

      @Override
      public boolean hasNext() {
        if (next == null && !ended && !closed.get()) {
          next = read();
        }
        return next != null;
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the stream has ended");
        }
        byte[] chunk = next;
        next = null;
        return chunk;
      }

      private byte[] read() {
        try {
          int read = body.read(buffer);
          if (read == -1) {
            ended = true;
            finishTap();
            close();
            return null;
          }
          byte[] chunk = Arrays.copyOf(buffer, read);
          feedTap(chunk);
          return chunk;
        } catch (IOException e) {
          ended = true;
          boolean cancelledByUs = closed.get();
          close();
          return cancelledByUs || terminalSeen ? null : errorChunk(e);
        }
      }
    };
  }

  private byte[] errorChunk(IOException e) {
    StringBuilder text = new StringBuilder();
    errorEncoder.get().encode(new StreamEvent.StreamError(UpstreamFailures.fromIo(provider, "stream", e)),
        sse -> text.append(sse.toWireText()));
    // a chunk may have ended mid-line: start the error on a fresh event
    return ("\n\n" + text).getBytes(StandardCharsets.UTF_8);
  }

  private void feedTap(byte[] chunk) {
    if (!tapping) {
      return;
    }
    try {
      parser.feed(chunk, 0, chunk.length, this::decode);
    } catch (RuntimeException tapFailure) {
      tapping = false;
    }
  }

  private void finishTap() {
    if (!tapping) {
      return;
    }
    try {
      parser.finish(this::decode);
      tap.finish(this::observe);
    } catch (RuntimeException tapFailure) {
      tapping = false;
    }
  }

  private void decode(SseEvent event) {
    tap.decode(event, this::observe);
  }

  private void observe(StreamEvent event) {
    deliveredChars += StreamEvent.outputCharacters(event);
    if (event instanceof StreamEvent.UsageUpdate update) {
      usage = update.usage();
    } else if (event instanceof StreamEvent.MessageStart start && !start.usage().equals(Usage.ZERO) && usage == null) {
      usage = start.usage();
    } else if (event instanceof StreamEvent.MessageStop || event instanceof StreamEvent.StreamError) {
      terminalSeen = true;
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      call.cancel();
      response.close();
    }
  }

  @Override
  public String toString() {
    return "HttpForwardStream{provider=" + provider + ", closed=" + closed.get() + "}";
  }
}
