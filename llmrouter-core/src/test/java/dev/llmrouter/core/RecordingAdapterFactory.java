package dev.llmrouter.core;

import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ForwardRequest;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.ProviderSettings;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.Iterator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake adapter type "recording": answers "<provider>:<model>" and records every call. */
final class RecordingAdapterFactory implements ProviderAdapterFactory {
  record Call(String provider, String model, Secret key) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<ForwardRequest> forwarded = new CopyOnWriteArrayList<>();
  final List<String> closed = new CopyOnWriteArrayList<>();
  volatile LlmException failWith;

  @Override
  public String type() {
    return "recording";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, AdapterResources resources) {
    return new ProviderAdapter() {
      @Override
      public String name() {
        return settings.name();
      }

      @Override
      public WireFormat wireFormat() {
        return settings.wireFormat();
      }

      @Override
      public ChatResponse chat(ChatRequest request, CallOptions options) {
        calls.add(new Call(settings.name(), request.model(), options.apiKey()));
        if (failWith != null) {
          throw failWith;
        }
        return ChatResponse.builder().model(request.model()).addContent(TextBlock.of(settings.name() + ":" + request.model())).build();
      }

      @Override
      public ChatStream stream(ChatRequest request, CallOptions options) {
        calls.add(new Call(settings.name(), request.model(), options.apiKey()));
        List<StreamEvent> events = List.of(
            new StreamEvent.MessageStart("m1", request.model(), null),
            new StreamEvent.BlockStart(0, TextBlock.of("")),
            new StreamEvent.TextDelta(0, "streamed"),
            new StreamEvent.BlockStop(0),
            new StreamEvent.MessageStop());
        return new ChatStream() {
          @Override
          public Iterator<StreamEvent> iterator() {
            return events.iterator();
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public NativeResponse forward(ForwardRequest request, CallOptions options) {
        forwarded.add(request);
        calls.add(new Call(settings.name(), request.upstreamModel(), options.apiKey()));
        if (failWith != null) {
          throw failWith;
        }
        return NativeResponse.whole(200, Map.of("x-forwarded", "true"),
            ("forwarded:" + new String(request.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public OptionalLong countTokens(ChatRequest request, CallOptions options) {
        return OptionalLong.empty();
      }

      @Override
      public void close() {
        closed.add(settings.name());
      }
    };
  }

  static LlmException rateLimited() {
    return LlmException.builder(ErrorKind.RATE_LIMITED, "slow down").upstreamStatus(429).build();
  }
}
