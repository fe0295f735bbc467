package dev.llmrouter.core;

import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A canonical upstream stream re-encoded in the client's format: one chunk per canonical event that
 * produced output, so every event goes out as soon as the client's format can express it.
 */
final class EncodedEventStream implements NativeResponse.BodyStream {
  private final ChatStream upstream;
  private final StreamEncoder encoder;
  private final String provider;
  private boolean iterated;
  private volatile Usage usage;

  EncodedEventStream(ChatStream upstream, StreamEncoder encoder, String provider) {
    this.upstream = upstream;
    this.encoder = encoder;
    this.provider = provider;
  }

  @Override
  public Iterator<byte[]> iterator() {
    if (iterated) {
      throw new IllegalStateException("a stream can be iterated once");
    }
    iterated = true;
    Iterator<StreamEvent> events = upstream.iterator();
    return new Iterator<>() {
      private byte[] next;
      private boolean ended;

      @Override
      public boolean hasNext() {
        while (next == null && !ended) {
          StreamEvent event;
          try {
            if (!events.hasNext()) {
              ended = true;
              break;
            }
            event = events.next();
          } catch (RuntimeException e) {
            // an adapter should report failures as StreamError events; anything else still ends the
            // stream in the client's own protocol rather than as a broken connection
            LlmException error = e instanceof LlmException l ? l
                : LlmException.builder(ErrorKind.CONNECTION, "upstream stream failed").provider(provider).cause(e).build();
            event = new StreamEvent.StreamError(error);
          }
          if (event instanceof StreamEvent.UsageUpdate update) {
            usage = update.usage();
          } else if (event instanceof StreamEvent.MessageStart start && usage == null) {
            usage = start.usage();
          }
          if (event instanceof StreamEvent.MessageStop || event instanceof StreamEvent.StreamError) {
            ended = true;
          }
          StringBuilder chunk = new StringBuilder();
          encoder.encode(event, sse -> chunk.append(sse.toWireText()));
          if (chunk.length() > 0) {
            next = chunk.toString().getBytes(StandardCharsets.UTF_8);
          }
        }
        if (ended && next == null) {
          upstream.close();
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

  /** The usage the upstream has reported so far. */
  Usage usage() {
    return usage;
  }

  @Override
  public void close() {
    upstream.close();
  }
}
