package dev.llmrouter.benchmarks;

import dev.llmrouter.adapters.codec.ModelField;
import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ForwardRequest;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * A provider whose network is replaced by pre-encoded answers: it does everything
 * {@code HttpProviderAdapter} does with bytes (encodes the upstream request with the real codec, splices
 * the model in passthrough, decodes the answer with the real codec, taps passthrough answers for usage)
 * and nothing it does with sockets (OkHttp request building, reading the body). What a benchmark
 * measures through it is therefore the router's and the codecs' own cost.
 *
 * <p>Not thread-safe: each benchmark thread gets its own router.
 */
final class InMemoryProviderAdapter implements ProviderAdapter {
  private static final Map<String, String> JSON = Map.of("content-type", "application/json");
  private static final Map<String, String> SSE = Map.of("content-type", "text/event-stream");

  private final String name;
  private final WireCodec codec;
  private final Payloads upstream;
  /** Bytes that would have gone upstream; read by nobody, it only keeps request encoding observable. */
  private long bytesSent;

  InMemoryProviderAdapter(String name, WireCodec codec, Payloads upstream) {
    this.name = name;
    this.codec = codec;
    this.upstream = upstream;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public WireFormat wireFormat() {
    return codec.format();
  }

  @Override
  public ChatResponse chat(ChatRequest request, CallOptions options) {
    send(codec.encodeRequest(request, false));
    ChatResponse response = codec.decodeResponse(upstream.reply());
    return response.provider() == null ? response.toBuilder().provider(name).build() : response;
  }

  @Override
  public ChatStream stream(ChatRequest request, CallOptions options) {
    send(codec.encodeRequest(request, true));
    return new ReplayedStream(upstream.replyChunks(), codec.newStreamDecoder());
  }

  @Override
  public NativeResponse forward(ForwardRequest forward, CallOptions options) {
    boolean count = forward.operation() == NativeRequest.Operation.COUNT_TOKENS;
    // Gemini names the model in the URL: its body goes as received
    byte[] body = codec.format() == WireFormat.GEMINI
        ? forward.body()
        : ModelField.replace(forward.body(), forward.upstreamModel());
    send(body);
    if (forward.stream() && !count) {
      TappedStream tapped = new TappedStream(upstream.replyChunks(), codec.newStreamDecoder());
      return NativeResponse.stream(SSE, tapped).withUsage(tapped::usage);
    }
    Usage usage = count ? null : codec.decodeUsage(upstream.reply());
    return NativeResponse.whole(200, JSON, upstream.reply()).withUsage(() -> usage);
  }

  @Override
  public OptionalLong countTokens(ChatRequest request, CallOptions options) {
    return OptionalLong.empty();
  }

  private void send(byte[] body) {
    bytesSent += body.length;
  }

  /** An upstream stream read chunk by chunk as the consumer pulls: SSE parser, then decoder (as HttpChatStream). */
  private static final class ReplayedStream implements ChatStream {
    private final List<byte[]> chunks;
    private final StreamDecoder decoder;
    private final SseParser parser = new SseParser();
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private int next;
    private boolean finished;

    ReplayedStream(List<byte[]> chunks, StreamDecoder decoder) {
      this.chunks = chunks;
      this.decoder = decoder;
    }

    @Override
    public Iterator<StreamEvent> iterator() {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          while (pending.isEmpty() && !finished) {
            if (next < chunks.size()) {
              byte[] chunk = chunks.get(next++);
              parser.feed(chunk, 0, chunk.length, ReplayedStream.this::decode);
            } else {
              parser.finish(ReplayedStream.this::decode);
              decoder.finish(pending::add);
              finished = true;
            }
          }
          return !pending.isEmpty();
        }

        @Override
        public StreamEvent next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return pending.poll();
        }
      };
    }

    private void decode(SseEvent event) {
      decoder.decode(event, pending::add);
    }

    @Override
    public void close() {}
  }

  /** A passthrough stream: the upstream's chunks unchanged, parsed on the side for usage (as HttpForwardStream). */
  private static final class TappedStream implements NativeResponse.BodyStream {
    private final List<byte[]> chunks;
    private final StreamDecoder tap;
    private final SseParser parser = new SseParser();
    private Usage usage;

    TappedStream(List<byte[]> chunks, StreamDecoder tap) {
      this.chunks = chunks;
      this.tap = tap;
    }

    Usage usage() {
      return usage;
    }

    @Override
    public Iterator<byte[]> iterator() {
      Iterator<byte[]> source = chunks.iterator();
      return new Iterator<>() {
        private boolean finished;

        @Override
        public boolean hasNext() {
          if (source.hasNext()) {
            return true;
          }
          if (!finished) {
            finished = true;
            parser.finish(this::decode);
            tap.finish(TappedStream.this::observe);
          }
          return false;
        }

        @Override
        public byte[] next() {
          byte[] chunk = source.next();
          parser.feed(chunk, 0, chunk.length, this::decode);
          return chunk;
        }

        private void decode(SseEvent event) {
          tap.decode(event, TappedStream.this::observe);
        }
      };
    }

    private void observe(StreamEvent event) {
      if (event instanceof StreamEvent.UsageUpdate update) {
        usage = update.usage();
      } else if (event instanceof StreamEvent.MessageStart start
          && !start.usage().equals(Usage.ZERO) && usage == null) {
        usage = start.usage();
      }
    }

    @Override
    public void close() {}
  }
}
