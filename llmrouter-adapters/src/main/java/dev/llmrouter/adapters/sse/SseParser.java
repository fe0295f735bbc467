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
  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

  /** The start of a line whose end has not arrived yet. */
  private byte[] partial = new byte[256];
  private int partialLength;
  private boolean lastWasCr;
  private String eventName;
  /** The first data line of the event being read, or {@code null} before it. */
  private String data;
  /** The data lines joined, once a second one arrived (rare: JSON payloads are one line). */
  private StringBuilder moreData;

  /**
   * Parses {@code length} bytes from {@code bytes[offset]}, emitting each complete event. A line that
   * lies whole in one chunk is decoded straight from it; only a line cut by the chunk's end is copied.
   */
  public void feed(byte[] bytes, int offset, int length, Consumer<SseEvent> out) {
    int end = offset + length;
    int i = offset;
    if (lastWasCr && i < end) {
      lastWasCr = false;
      if (bytes[i] == '\n') {
        i++; // second half of a CRLF cut between two chunks
      }
    }
    while (i < end) {
      int lineStart = i;
      while (i < end && bytes[i] != '\n' && bytes[i] != '\r') {
        i++;
      }
      if (i == end) {
        keepPartial(bytes, lineStart, end - lineStart);
        return;
      }
      if (partialLength == 0) {
        line(bytes, lineStart, i - lineStart, out);
      } else {
        keepPartial(bytes, lineStart, i - lineStart);
        int partialEnd = partialLength;
        partialLength = 0;
        line(partial, 0, partialEnd, out);
      }
      if (bytes[i++] == '\r') {
        if (i == end) {
          lastWasCr = true;
        } else if (bytes[i] == '\n') {
          i++;
        }
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
    if (partialLength > 0) {
      int partialEnd = partialLength;
      partialLength = 0;
      line(partial, 0, partialEnd, out);
    }
    dispatch(out);
  }

  private void keepPartial(byte[] bytes, int start, int length) {
    if (partialLength + length > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + length));
    }
    System.arraycopy(bytes, start, partial, partialLength, length);
    partialLength += length;
  }

  private void line(byte[] bytes, int start, int length, Consumer<SseEvent> out) {
    if (length == 0) {
      dispatch(out);
      return;
    }
    if (bytes[start] == ':') {
      return; // comment / keep-alive
    }
    int end = start + length;
    int colon = start;
    while (colon < end && bytes[colon] != ':') {
      colon++;
    }
    int valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && bytes[valueStart] == ' ') {
      valueStart++;
    }
    if (Arrays.equals(bytes, start, colon, DATA, 0, DATA.length)) {
      String value = new String(bytes, valueStart, end - valueStart, StandardCharsets.UTF_8);
      if (data == null) {
        data = value;
      } else {
        if (moreData == null) {
          moreData = new StringBuilder(data);
        }
        moreData.append('\n').append(value);
      }
    } else if (Arrays.equals(bytes, start, colon, EVENT, 0, EVENT.length)) {
      eventName = new String(bytes, valueStart, end - valueStart, StandardCharsets.UTF_8);
    }
  }

  private void dispatch(Consumer<SseEvent> out) {
    if (data != null) {
      SseEvent event = new SseEvent(
          eventName == null || eventName.isEmpty() ? null : eventName, moreData == null ? data : moreData.toString());
      data = null;
      moreData = null;
      eventName = null;
      out.accept(event);
    } else {
      eventName = null;
    }
  }
}
