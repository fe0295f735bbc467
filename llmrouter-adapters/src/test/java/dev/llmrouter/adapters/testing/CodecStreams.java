package dev.llmrouter.adapters.testing;

import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.api.stream.ChatResponseAccumulator;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.ArrayList;
import java.util.List;

/** Stream plumbing every codec test needs: parse SSE as a socket delivers it, decode, encode, fold. */
public final class CodecStreams {
  private CodecStreams() {}

  /** SSE bytes parsed as they would arrive from a socket, {@code chunk} bytes at a time. */
  public static List<SseEvent> parse(byte[] bytes, int chunk) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser();
    for (int i = 0; i < bytes.length; i += chunk) {
      parser.feed(bytes, i, Math.min(chunk, bytes.length - i), events::add);
    }
    parser.finish(events::add);
    return events;
  }

  /** An upstream's events through a fresh decoder of {@code codec}, {@code finish()} included. */
  public static List<StreamEvent> decode(WireCodec codec, List<SseEvent> events) {
    List<StreamEvent> canonical = new ArrayList<>();
    StreamDecoder decoder = codec.newStreamDecoder();
    for (SseEvent event : events) {
      decoder.decode(event, canonical::add);
    }
    decoder.finish(canonical::add);
    return canonical;
  }

  /** Canonical events through {@code encoder}. */
  public static List<SseEvent> encode(StreamEncoder encoder, List<StreamEvent> events) {
    List<SseEvent> sse = new ArrayList<>();
    for (StreamEvent event : events) {
      encoder.encode(event, sse::add);
    }
    return sse;
  }

  /** Canonical events through a fresh encoder of {@code codec} for {@code request}. */
  public static List<SseEvent> encode(WireCodec codec, ChatRequest request, List<StreamEvent> events) {
    return encode(codec.newStreamEncoder(request), events);
  }

  public static ChatResponse accumulate(List<StreamEvent> events) {
    ChatResponseAccumulator accumulator = new ChatResponseAccumulator();
    events.forEach(accumulator::accept);
    return accumulator.toResponse();
  }
}
