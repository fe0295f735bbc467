package dev.llmrouter.api.spi;

import dev.llmrouter.api.stream.StreamEvent;
import java.util.function.Consumer;

/**
 * Client side of a codec for one upstream stream: turns the upstream's SSE events into canonical
 * events (see the grammar on {@link StreamEvent}). Stateful, one instance per stream, not
 * thread-safe.
 */
public interface StreamDecoder {

  /**
   * Decodes one upstream event into zero or more canonical events, emitted as soon as they can be
   * (no buffering beyond what the canonical grammar needs). Unknown event types are ignored.
   */
  void decode(SseEvent event, Consumer<StreamEvent> out);

  /**
   * The upstream closed the stream. Emits whatever completes the canonical grammar: for protocols
   * without an end marker (Gemini) the closing events; when the upstream was cut before its end
   * marker, a {@link StreamEvent.StreamError} with a {@code ConnectionException}. Emits nothing when
   * the stream already ended.
   */
  void finish(Consumer<StreamEvent> out);
}
