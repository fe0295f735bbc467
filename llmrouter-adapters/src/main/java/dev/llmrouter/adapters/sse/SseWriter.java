package dev.llmrouter.adapters.sse;

import dev.llmrouter.api.spi.SseEvent;
import java.nio.charset.StandardCharsets;

/** Serialises {@link SseEvent}s (see {@link SseEvent#toWireText()}). */
public final class SseWriter {
  private SseWriter() {}

  public static String toText(SseEvent event) {
    return event.toWireText();
  }

  public static byte[] toBytes(SseEvent event) {
    return event.toWireText().getBytes(StandardCharsets.UTF_8);
  }
}
