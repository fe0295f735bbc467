package dev.llmrouter.adapters.http;

import dev.llmrouter.adapters.codec.ErrorMapping;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client-side codec with a trivial dialect, so that the adapter can be tested before the real codecs
 * exist. Requests: {@code {"model":…,"stream":…,"text":…}}; responses: {@code {"text":"…"}}; stream
 * data lines: {@code start}, {@code t:<text>}, {@code stop}, {@code boom} (undecodable),
 * {@code pad:…} (ignored), and an {@code error} event. It records what {@link #decodeError} saw.
 */
final class FakeCodec implements WireCodec {
  private static final Pattern TEXT = Pattern.compile("\"text\":\"([^\"]*)\"");

  /** What the adapter passed to {@link #decodeError}. */
  record ErrorCall(int status, String retryAfter, String retryAfterMs, String body) {}

  private final WireFormat format;
  private final boolean finishCompletesGrammar;
  private final boolean failOnErrors;
  volatile ErrorCall lastError;

  FakeCodec(WireFormat format) {
    this(format, true, false);
  }

  /**
   * @param finishCompletesGrammar whether the decoder emits a StreamError at an early EOF, as the SPI asks
   * @param failOnErrors whether {@link #decodeError} throws, as a buggy codec might on an HTML body
   */
  FakeCodec(WireFormat format, boolean finishCompletesGrammar, boolean failOnErrors) {
    this.format = format;
    this.finishCompletesGrammar = finishCompletesGrammar;
    this.failOnErrors = failOnErrors;
  }

  @Override
  public WireFormat format() {
    return format;
  }

  @Override
  public byte[] encodeRequest(ChatRequest request, boolean stream) {
    ContentBlock last = request.messages().get(request.messages().size() - 1).content().get(0);
    String text = ((TextBlock) last).text();
    return ("{\"model\":\"" + request.model() + "\",\"stream\":" + stream + ",\"text\":\"" + text + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public ChatResponse decodeResponse(byte[] body) {
    Matcher m = TEXT.matcher(new String(body, StandardCharsets.UTF_8));
    if (!m.find()) {
      throw LlmException.builder(ErrorKind.UPSTREAM_SERVER, "fake upstream answer has no text").build();
    }
    return ChatResponse.builder()
        .id("msg_1")
        .model("fake-model")
        .addContent(TextBlock.of(m.group(1)))
        .stopReason(StopReason.of(StopReason.Kind.END_TURN, "stop"))
        .usage(Usage.ZERO)
        .build();
  }

  @Override
  public LlmException decodeError(int status, Function<String, String> headers, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    lastError = new ErrorCall(status, headers.apply("Retry-After"), headers.apply("retry-after-ms"), text);
    if (failOnErrors) {
      throw new IllegalStateException("not JSON: " + text);
    }
    return LlmException.builder(ErrorMapping.kindForStatus(status), ErrorMapping.safeMessage(text, status))
        .upstreamStatus(status)
        .retryAfter(ErrorMapping.retryAfter(headers))
        .build();
  }

  @Override
  public StreamDecoder newStreamDecoder() {
    return new StreamDecoder() {
      private boolean stopped;

      @Override
      public void decode(SseEvent event, Consumer<StreamEvent> out) {
        String data = event.data();
        if ("error".equals(event.event())) {
          stopped = true;
          out.accept(new StreamEvent.StreamError(LlmException.builder(ErrorKind.OVERLOADED, data).build()));
        } else if (data.equals("start")) {
          out.accept(new StreamEvent.MessageStart("msg_1", "fake-model", Usage.ZERO));
          out.accept(new StreamEvent.BlockStart(0, TextBlock.of("")));
        } else if (data.startsWith("t:")) {
          out.accept(new StreamEvent.TextDelta(0, data.substring(2)));
        } else if (data.equals("stop")) {
          stopped = true;
          out.accept(new StreamEvent.BlockStop(0));
          out.accept(new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.END_TURN, "stop"), null));
          out.accept(new StreamEvent.MessageStop());
        } else if (data.equals("boom")) {
          throw LlmException.builder(ErrorKind.UPSTREAM_SERVER, "fake upstream sent an undecodable event").build();
        }
      }

      @Override
      public void finish(Consumer<StreamEvent> out) {
        if (!stopped && finishCompletesGrammar) {
          out.accept(new StreamEvent.StreamError(
              LlmException.builder(ErrorKind.CONNECTION, "fake stream cut before stop").build()));
        }
      }
    };
  }

  @Override
  public ChatRequest decodeRequest(byte[] body) {
    throw new UnsupportedOperationException("client side only");
  }

  @Override
  public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
    throw new UnsupportedOperationException("client side only");
  }

  /** Only the in-band error a passthrough stream needs: {@code event: error / data: <kind>}. */
  @Override
  public StreamEncoder newStreamEncoder(ChatRequest request) {
    return (event, out) -> {
      if (event instanceof StreamEvent.StreamError error) {
        out.accept(new SseEvent("error", error.error().kind().name()));
      }
    };
  }

  @Override
  public byte[] encodeModelList(java.util.List<String> models) {
    throw new UnsupportedOperationException("client side only");
  }

  @Override
  public EncodedError encodeError(LlmException error) {
    throw new UnsupportedOperationException("client side only");
  }
}
