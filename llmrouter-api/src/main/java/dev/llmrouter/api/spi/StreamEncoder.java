package dev.llmrouter.api.spi;

import dev.llmrouter.api.stream.StreamEvent;
import java.util.function.Consumer;

/**
 * Server side of a codec for one response stream: turns canonical events into this format's SSE
 * events with a small state machine (block indices, tool-call indices, item ids, sequence numbers).
 * Each event is written as soon as the format can express it. Stateful, one instance per stream,
 * not thread-safe.
 *
 * <p>After {@link StreamEvent.MessageStop} the encoder has written the format's terminal events
 * ({@code message_stop}, {@code [DONE]}, {@code response.completed}, the last Gemini chunk with its
 * {@code finishReason}); after {@link StreamEvent.StreamError}, the format's in-band error.
 */
public interface StreamEncoder {

  void encode(StreamEvent event, Consumer<SseEvent> out);
}
