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
}
