package dev.llmrouter.adapters.sse;

import dev.llmrouter.api.spi.SseEvent;
import java.nio.charset.StandardCharsets;

/** Serialises {@link SseEvent}s: an {@code event:} line when named, one {@code data:} line per payload line, a blank line. */
public final class SseWriter {
  private SseWriter() {}

  public static String toText(SseEvent event) {
    StringBuilder sb = new StringBuilder(event.data().length() + 32);
    if (event.event() != null) {
      sb.append("event: ").append(event.event()).append('\n');
    }
    String data = event.data();
    int start = 0;
    while (true) {
      int nl = data.indexOf('\n', start);
      sb.append("data: ").append(data, start, nl < 0 ? data.length() : nl).append('\n');
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    return sb.append('\n').toString();
  }

  public static byte[] toBytes(SseEvent event) {
    return toText(event).getBytes(StandardCharsets.UTF_8);
  }
}
