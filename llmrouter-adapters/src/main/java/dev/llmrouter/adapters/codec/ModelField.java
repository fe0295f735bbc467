package dev.llmrouter.adapters.codec;

import dev.llmrouter.api.error.LlmException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Replaces the top-level {@code "model"} of a JSON request body by splicing bytes, so that everything
 * else (key order, spacing, numbers, unknown fields, tool-argument strings, signatures) stays exactly
 * as the client sent it. Used by passthrough.
 */
public final class ModelField {
  private ModelField() {}

  /**
   * The body with its top-level {@code model} set to {@code model}; a body without one gets it as its
   * first field.
   *
   * @throws LlmException BAD_REQUEST when the body is not a JSON object
   */
  public static byte[] replace(byte[] body, String model) {
    byte[] quoted = JsonSupport.MAPPER.writeValueAsBytes(model);
    long valueStart = -1;
    long valueEnd = -1;
    long objectStart = -1;
    try (JsonParser parser = JsonSupport.MAPPER.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw JsonSupport.badRequest("request body must be a JSON object");
      }
      objectStart = parser.currentTokenLocation().getByteOffset();
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("model".equals(name) && value.isScalarValue()) {
          valueStart = parser.currentTokenLocation().getByteOffset();
          parser.finishToken();
          valueEnd = parser.currentLocation().getByteOffset();
        } else {
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT) {
        throw JsonSupport.badRequest("request body is not a complete JSON object");
      }
    } catch (JacksonException e) {
      throw JsonSupport.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + quoted.length + 10);
    if (valueStart >= 0) {
      out.write(body, 0, (int) valueStart);
      out.writeBytes(quoted);
      out.write(body, (int) valueEnd, body.length - (int) valueEnd);
    } else {
      int afterBrace = (int) objectStart + 1;
      out.write(body, 0, afterBrace);
      out.writeBytes("\"model\":".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(quoted);
      if (!isEmptyObject(body, afterBrace)) {
        out.write(',');
      }
      out.write(body, afterBrace, body.length - afterBrace);
    }
    return out.toByteArray();
  }

  private static boolean isEmptyObject(byte[] body, int from) {
    for (int i = from; i < body.length; i++) {
      byte b = body[i];
      if (b == '}') {
        return true;
      }
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return false;
  }
}
