package dev.llmrouter.core;

import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ForwardRequest;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.ProviderSettings;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scriptable fake adapter type "recording". By default it answers "{@code <provider>:<model>}" (whole),
 * the text "streamed" (stream) or "{@code forwarded:<body>}" (passthrough); {@link #script} queues
 * outcomes per provider (one per call, then the default again) and {@link #onKey} fixes the outcome of
 * every call made with one key. Every call is recorded, with the key and timeout it got.
 *
 * <p>Time-dependent outcomes (slow first event, stall, latency) move the {@link ManualClock} given to
 * the constructor instead of waiting: a stall advances time far enough for any idle timeout to fire,
 * which closes the stream, exactly as a stalled socket would be closed by the router's watchdog.
 */
final class RecordingAdapterFactory implements ProviderAdapterFactory {
  record Call(String provider, String model, Secret key, String kind, Duration timeout) {}

  /** What one call does. Stream positions count canonical events (or passthrough chunks). */
  static final class Outcome {
    LlmException failAtOpen;
    /** Not an {@code LlmException}: an adapter's defect. */
    RuntimeException defect;
    Duration delay = Duration.ZERO;
    int troubleAfter = -1;
    LlmException errorEvent;
    /** What the stream's iterator throws: a RuntimeException (a reset socket) or an Error (a defect). */
    Throwable thrown;
    boolean stall;
    boolean endEarly;
    Duration pause;
    String text;
    Usage usage = Usage.ZERO;

    static Outcome answer(String text) {
      Outcome o = new Outcome();
      o.text = text;
      return o;
    }

    static Outcome fail(LlmException error) {
      Outcome o = new Outcome();
      o.failAtOpen = error;
      return o;
    }

    static Outcome defect(RuntimeException thrown) {
      Outcome o = new Outcome();
      o.defect = thrown;
      return o;
    }

    static Outcome status(int status) {
      return fail(error(status, "upstream said " + status, null));
    }

    static Outcome rateLimited(Duration retryAfter) {
      return fail(error(429, "slow down", retryAfter));
    }

    static Outcome connectionReset() {
      return fail(LlmException.builder(ErrorKind.CONNECTION, "connection reset").build());
    }

    /** The whole answer (or the first event) comes after {@code delay}. */
    static Outcome slow(Duration delay) {
      Outcome o = new Outcome();
      o.delay = delay;
      return o;
    }

    /** The stream carries {@code events} events, then an error event. */
    static Outcome errorEventAfter(int events, LlmException error) {
      Outcome o = new Outcome();
      o.troubleAfter = events;
      o.errorEvent = error;
      return o;
    }

    /** The stream carries {@code events} events, then its iterator throws (a reset socket). */
    static Outcome resetAfter(int events) {
      Outcome o = new Outcome();
      o.troubleAfter = events;
      o.thrown = new IllegalStateException("connection reset by peer");
      return o;
    }

    /** The stream carries {@code events} events, then its iterator throws {@code error}. */
    static Outcome errorThrownAfter(int events, Error error) {
      Outcome o = new Outcome();
      o.troubleAfter = events;
      o.thrown = error;
      return o;
    }

    /** The stream carries {@code events} events, then nothing ever again until closed. */
    static Outcome stallAfter(int events) {
      Outcome o = new Outcome();
      o.troubleAfter = events;
      o.stall = true;
      return o;
    }

    /** The stream carries {@code events} events, then nothing for {@code pause}, then the rest. */
    static Outcome pauseAfter(int events, Duration pause) {
      Outcome o = new Outcome();
      o.troubleAfter = events;
      o.pause = pause;
      return o;
    }

    /** The stream carries {@code events} events, then ends without its end marker. */
    static Outcome endAfter(int events) {
      Outcome o = new Outcome();
      o.troubleAfter = events;
      o.endEarly = true;
      return o;
    }

    Outcome withUsage(Usage value) {
      this.usage = value;
      return this;
    }
  }

  static LlmException error(int status, String message, Duration retryAfter) {
    ErrorKind kind;
    switch (status) {
      case 401:
        kind = ErrorKind.AUTHENTICATION;
        break;
      case 403:
        kind = ErrorKind.PERMISSION_DENIED;
        break;
      case 404:
        kind = ErrorKind.NOT_FOUND;
        break;
      case 408:
      case 504:
        kind = ErrorKind.TIMEOUT;
        break;
      case 429:
        kind = ErrorKind.RATE_LIMITED;
        break;
      case 503:
      case 529:
        kind = ErrorKind.OVERLOADED;
        break;
      default:
        kind = status >= 500 ? ErrorKind.UPSTREAM_SERVER : ErrorKind.BAD_REQUEST;
    }
    return LlmException.builder(kind, message).upstreamStatus(status).upstreamType("type_" + status)
        .retryAfter(retryAfter).build();
  }

  static LlmException rateLimited() {
    return error(429, "slow down", null);
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<ForwardRequest> forwarded = new CopyOnWriteArrayList<>();
  /** The options of every call, in order: what the adapter would send upstream besides the request. */
  final List<CallOptions> callOptions = new CopyOnWriteArrayList<>();
  final List<String> closed = new CopyOnWriteArrayList<>();
  /** Streams the router closed, by provider. */
  final List<String> closedStreams = new CopyOnWriteArrayList<>();
  volatile LlmException failWith;
  private final Map<String, Deque<Outcome>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Outcome> byKey = new ConcurrentHashMap<>();
  private final ManualClock clock;

  RecordingAdapterFactory() {
    this(null);
  }

  RecordingAdapterFactory(ManualClock clock) {
    this.clock = clock;
  }

  /** Queues outcomes for the next calls to {@code provider}. */
  RecordingAdapterFactory script(String provider, Outcome... outcomes) {
    Deque<Outcome> queue = scripts.computeIfAbsent(provider, p -> new ArrayDeque<>());
    synchronized (queue) {
      queue.addAll(List.of(outcomes));
    }
    return this;
  }

  /** Every call made with key {@code keyValue} has this outcome. */
  RecordingAdapterFactory onKey(String keyValue, Outcome outcome) {
    byKey.put(keyValue, outcome);
    return this;
  }

  List<Call> callsTo(String provider) {
    List<Call> matching = new ArrayList<>();
    for (Call call : calls) {
      if (call.provider().equals(provider)) {
        matching.add(call);
      }
    }
    return matching;
  }

  private Outcome next(String provider, Secret key) {
    if (key != null && byKey.containsKey(key.reveal())) {
      return byKey.get(key.reveal());
    }
    Deque<Outcome> queue = scripts.get(provider);
    if (queue != null) {
      synchronized (queue) {
        if (!queue.isEmpty()) {
          return queue.poll();
        }
      }
    }
    if (failWith != null) {
      return Outcome.fail(failWith);
    }
    return new Outcome();
  }

  private void pass(Duration delay) {
    if (!delay.isZero()) {
      if (clock == null) {
        throw new AssertionError("a slow outcome needs a ManualClock");
      }
      clock.advance(delay);
    }
  }

  @Override
  public String type() {
    return "recording";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, AdapterResources resources) {
    String name = settings.name();
    return new ProviderAdapter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public WireFormat wireFormat() {
        return settings.wireFormat();
      }

      @Override
      public ChatResponse chat(ChatRequest request, CallOptions options) {
        calls.add(new Call(name, request.model(), options.apiKey(), "chat", options.timeout()));
        callOptions.add(options);
        Outcome outcome = next(name, options.apiKey());
        if (outcome.failAtOpen != null) {
          throw outcome.failAtOpen;
        }
        if (outcome.defect != null) {
          throw outcome.defect;
        }
        pass(outcome.delay);
        if (options.timeout() != null && outcome.delay.compareTo(options.timeout()) > 0) {
          throw LlmException.builder(ErrorKind.TIMEOUT, "call timed out").provider(name).build();
        }
        String text = outcome.text != null ? outcome.text : name + ":" + request.model();
        return ChatResponse.builder().model(request.model()).addContent(TextBlock.of(text))
            .stopReason(StopReason.of(StopReason.Kind.END_TURN)).usage(outcome.usage).build();
      }

      @Override
      public ChatStream stream(ChatRequest request, CallOptions options) {
        calls.add(new Call(name, request.model(), options.apiKey(), "stream", options.timeout()));
        callOptions.add(options);
        Outcome outcome = next(name, options.apiKey());
        if (outcome.failAtOpen != null) {
          throw outcome.failAtOpen;
        }
        if (outcome.defect != null) {
          throw outcome.defect;
        }
        String text = outcome.text != null ? outcome.text : "streamed";
        List<StreamEvent> events = List.of(
            new StreamEvent.MessageStart("m1", request.model(), null),
            new StreamEvent.BlockStart(0, TextBlock.of("")),
            new StreamEvent.TextDelta(0, text),
            new StreamEvent.BlockStop(0),
            new StreamEvent.UsageUpdate(outcome.usage),
            new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.END_TURN), null),
            new StreamEvent.MessageStop());
        ScriptedItems<StreamEvent> items =
            new ScriptedItems<>(name, events, outcome, error -> new StreamEvent.StreamError(error));
        return new ChatStream() {
          @Override
          public Iterator<StreamEvent> iterator() {
            return items;
          }

          @Override
          public void close() {
            items.close();
          }
        };
      }

      @Override
      public NativeResponse forward(ForwardRequest request, CallOptions options) {
        forwarded.add(request);
        calls.add(new Call(name, request.upstreamModel(), options.apiKey(), "forward", options.timeout()));
        callOptions.add(options);
        Outcome outcome = next(name, options.apiKey());
        if (outcome.failAtOpen != null) {
          throw outcome.failAtOpen;
        }
        if (outcome.defect != null) {
          throw outcome.defect;
        }
        String body = new String(request.body(), StandardCharsets.UTF_8);
        if (!request.stream()) {
          pass(outcome.delay);
          Usage usage = outcome.usage;
          return NativeResponse.whole(200, Map.of("x-forwarded", "true"),
              ("forwarded:" + body).getBytes(StandardCharsets.UTF_8)).withUsage(() -> usage);
        }
        // the toy format of LineCodec, in the chunks an upstream might send: a preamble, content, the end
        List<byte[]> chunks = List.of(
            "event: start\ndata: m1\n\n".getBytes(StandardCharsets.UTF_8),
            ("event: delta\ndata: forwarded " + body + "\n\n").getBytes(StandardCharsets.UTF_8),
            "data: [END]\n\n".getBytes(StandardCharsets.UTF_8));
        ScriptedItems<byte[]> items = new ScriptedItems<>(name, chunks, outcome,
            error -> ("event: error\ndata: " + error.kind() + "\n\n").getBytes(StandardCharsets.UTF_8));
        return NativeResponse.stream(Map.of("x-forwarded", "true"), new NativeResponse.BodyStream() {
          @Override
          public Iterator<byte[]> iterator() {
            return items;
          }

          @Override
          public void close() {
            items.close();
          }
        });
      }

      @Override
      public OptionalLong countTokens(ChatRequest request, CallOptions options) {
        calls.add(new Call(name, request.model(), options.apiKey(), "count", options.timeout()));
        callOptions.add(options);
        return OptionalLong.empty();
      }

      @Override
      public void close() {
        closed.add(name);
      }
    };
  }

  /** A stream's items, following an outcome's script. */
  private final class ScriptedItems<T> implements Iterator<T> {
    private final String provider;
    private final List<T> items;
    private final Outcome outcome;
    private final Function<LlmException, T> errorItem;
    private int position;
    private boolean delayed;
    private boolean paused;
    private boolean ended;
    private volatile boolean isClosed;

    ScriptedItems(String provider, List<T> items, Outcome outcome, Function<LlmException, T> errorItem) {
      this.provider = provider;
      this.items = items;
      this.outcome = outcome;
      this.errorItem = errorItem;
    }

    @Override
    public boolean hasNext() {
      if (ended || isClosed) {
        return false;
      }
      if (!delayed) {
        delayed = true;
        pass(outcome.delay);
        if (isClosed) {
          return false;
        }
      }
      if (position == outcome.troubleAfter) {
        if (outcome.pause != null && !paused) {
          paused = true;
          pass(outcome.pause);
          if (isClosed) {
            return false;
          }
        }
        if (outcome.thrown instanceof RuntimeException exception) {
          ended = true;
          throw exception;
        }
        if (outcome.thrown instanceof Error error) {
          ended = true;
          throw error;
        }
        if (outcome.endEarly) {
          ended = true;
          return false;
        }
        if (outcome.stall) {
          pass(Duration.ofHours(1));
          if (!isClosed) {
            throw new AssertionError("a stalled stream of " + provider + " was never closed");
          }
          return false;
        }
      }
      return position < items.size() || (position == outcome.troubleAfter && outcome.errorEvent != null);
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (position == outcome.troubleAfter && outcome.errorEvent != null) {
        ended = true;
        return errorItem.apply(outcome.errorEvent);
      }
      return items.get(position++);
    }

    void close() {
      if (!isClosed) {
        isClosed = true;
        closedStreams.add(provider);
      }
    }
  }
}
