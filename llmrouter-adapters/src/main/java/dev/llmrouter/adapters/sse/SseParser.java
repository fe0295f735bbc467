package dev.llmrouter.adapters.sse;

import dev.llmrouter.api.spi.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An incremental server-sent-events parser. Feed it bytes as they arrive, in chunks of any size: a
 * chunk may end inside a line, inside a CRLF pair or inside a UTF-8 sequence (bytes are decoded per
 * complete line). Lines may end in LF, CRLF or CR. Several {@code data:} lines are joined with
 * {@code \n}; comment lines ({@code :keep-alive}) are skipped; {@code id:} and {@code retry:} are
 * ignored. Not thread-safe: one parser per stream.
 */
public final class SseParser {
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean lastWasCr;
  private String eventName;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;

  /** Parses {@code length} bytes from {@code bytes[offset]}, emitting each complete event. */
  public void feed(byte[] bytes, int offset, int length, Consumer<SseEvent> out) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        if (lastWasCr) {
          lastWasCr = false; // second half of CRLF
          continue;
        }
        endLine(out);
      } else if (b == '\r') {
        lastWasCr = true;
        endLine(out);
      } else {
        lastWasCr = false;
        if (lineLength == line.length) {
          line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
      }
    }
  }

  public void feed(byte[] bytes, Consumer<SseEvent> out) {
    feed(bytes, 0, bytes.length, out);
  }

  /**
   * The input ended. An event whose blank line never came is still emitted when it has data: some
   * servers close right after the last {@code data:} line.
   */
  public void finish(Consumer<SseEvent> out) {
    if (lineLength > 0) {
      endLine(out);
    }
    dispatch(out);
  }

  private void endLine(Consumer<SseEvent> out) {
    if (lineLength == 0) {
      dispatch(out);
      return;
    }
    String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
    lineLength = 0;
    if (text.charAt(0) == ':') {
      return; // comment / keep-alive
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (!value.isEmpty() && value.charAt(0) == ' ') {
      value = value.substring(1);
    }
    if ("data".equals(field)) {
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    } else if ("event".equals(field)) {
      eventName = value;
    }
  }

  private void dispatch(Consumer<SseEvent> out) {
    if (hasData) {
      SseEvent event = new SseEvent(eventName == null || eventName.isEmpty() ? null : eventName, data.toString());
      data.setLength(0);
      hasData = false;
      eventName = null;
      out.accept(event);
    } else {
      eventName = null;
    }
  }
}
