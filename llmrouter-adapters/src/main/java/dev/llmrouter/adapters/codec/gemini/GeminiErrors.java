package dev.llmrouter.adapters.codec.gemini;

import dev.llmrouter.adapters.codec.ErrorMapping;
import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.EncodedError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Gemini's {@code google.rpc.Status} error envelope, both ways. */
final class GeminiErrors {
  private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
  private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
  private static final Pattern RETRY_IN_MESSAGE = Pattern.compile("retry in ([0-9]+(?:\\.[0-9]+)?)\\s*s", Pattern.CASE_INSENSITIVE);

  private GeminiErrors() {}

  static LlmException decode(int status, Function<String, String> headers, byte[] body) {
    JsonNode root = JsonSupport.parseOrNull(body == null ? null : new String(body, StandardCharsets.UTF_8));
    if (root instanceof ArrayNode array && !array.isEmpty()) {
      root = array.get(0); // Vertex wraps errors in an array
    }
    JsonNode error = root == null ? null : root.get("error");
    Duration retryAfter = ErrorMapping.retryAfter(headers);
    if (!(error instanceof ObjectNode errorObject)) {
      return LlmException.builder(ErrorMapping.kindForStatus(status), ErrorMapping.safeMessage(null, status))
          .upstreamStatus(status)
          .retryAfter(retryAfter)
          .build();
    }
    return fromError(errorObject, status, retryAfter);
  }

  /**
   * The exception an {@code error} object stands for.
   *
   * @param status the HTTP status, or 0 inside a stream (then the object's {@code code} is used)
   * @param retryAfter a delay from the headers, which wins over {@code RetryInfo}
   */
  static LlmException fromError(ObjectNode error, int status, Duration retryAfter) {
    int code = status > 0 ? status : error.path("code").asInt(0);
    String statusName = error.path("status").asString(null);
    String message = error.path("message").asString(null);
    String reason = null;
    Duration retryDelay = null;
    for (JsonNode detail : error.path("details")) {
      String type = detail.path("@type").asString("");
      if (RETRY_INFO.equals(type) && detail.path("retryDelay").isString()) {
        retryDelay = ErrorMapping.parseDelay(detail.path("retryDelay").stringValue().trim());
      } else if (ERROR_INFO.equals(type) && detail.path("reason").isString()) {
        reason = detail.path("reason").stringValue();
      }
    }
    if (retryDelay == null && message != null) {
      Matcher m = RETRY_IN_MESSAGE.matcher(message);
      if (m.find()) {
        retryDelay = ErrorMapping.parseDelay(m.group(1));
      }
    }
    ErrorKind kind = kind(code, statusName, reason, message);
    return LlmException.builder(kind, ErrorMapping.safeMessage(message, code))
        .upstreamStatus(code)
        .upstreamType(statusName)
        .upstreamCode(reason)
        .retryAfter(retryAfter != null ? retryAfter : retryDelay)
        .build();
  }

  private static ErrorKind kind(int code, String statusName, String reason, String message) {
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if ("API_KEY_INVALID".equals(reason) || lower.contains("api key not valid")) {
      return ErrorKind.AUTHENTICATION; // Gemini answers a bad key with 400 INVALID_ARGUMENT
    }
    ErrorKind kind = statusName == null ? null : kindOf(statusName);
    if (kind == null) {
      kind = ErrorMapping.kindForStatus(code);
    }
    if (kind == ErrorKind.BAD_REQUEST && ErrorMapping.looksLikeContextWindow(message)) {
      return ErrorKind.CONTEXT_WINDOW_EXCEEDED;
    }
    return kind;
  }

  private static ErrorKind kindOf(String statusName) {
    switch (statusName) {
      case "INVALID_ARGUMENT":
      case "FAILED_PRECONDITION":
      case "OUT_OF_RANGE":
        return ErrorKind.BAD_REQUEST;
      case "UNAUTHENTICATED":
        return ErrorKind.AUTHENTICATION;
      case "PERMISSION_DENIED":
        return ErrorKind.PERMISSION_DENIED;
      case "NOT_FOUND":
      case "UNIMPLEMENTED":
        return ErrorKind.NOT_FOUND;
      case "RESOURCE_EXHAUSTED":
        return ErrorKind.RATE_LIMITED;
      case "UNAVAILABLE":
        return ErrorKind.OVERLOADED;
      case "DEADLINE_EXCEEDED":
        return ErrorKind.TIMEOUT;
      case "INTERNAL":
      case "UNKNOWN":
      case "DATA_LOSS":
      case "ABORTED":
        return ErrorKind.UPSTREAM_SERVER;
      case "CANCELLED":
        return ErrorKind.CONNECTION;
      default:
        return null;
    }
  }

  static EncodedError encode(LlmException error) {
    ObjectNode body = JsonSupport.NODES.objectNode();
    body.set("error", errorObject(error));
    return new EncodedError(status(error.kind()), Map.of("content-type", "application/json; charset=UTF-8"),
        JsonSupport.writeBytes(body));
  }

  /** The {@code google.rpc.Status} of an error; a rate limit carries its delay as {@code RetryInfo}. */
  static ObjectNode errorObject(LlmException error) {
    ObjectNode status = JsonSupport.NODES.objectNode();
    status.put("code", status(error.kind()));
    status.put("message", error.getMessage());
    status.put("status", statusName(error.kind()));
    Duration retryAfter = error.retryAfter();
    if (retryAfter != null && !retryAfter.isNegative()) {
      status.putArray("details").addObject()
          .put("@type", RETRY_INFO)
          .put("retryDelay", protoDuration(retryAfter));
    }
    return status;
  }

  private static int status(ErrorKind kind) {
    switch (kind) {
      case AUTHENTICATION:
        return 401;
      case PERMISSION_DENIED:
        return 403;
      case NOT_FOUND:
        return 404;
      case RATE_LIMITED:
        return 429;
      case OVERLOADED:
        return 503;
      case UPSTREAM_SERVER:
        return 500;
      case TIMEOUT:
        return 504;
      case CONNECTION:
        return 502;
      default:
        return 400;
    }
  }

  private static String statusName(ErrorKind kind) {
    switch (kind) {
      case AUTHENTICATION:
        return "UNAUTHENTICATED";
      case PERMISSION_DENIED:
        return "PERMISSION_DENIED";
      case NOT_FOUND:
        return "NOT_FOUND";
      case RATE_LIMITED:
        return "RESOURCE_EXHAUSTED";
      case OVERLOADED:
      case CONNECTION:
        return "UNAVAILABLE";
      case UPSTREAM_SERVER:
        return "INTERNAL";
      case TIMEOUT:
        return "DEADLINE_EXCEEDED";
      default:
        return "INVALID_ARGUMENT";
    }
  }

  /** A protobuf {@code Duration} in JSON: seconds with up to nine decimals, then {@code s}. */
  static String protoDuration(Duration duration) {
    StringBuilder sb = new StringBuilder().append(duration.getSeconds());
    int nanos = duration.getNano();
    if (nanos > 0) {
      String fraction = String.format(Locale.ROOT, "%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(fraction, 0, end);
    }
    return sb.append('s').toString();
  }
}
