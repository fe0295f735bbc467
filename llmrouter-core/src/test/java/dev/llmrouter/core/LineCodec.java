package dev.llmrouter.core;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.spi.TokenCountCodec;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.api.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A toy codec for router tests (core has no JSON): a request body is {@code model|stream|text}, a
 * response is {@code answer:<text>}, a stream is {@code event: start}, {@code event: delta} with the
 * text, {@code data: [END]}, an in-band error {@code event: error} with the kind; errors
 * {@code error:<kind>}. Both directions of streams work, so passthrough streams can be peeked.
 */
final class LineCodec implements WireCodec, TokenCountCodec {
  private final WireFormat format;

  LineCodec(WireFormat format) {
    this.format = format;
  }

  @Override
  public WireFormat format() {
    return format;
  }

  @Override
  public ChatRequest decodeRequest(byte[] body) {
    String[] parts = new String(body, StandardCharsets.UTF_8).split("\\|", 3);
    if (parts.length != 3) {
      throw LlmException.builder(ErrorKind.BAD_REQUEST, "expected model|stream|text").build();
    }
    return ChatRequest.builder().model(parts[0]).stream(Boolean.parseBoolean(parts[1]))
        .addMessage(Message.user(parts[2])).build();
  }

  @Override
  public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
    return ("answer:" + response.text()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public StreamEncoder newStreamEncoder(ChatRequest request) {
    return (event, out) -> {
      if (event instanceof StreamEvent.TextDelta d) {
        out.accept(new SseEvent("delta", d.text()));
      } else if (event instanceof StreamEvent.MessageStop) {
        out.accept(SseEvent.data("[END]"));
      } else if (event instanceof StreamEvent.StreamError e) {
        out.accept(new SseEvent("error", e.error().kind().name()));
      }
    };
  }

  @Override
  public EncodedError encodeError(LlmException error) {
    return new EncodedError(error.httpStatus(), Map.of(), ("error:" + error.kind()).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] encodeModelList(List<String> models) {
    return ("models:" + String.join(",", models)).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] encodeRequest(ChatRequest request, boolean stream) {
    throw new UnsupportedOperationException("server side only");
  }

  /** Any body is an answer whose text is the body without its {@code answer:} prefix. */
  @Override
  public ChatResponse decodeResponse(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return ChatResponse.builder().addContent(TextBlock.of(text.startsWith("answer:") ? text.substring(7) : text))
        .build();
  }

  @Override
  public StreamDecoder newStreamDecoder() {
    return new StreamDecoder() {
      private boolean started;
      private boolean ended;

      @Override
      public void decode(SseEvent event, Consumer<StreamEvent> out) {
        if ("start".equals(event.event())) {
          out.accept(new StreamEvent.MessageStart(event.data(), null, null));
        } else if ("delta".equals(event.event())) {
          if (!started) {
            started = true;
            out.accept(new StreamEvent.BlockStart(0, TextBlock.of("")));
          }
          out.accept(new StreamEvent.TextDelta(0, event.data()));
        } else if ("error".equals(event.event())) {
          ended = true;
          out.accept(new StreamEvent.StreamError(LlmException.builder(ErrorKind.valueOf(event.data()), "in-band").build()));
        } else if ("[END]".equals(event.data())) {
          ended = true;
          out.accept(new StreamEvent.MessageStop());
        }
      }

      @Override
      public void finish(Consumer<StreamEvent> out) {
        if (!ended) {
          ended = true;
          out.accept(new StreamEvent.StreamError(LlmException.builder(ErrorKind.CONNECTION, "cut").build()));
        }
      }
    };
  }

  @Override
  public LlmException decodeError(int status, Function<String, String> headers, byte[] body) {
    throw new UnsupportedOperationException("server side only");
  }

  @Override
  public ChatRequest decodeCountTokensRequest(byte[] body) {
    return decodeRequest(body);
  }

  @Override
  public byte[] encodeCountTokensResponse(long inputTokens, boolean estimated) {
    return ("tokens:" + inputTokens).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] encodeCountTokensRequest(ChatRequest request) {
    throw new UnsupportedOperationException("server side only");
  }

  @Override
  public long decodeCountTokensResponse(byte[] body) {
    throw new UnsupportedOperationException("server side only");
  }
}
