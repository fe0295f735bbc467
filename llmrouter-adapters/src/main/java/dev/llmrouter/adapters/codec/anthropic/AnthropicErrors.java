package dev.llmrouter.adapters.codec.anthropic;

import dev.llmrouter.adapters.codec.ErrorMapping;
import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.EncodedError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic's error envelope {@code {"type":"error","error":{"type","message"}}} and its status table (§2.9). */
final class AnthropicErrors {
  private AnthropicErrors() {}

  /** Anthropic's error type and HTTP status for one error. */
  record Spelling(int status, String type) {}

  static Spelling spelling(LlmException error) {
    String upstreamType = error.upstreamType();
    switch (error.kind()) {
      case AUTHENTICATION:
        return new Spelling(401, "authentication_error");
      case PERMISSION_DENIED:
        return "billing_error".equals(upstreamType)
            ? new Spelling(402, "billing_error")
            : new Spelling(403, "permission_error");
      case NOT_FOUND:
        return new Spelling(404, "not_found_error");
      case RATE_LIMITED:
        return new Spelling(429, "rate_limit_error");
      case OVERLOADED:
        return new Spelling(529, "overloaded_error");
      case TIMEOUT:
        return new Spelling(504, "timeout_error");
      case UPSTREAM_SERVER:
        return new Spelling(500, "api_error");
      case CONNECTION:
        return new Spelling(502, "api_error");
      default: // BAD_REQUEST, CONTEXT_WINDOW_EXCEEDED, CONTENT_POLICY
        if (error.upstreamStatus() == 413 || "request_too_large".equals(upstreamType)) {
          return new Spelling(413, "request_too_large");
        }
        return new Spelling(400, "invalid_request_error");
    }
  }

  static EncodedError encode(LlmException error) {
    Spelling spelling = spelling(error);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    Duration retryAfter = error.retryAfter();
    if (retryAfter != null) {
      // whole seconds, rounded up: the SDKs read retry-after as seconds
      long seconds = (retryAfter.toMillis() + 999) / 1000;
      headers.put("retry-after", Long.toString(seconds));
    }
    return new EncodedError(spelling.status(), headers, JsonSupport.writeBytes(envelope(error)));
  }

  /** The body of an error response, and the data of an in-stream {@code error} event. */
  static ObjectNode envelope(LlmException error) {
    ObjectNode root = JsonSupport.NODES.objectNode();
    root.put("type", "error");
    ObjectNode body = root.putObject("error");
    body.put("type", spelling(error).type());
    body.put("message", clientMessage(error));
    return root;
  }

  /** Claude Code compacts its history when the message says "prompt is too long"; other wordings hide that cue. */
  private static String clientMessage(LlmException error) {
    String message = error.getMessage();
    if (error.kind() == ErrorKind.CONTEXT_WINDOW_EXCEEDED
        && !message.toLowerCase(Locale.ROOT).contains("prompt is too long")) {
      return "prompt is too long: " + message;
    }
    return message;
  }

  static LlmException decode(int status, Function<String, String> headers, byte[] body) {
    JsonNode error = parseQuietly(body).path("error");
    String type = error.path("type").isString() ? error.get("type").stringValue() : null;
    String message = error.path("message").isString() ? error.get("message").stringValue() : null;
    ErrorKind kind = type == null ? ErrorMapping.kindForStatus(status) : kindForType(type, status);
    if (kind == ErrorKind.BAD_REQUEST && ErrorMapping.looksLikeContextWindow(message)) {
      kind = ErrorKind.CONTEXT_WINDOW_EXCEEDED;
    } else if (kind == ErrorKind.BAD_REQUEST && looksLikeContentPolicy(message)) {
      kind = ErrorKind.CONTENT_POLICY;
    }
    return LlmException.builder(kind, ErrorMapping.safeMessage(message, status))
        .upstreamStatus(status)
        .upstreamType(type)
        .retryAfter(ErrorMapping.retryAfter(headers))
        .build();
  }

  /** An in-stream {@code error} event: the HTTP status was already 200, so the type alone decides. */
  static LlmException decodeInStream(JsonNode data) {
    JsonNode error = data.path("error");
    String type = error.path("type").isString() ? error.get("type").stringValue() : null;
    String message = error.path("message").isString() ? error.get("message").stringValue() : null;
    ErrorKind kind = type == null ? ErrorKind.UPSTREAM_SERVER : kindForType(type, 0);
    if (kind == ErrorKind.BAD_REQUEST && ErrorMapping.looksLikeContextWindow(message)) {
      kind = ErrorKind.CONTEXT_WINDOW_EXCEEDED;
    }
    return LlmException.builder(kind, message == null || message.isBlank() ? "upstream stream failed" : message)
        .upstreamType(type)
        .build();
  }

  private static ErrorKind kindForType(String type, int status) {
    switch (type) {
      case "invalid_request_error":
      case "request_too_large":
        return ErrorKind.BAD_REQUEST;
      case "authentication_error":
        return ErrorKind.AUTHENTICATION;
      case "permission_error":
      case "billing_error": // the key cannot pay: another key or provider may
        return ErrorKind.PERMISSION_DENIED;
      case "not_found_error":
        return ErrorKind.NOT_FOUND;
      case "rate_limit_error":
        return ErrorKind.RATE_LIMITED;
      case "overloaded_error":
        return ErrorKind.OVERLOADED;
      case "timeout_error":
        return ErrorKind.TIMEOUT;
      case "api_error":
        return ErrorKind.UPSTREAM_SERVER;
      default:
        return status > 0 ? ErrorMapping.kindForStatus(status) : ErrorKind.UPSTREAM_SERVER;
    }
  }

  private static boolean looksLikeContentPolicy(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("content filtering") || m.contains("content policy") || m.contains("usage policy");
  }

  private static JsonNode parseQuietly(byte[] body) {
    if (body == null || body.length == 0) {
      return JsonSupport.NODES.missingNode();
    }
    JsonNode node = JsonSupport.parseOrNull(new String(body, StandardCharsets.UTF_8));
    return node == null ? JsonSupport.NODES.missingNode() : node;
  }
}
