package dev.llmrouter.adapters.codec;

import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.RequestHead;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;

/**
 * Replaces the top-level {@code "model"} of a JSON request body by splicing bytes, so that everything
 * else (key order, spacing, numbers, unknown fields, tool-argument strings, signatures) stays exactly
 * as the client sent it. Used by passthrough, on every request: it finds the field with a scan of the
 * bytes (strings, nesting and separators) rather than a tokenizing parser, and copies the body once,
 * or not at all when the model is already the right one.
 *
 * <p>The same scan reads what routing needs of a request ({@link #peek}: model and stream flag) and
 * finds one top-level field of an answer ({@link #topLevelValue}: its usage), so that passthrough never
 * tokenizes a whole body.
 */
public final class ModelField {
  private static final byte[] MODEL = "model".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STREAM = "stream".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MODEL_KEY = "\"model\":".getBytes(StandardCharsets.US_ASCII);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** The bytes a nested value's scan stops at: quotes and brackets. */
  private static final boolean[] STRUCTURAL = new boolean[256];

  static {
    for (char c : new char[] {'"', '{', '}', '[', ']'}) {
      STRUCTURAL[c] = true;
    }
  }

  private ModelField() {}

  /**
   * The body with its top-level {@code model} set to {@code model}; a body without one gets it as its
   * first field. When several top-level {@code model} fields exist, the last one is replaced, the one
   * a JSON parser keeps. Returns {@code body} itself when its model already is {@code model}.
   *
   * <p>The check of the body is structural (an object, closed strings, balanced brackets, nothing
   * after the object): the router has parsed the body before it forwards it.
   *
   * @throws LlmException BAD_REQUEST when the body is not a JSON object
   */
  public static byte[] replace(byte[] body, String model) {
    Scan scan = new Scan(body);
    scan.run();
    byte[] quoted = quote(model);
    if (scan.valueStart >= 0) {
      int valueLength = scan.valueEnd - scan.valueStart;
      if (Arrays.equals(body, scan.valueStart, scan.valueEnd, quoted, 0, quoted.length)) {
        return body;
      }
      byte[] out = new byte[body.length - valueLength + quoted.length];
      System.arraycopy(body, 0, out, 0, scan.valueStart);
      System.arraycopy(quoted, 0, out, scan.valueStart, quoted.length);
      System.arraycopy(body, scan.valueEnd, out, scan.valueStart + quoted.length, body.length - scan.valueEnd);
      return out;
    }
    int afterBrace = scan.objectStart + 1;
    boolean comma = !scan.empty;
    byte[] out = new byte[body.length + MODEL_KEY.length + quoted.length + (comma ? 1 : 0)];
    System.arraycopy(body, 0, out, 0, afterBrace);
    int at = afterBrace;
    System.arraycopy(MODEL_KEY, 0, out, at, MODEL_KEY.length);
    at += MODEL_KEY.length;
    System.arraycopy(quoted, 0, out, at, quoted.length);
    at += quoted.length;
    if (comma) {
      out[at++] = ',';
    }
    System.arraycopy(body, afterBrace, out, at, body.length - afterBrace);
    return out;
  }

  /**
   * The top-level {@code model} and {@code stream} of a request body, by the same scan (the last one
   * of each, as a parser keeps), for routing a passthrough call without decoding the body. Returns
   * {@code null} when they cannot be read plainly: the body is not a JSON object, the model is not a
   * string without escapes, or {@code stream} is not {@code true} or {@code false}. A missing model
   * reads as {@code null}, a missing stream as {@code false}.
   */
  public static RequestHead peek(byte[] body) {
    Scan scan = new Scan(body);
    scan.otherKey = STREAM;
    try {
      scan.run();
    } catch (LlmException notAnObject) {
      return null;
    }
    if (scan.lastModelNested) {
      return null;
    }
    String model = null;
    if (scan.valueStart >= 0) {
      if (body[scan.valueStart] != '"') {
        return null;
      }
      for (int i = scan.valueStart + 1; i < scan.valueEnd - 1; i++) {
        if (body[i] == '\\') {
          return null;
        }
      }
      model = new String(body, scan.valueStart + 1, scan.valueEnd - scan.valueStart - 2, StandardCharsets.UTF_8);
    }
    boolean stream = false;
    if (scan.otherStart >= 0) {
      if (Arrays.equals(body, scan.otherStart, scan.otherEnd, TRUE, 0, TRUE.length)) {
        stream = true;
      } else if (!Arrays.equals(body, scan.otherStart, scan.otherEnd, FALSE, 0, FALSE.length)) {
        return null;
      }
    }
    return new RequestHead(model, stream);
  }

