package dev.llmrouter.core.governance;

import dev.llmrouter.api.NativeResponse;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Adapters of type "fake": each provider answers by its script, a function of the request, with a
 * usage; a reply may fail before answering or, for streams, break after its first text.
 */
final class FakeUpstream implements ProviderAdapterFactory {
  /** What one call does. */
  record Reply(Usage usage, LlmException failAtOpen, LlmException breakAfterText) {
    static Reply answer(long input, long output) {
      return new Reply(Usage.builder().inputTokens(input).outputTokens(output).build(), null, null);
    }

    static Reply withUsage(Usage usage) {
      return new Reply(usage, null, null);
    }

    static Reply fail(int status) {
      return new Reply(null, LlmException.builder(status == 429 ? ErrorKind.RATE_LIMITED : ErrorKind.UPSTREAM_SERVER,
          "upstream said " + status).upstreamStatus(status).build(), null);
    }

    /** A stream that reports {@code soFar} and then breaks. */
    static Reply breakAfter(Usage soFar) {
      return new Reply(soFar, null, LlmException.builder(ErrorKind.CONNECTION, "connection reset").build());
    }
  }

  record Call(String provider, String model, Integer maxTokens) {}

  private final Map<String, Function<ChatRequest, Reply>> scripts = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();

  FakeUpstream script(String provider, Function<ChatRequest, Reply> script) {
    scripts.put(provider, script);
    return this;
  }

  private Reply next(String provider, ChatRequest request) {
    calls.add(new Call(provider, request.model(), request.settings().maxTokens()));
    Function<ChatRequest, Reply> script = scripts.get(provider);
    Reply reply = script == null ? Reply.answer(10, 10) : script.apply(request);
    if (reply.failAtOpen() != null) {
      throw reply.failAtOpen().toBuilder().provider(provider).build();
    }
    return reply;
  }

  @Override
  public String type() {
    return "fake";
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
        Reply reply = next(name, request);
        return ChatResponse.builder().model(request.model()).addContent(TextBlock.of(name + ":" + request.model()))
            .stopReason(StopReason.of(StopReason.Kind.END_TURN)).usage(reply.usage()).build();
      }

      @Override
      public ChatStream stream(ChatRequest request, CallOptions options) {
        Reply reply = next(name, request);
        List<StreamEvent> events = new ArrayList<>(List.of(
            new StreamEvent.MessageStart("m1", request.model(), null),
            new StreamEvent.BlockStart(0, TextBlock.of("")),
            new StreamEvent.TextDelta(0, "streamed"),
            new StreamEvent.UsageUpdate(reply.usage())));
        if (reply.breakAfterText() != null) {
          events.add(new StreamEvent.StreamError(reply.breakAfterText()));
        } else {
          events.add(new StreamEvent.BlockStop(0));
          events.add(new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.END_TURN), null));
          events.add(new StreamEvent.MessageStop());
        }
        Iterator<StreamEvent> iterator = events.iterator();
        return new ChatStream() {
          @Override
          public Iterator<StreamEvent> iterator() {
            return iterator;
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public NativeResponse forward(ForwardRequest request, CallOptions options) {
        throw new UnsupportedOperationException("no passthrough in these tests");
      }

      @Override
      public OptionalLong countTokens(ChatRequest request, CallOptions options) {
        return OptionalLong.empty();
      }
    };
  }
}
