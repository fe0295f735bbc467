package dev.llmrouter.api.spi;

import java.util.Objects;

/**
 * One server-sent event: an optional {@code event:} name and its {@code data:} payload (several data
 * lines already joined with {@code \n}). Comments and keep-alives are never turned into events.
 *
 * @param event the event name, or {@code null} when the frame had no {@code event:} line
 * @param data the payload, e.g. one JSON object or {@code [DONE]}
 */
public record SseEvent(String event, String data) {
  public SseEvent {
    Objects.requireNonNull(data, "data");
  }

  public static SseEvent data(String data) {
    return new SseEvent(null, data);
  }

  /**
   * The event on the wire: an {@code event:} line when named, one {@code data:} line per payload
   * line, and the blank line that ends it.
   */
  public String toWireText() {
    StringBuilder sb = new StringBuilder(data.length() + 32);
    if (event != null) {
      sb.append("event: ").append(event).append('\n');
    }
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
}
