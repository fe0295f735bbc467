package dev.llmrouter.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request exactly as a client sent it in one wire format: the body bytes and the headers, plus the
 * parts some formats carry in the URL (Gemini's model and its streaming switch). This is what the
 * proxy hands to the router's native entry point; a library user can build one too.
 */
public final class NativeRequest {
  /** What the client asks for. */
  public enum Operation {
    /** Messages, chat completions, responses, generateContent / streamGenerateContent. */
    GENERATE,
    /** Anthropic {@code count_tokens}, Gemini {@code countTokens}. */
    COUNT_TOKENS
  }

  private final WireFormat format;
  private final Operation operation;
  private final byte[] body;
  private final Map<String, String> headers;
  private final String model;
  private final Boolean stream;
  private final String credential;

  private NativeRequest(Builder b) {
    this.format = b.format;
    this.operation = b.operation;
    this.body = b.body;
    this.headers = Map.copyOf(b.headers);
    this.model = b.model;
    this.stream = b.stream;
    this.credential = b.credential;
  }

  public static Builder builder(WireFormat format, byte[] body) {
    return new Builder(format, body);
  }

  public WireFormat format() {
    return format;
  }

  public Operation operation() {
    return operation;
  }

  /** The body as received; do not modify. */
  public byte[] body() {
    return body;
  }

  /** Request headers with lower-case names. */
  public Map<String, String> headers() {
    return headers;
  }

  /** A header by name, case-insensitively, or {@code null}. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The model named in the URL (Gemini), or {@code null} when the body names it. */
  public String model() {
    return model;
  }

  /** Whether the URL asks for a stream (Gemini {@code :streamGenerateContent}), or {@code null} when the body says. */
  public Boolean stream() {
    return stream;
  }

  /**
   * The caller's credential for the router's own access control (a virtual key), when the proxy took
   * it from somewhere else than the usual headers; {@code null} otherwise. Never shown by
   * {@link #toString()}.
   */
  public String credential() {
    return credential;
  }

  /** Shows the shape only: headers may hold credentials and the body may hold personal data. */
  @Override
  public String toString() {
    return "NativeRequest{" + format.id() + " " + operation + ", " + body.length + " bytes"
        + (model == null ? "" : ", model=" + model) + "}";
  }

  public static final class Builder {
    private final WireFormat format;
    private final byte[] body;
    private Operation operation = Operation.GENERATE;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String model;
    private Boolean stream;
    private String credential;

    private Builder(WireFormat format, byte[] body) {
      this.format = Objects.requireNonNull(format, "format");
      this.body = Objects.requireNonNull(body, "body");
    }

    public Builder operation(Operation value) {
      this.operation = Objects.requireNonNull(value, "operation");
      return this;
    }

    /** Adds a header; the name is lower-cased, a repeated name keeps the first value. */
    public Builder header(String name, String value) {
      if (name != null && value != null) {
        headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      }
      return this;
    }

    public Builder headers(Map<String, String> values) {
      values.forEach(this::header);
      return this;
    }

    public Builder model(String value) {
      this.model = value;
      return this;
    }

    public Builder stream(Boolean value) {
      this.stream = value;
      return this;
    }

    /** The caller's virtual key, when it does not come in the {@code authorization}, {@code x-api-key} or {@code x-goog-api-key} header. */
    public Builder credential(String value) {
      this.credential = value;
      return this;
    }

    public NativeRequest build() {
      return new NativeRequest(this);
    }
  }
}
