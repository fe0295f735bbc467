package dev.llmrouter.core;

import dev.llmrouter.api.spi.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts server-sent-event bytes into events, across chunk boundaries. Core needs it only to look at
 * the first events of a passthrough stream (the adapters' parser is out of core's reach); lines end
 * with LF, CRLF or CR, which never occur inside a UTF-8 sequence, so only whole lines are decoded.
 */
final class SseFrames {
  private byte[] pending = new byte[0];
  private String event;
  private StringBuilder data;

  /** The events completed by {@code chunk}. */
  List<SseEvent> feed(byte[] chunk) {
    byte[] all = new byte[pending.length + chunk.length];
    System.arraycopy(pending, 0, all, 0, pending.length);
    System.arraycopy(chunk, 0, all, pending.length, chunk.length);
    List<SseEvent> events = new ArrayList<>();
    int lineStart = 0;
    int i = 0;
    while (i < all.length) {
      byte b = all[i];
      if (b != '\n' && b != '\r') {
        i++;
        continue;
      }
      if (b == '\r' && i + 1 == all.length) {
        break; // maybe the first half of CRLF: wait for the next chunk
      }
      line(new String(all, lineStart, i - lineStart, StandardCharsets.UTF_8), events);
      i += b == '\r' && all[i + 1] == '\n' ? 2 : 1;
      lineStart = i;
    }
    pending = Arrays.copyOfRange(all, lineStart, all.length);
    return events;
  }

  private void line(String line, List<SseEvent> events) {
    if (line.isEmpty()) {
      if (data != null) {
        events.add(new SseEvent(event, data.toString()));
      }
      event = null;
      data = null;
      return;
    }
    if (line.startsWith(":")) {
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("event")) {
      event = value;
    } else if (field.equals("data")) {
      data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
    }
  }
}