  /**
   * Where the value of the top-level field {@code name} lies in {@code body} ({@code [start, end)}, the
   * last one when repeated, as a parser keeps), or {@code null} when the object has none: for reading one
   * field of a body (the usage of an answer) without tokenizing the rest.
   *
   * @throws LlmException BAD_REQUEST when the body is not a JSON object
   */
  static int[] topLevelValue(byte[] body, String name) {
    Scan scan = new Scan(body);
    scan.otherKey = name.getBytes(StandardCharsets.UTF_8);
    scan.run();
    return scan.otherStart < 0 ? null : new int[] {scan.otherStart, scan.otherEnd};
  }

  /**
   * The model as a JSON string. Model names are printable ASCII, which JSON needs no escape for but
   * the quote and the backslash; anything else goes through Jackson.
   */
  private static byte[] quote(String model) {
    int length = model.length();
    byte[] quoted = new byte[length + 2];
    quoted[0] = '"';
    for (int i = 0; i < length; i++) {
      char c = model.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return JsonSupport.MAPPER.writeValueAsBytes(model);
      }
      quoted[i + 1] = (byte) c;
    }
    quoted[length + 1] = '"';
    return quoted;
  }

  /**
   * One pass over the top-level object. JSON's structural characters are ASCII and no byte of a
   * multi-byte UTF-8 sequence is ASCII, so the bytes can be scanned without decoding them.
   */
  private static final class Scan {
    private final byte[] body;
    private int pos;
    int objectStart = -1;
    int valueStart = -1;
    int valueEnd = -1;
    /** The last top-level model is an object or array, which no decoder takes for a model. */
    boolean lastModelNested;
    /** A second top-level key whose (last) value to locate, or {@code null}. */
    byte[] otherKey;
    int otherStart = -1;
    int otherEnd = -1;
    boolean empty;
    private byte[] nesting = new byte[16];

    Scan(byte[] body) {
      this.body = body;
    }

    void run() {
      skipWhitespace();
      if (pos >= body.length || body[pos] != '{') {
        throw JsonSupport.badRequest("request body must be a JSON object");
      }
      objectStart = pos++;
      skipWhitespace();
      if (at() == '}') {
        empty = true;
        pos++;
      } else {
        members();
      }
      skipWhitespace();
      if (pos != body.length) {
        throw invalid("content after the top-level object");
      }
    }

    private void members() {
      while (true) {
        if (at() != '"') {
          throw invalid("expected a field name");
        }
        int keyStart = pos;
        skipString();
        boolean isModel = isKey(keyStart, pos, MODEL);
        boolean isOther = otherKey != null && !isModel && isKey(keyStart, pos, otherKey);
        skipWhitespace();
        if (at() != ':') {
          throw invalid("expected ':'");
        }
        pos++;
        skipWhitespace();
        int start = pos;
        byte first = at();
        skipValue();
        if (isModel && first != '{' && first != '[') {
          valueStart = start;
          valueEnd = pos;
        }
        if (isModel) {
          lastModelNested = first == '{' || first == '[';
        }
        if (isOther) {
          otherStart = start;
          otherEnd = pos;
        }
        skipWhitespace();
        byte separator = at();
        pos++;
        if (separator == '}') {
          return;
        }
        if (separator != ',') {
          throw invalid("expected ',' or '}'");
        }
        skipWhitespace();
      }
    }

    private void skipValue() {
      byte b = at();
      if (b == '"') {
        skipString();
      } else if (b == '{' || b == '[') {
        skipContainer();
      } else {
        int start = pos;
        while (pos < body.length && !isDelimiter(body[pos])) {
          pos++;
        }
        if (pos == start) {
          throw invalid("expected a value");
        }
      }
    }

    /**
     * Skips a nested object or array, checking that every bracket closes the one it should. The
     * position lives in a local while scanning: this loop sees every byte of the body's messages and
     * tools.
     */
    private void skipContainer() {
      byte[] bytes = body;
      byte[] closers = nesting;
      int depth = 0;
      int i = pos;
      while (true) {
        if (i >= bytes.length) {
          pos = i;
          throw incomplete();
        }
        byte b = bytes[i];
        if (!STRUCTURAL[b & 0xff]) {
          i++;
          continue;
        }
        if (b == '"') {
          i = stringEnd(i);
          continue;
        }
        if (b == '{' || b == '[') {
          if (depth == closers.length) {
            closers = Arrays.copyOf(closers, depth * 2);
            nesting = closers;
          }
          closers[depth++] = b == '{' ? (byte) '}' : (byte) ']';
        } else if (closers[--depth] != b) {
          pos = i;
          throw invalid("mismatched '" + (char) b + "'");
        } else if (depth == 0) {
          pos = i + 1;
          return;
        }
        i++;
      }
    }

    /** From the opening quote to just after the closing one. */
    private void skipString() {
      pos = stringEnd(pos);
    }

    /**
     * Just after the closing quote of the string that opens at {@code quote}. Most of a request is
     * string content (the messages): eight bytes at a time are checked for a quote or a backslash
     * before looking at single bytes.
     */
    private int stringEnd(int quote) {
      byte[] bytes = body;
      int i = quote + 1;
      while (true) {
        while (i + 8 <= bytes.length && !hasQuoteOrBackslash((long) LONGS.get(bytes, i))) {
          i += 8;
        }
        if (i >= bytes.length) {
          pos = i;
          throw incomplete();
        }
        byte b = bytes[i];
        if (b == '"') {
          return i + 1;
        }
        i += b == '\\' ? 2 : 1;
      }
    }

    /** Whether any byte of {@code word} is {@code "} or {@code \\} (the SWAR zero-byte test on word ^ pattern). */
    private static boolean hasQuoteOrBackslash(long word) {
      long quotes = word ^ 0x2222222222222222L;
      long backslashes = word ^ 0x5C5C5C5C5C5C5C5CL;
      long zeroInQuotes = (quotes - 0x0101010101010101L) & ~quotes;
      long zeroInBackslashes = (backslashes - 0x0101010101010101L) & ~backslashes;
      return ((zeroInQuotes | zeroInBackslashes) & 0x8080808080808080L) != 0;
    }

    private boolean isKey(int start, int end, byte[] name) {
      if (Arrays.equals(body, start + 1, end - 1, name, 0, name.length)) {
        return true;
      }
      // an escaped name such as "mod\u0065l" is still "model" to the parser that routed the request
      for (int i = start + 1; i < end - 1; i++) {
        if (body[i] == '\\') {
          try {
            return new String(name, StandardCharsets.US_ASCII)
                .equals(JsonSupport.MAPPER.readValue(body, start, end - start, String.class));
          } catch (JacksonException e) {
            throw invalid("malformed field name");
          }
        }
      }
      return false;
    }

    private byte at() {
      if (pos >= body.length) {
        throw incomplete();
      }
      return body[pos];
    }

    private void skipWhitespace() {
      while (pos < body.length && isWhitespace(body[pos])) {
        pos++;
      }
    }

    private static boolean isWhitespace(byte b) {
      return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean isDelimiter(byte b) {
      return b == ',' || b == '}' || b == ']' || isWhitespace(b);
    }

    private static LlmException incomplete() {
      return JsonSupport.badRequest("request body is not a complete JSON object");
    }

    private LlmException invalid(String problem) {
      return JsonSupport.badRequest("request body is not valid JSON: " + problem + " at byte " + pos);
    }
  }
}
