package dev.llmrouter.spring.proxy;

import dev.llmrouter.adapters.codec.JsonSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The top-level {@code model} of a request body, for the request log line. Reads tokens only up to
 * that field (clients put it first) and never fails: a body it cannot read has no model here, and the
 * router reports the problem to the client.
 */
final class RequestModel {
  private RequestModel() {}

  static String of(byte[] body) {
    try (JsonParser parser = JsonSupport.MAPPER.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("model".equals(name)) {
          return value == JsonToken.VALUE_STRING ? parser.getString() : null;
        }
        parser.skipChildren();
      }
      return null;
    } catch (JacksonException unreadable) {
      return null;
    }
  }
}
