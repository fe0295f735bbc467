package dev.llmrouter.api;

import dev.llmrouter.api.model.Usage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An answer in the client's own wire format: a status, headers and either a whole body or a stream
 * of body chunks (server-sent events, each chunk ready to be written and flushed). Close it when done:
 * closing a stream early cancels the upstream call.
 */
public final class NativeResponse implements AutoCloseable {
  /** Chunks of a streamed body, produced as the upstream answers. One-shot. */
  public interface BodyStream extends Iterable<byte[]>, AutoCloseable {
    @Override
    Iterator<byte[]> iterator();

    /** Cancels the upstream call if it is still running. Idempotent. */
    @Override
    void close();
  }

  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;
  private final BodyStream stream;
  private final Supplier<Usage> usage;

  private NativeResponse(
      int status, Map<String, String> headers, byte[] body, BodyStream stream, Supplier<Usage> usage) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = body;
    this.stream = stream;
    this.usage = usage;
  }

  /** A whole body (JSON by default content type). */
  public static NativeResponse whole(int status, Map<String, String> headers, byte[] body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", "application/json");
    h.putAll(headers);
    return new NativeResponse(status, h, Objects.requireNonNull(body, "body"), null, null);
  }

  /** A 200 event stream. */
  public static NativeResponse stream(Map<String, String> headers, BodyStream stream) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", "text/event-stream");
    h.put("cache-control", "no-cache");
    h.putAll(headers);
    return new NativeResponse(200, h, null, Objects.requireNonNull(stream, "stream"), null);
  }

  /**
   * A copy that reports usage: for a stream, {@code usage} is read when asked and returns what the
   * stream has reported so far (final once the body is consumed).
   */
  public NativeResponse withUsage(Supplier<Usage> usage) {
    return new NativeResponse(status, headers, body, stream, usage);
  }

  /** A copy with one more header (lower-case name). */
  public NativeResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name.toLowerCase(Locale.ROOT), value);
    return new NativeResponse(status, h, body, stream, usage);
  }

  /**
   * The tokens the answer used, as the upstream reported them (estimated parts flagged), or
   * {@code null} when unknown (an error, or an upstream that reported none).
   */
  public Usage usage() {
    return usage == null ? null : usage.get();
  }

  public int status() {
    return status;
  }

  /** Response headers, lower-case names. */
  public Map<String, String> headers() {
    return headers;
  }

  public boolean isStream() {
    return stream != null;
  }

  /** The whole body; {@code null} for a stream. */
  public byte[] body() {
    return body;
  }

  /** The streamed body; {@code null} for a whole body. */
  public BodyStream bodyStream() {
    return stream;
  }

  @Override
  public void close() {
    if (stream != null) {
      stream.close();
    }
  }

  @Override
  public String toString() {
    return "NativeResponse{status=" + status + (stream != null ? ", stream" : ", " + body.length + " bytes") + "}";
  }
}
