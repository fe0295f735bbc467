package dev.llmrouter.adapters.codec.responses;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's error envelope {@code {"error":{message,type,param,code}}} (the same for Chat and
 * Responses) and the in-band {@code error} object of {@code response.failed}.
 */
final class ErrorCodec {
  /** Codex and OpenAI put the delay of a rate limit in the message: "Please try again in 20s." */
  private static final Pattern TRY_AGAIN = Pattern.compile("(?i)try again in\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|seconds?)\\b");
  private static final Pattern OPENAI_CODE = Pattern.compile("[a-z0-9_]+");

  private ErrorCodec() {}

  // ---------------------------------------------------------------- server side

  static EncodedError encode(LlmException error) {
    ErrorKind kind = error.kind();
    ObjectNode body = JsonSupport.NODES.objectNode();
    ObjectNode e = body.putObject("error");
    e.put("message", error.getMessage());
    e.put("type", type(error));
    e.putNull("param");
    e.put("code", code(error));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    if (error.retryAfter() != null) {
      headers.put("retry-after", Long.toString(seconds(error.retryAfter())));
    }
    return new EncodedError(status(error, kind), headers, JsonSupport.writeBytes(body));
  }

  private static int status(LlmException error, ErrorKind kind) {
    int upstream = error.upstreamStatus();
    switch (kind) {
      case BAD_REQUEST:
        return upstream >= 400 && upstream < 500 && upstream != 429 ? upstream : 400;
      case UPSTREAM_SERVER:
        return upstream >= 500 && upstream < 600 && upstream != 529 ? upstream : 500;
      case OVERLOADED:
        return 503;
      default:
        return kind.defaultStatus();
    }
  }

  private static String type(LlmException error) {
    switch (error.kind()) {
      case RATE_LIMITED:
        String type = error.upstreamType();
        if ("requests".equals(type) || "tokens".equals(type) || "insufficient_quota".equals(type)) {
          return type;
        }
        return "insufficient_quota".equals(error.upstreamCode()) ? "insufficient_quota" : "requests";
      case OVERLOADED:
      case UPSTREAM_SERVER:
      case TIMEOUT:
      case CONNECTION:
        return "server_error";
      default:
        return "invalid_request_error";
    }
  }

  /** The OpenAI code for an error: the upstream's own when it looks like one, else the kind's. */
  private static String code(LlmException error) {
    String upstream = error.upstreamCode();
    boolean openAiStyle = upstream != null && OPENAI_CODE.matcher(upstream).matches();
    switch (error.kind()) {
      case CONTEXT_WINDOW_EXCEEDED:
        return "context_length_exceeded";
      case AUTHENTICATION:
        return "invalid_api_key";
      case RATE_LIMITED:
        return "insufficient_quota".equals(upstream) ? upstream : "rate_limit_exceeded";
      case NOT_FOUND:
        return openAiStyle ? upstream : "model_not_found";
      case CONTENT_POLICY:
        return openAiStyle ? upstream : "content_policy_violation";
      default:
        return openAiStyle ? upstream : null;
    }
  }

  /** The {@code error} of a {@code response.failed} event. */
  static ObjectNode inBand(LlmException error) {
    ObjectNode e = JsonSupport.NODES.objectNode();
    String code = code(error);
    switch (error.kind()) {
      case BAD_REQUEST:
      case CONTENT_POLICY:
        e.put("code", code == null ? "invalid_prompt" : code);
        break;
      case CONTEXT_WINDOW_EXCEEDED:
      case RATE_LIMITED:
        e.put("code", code);
        break;
      default:
        e.put("code", "server_error");
    }
    String message = error.getMessage();
    if (error.kind() == ErrorKind.RATE_LIMITED && error.retryAfter() != null && !TRY_AGAIN.matcher(message).find()) {
      // Codex reads the delay of an in-stream rate limit only from the message
      message = message + " Please try again in " + seconds(error.retryAfter()) + "s.";
    }
    e.put("message", message);
    return e;
  }

  private static long seconds(Duration delay) {
    long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    return Math.max(0, seconds);
  }

  // ---------------------------------------------------------------- client side

  static LlmException decode(int status, Function<String, String> headers, byte[] body) {
    JsonNode root = body == null || body.length == 0 ? null : JsonSupport.parseOrNull(new String(body, StandardCharsets.UTF_8));
    JsonNode error = root == null ? null : root.get("error");
    String message;
    String type = null;
    String code = null;
    if (error != null && error.isObject()) {
      message = JsonFields.text(error, "message");
      type = JsonFields.text(error, "type");
      code = codeText(error.get("code"));
    } else if (error != null && error.isString()) {
      message = error.stringValue();
    } else {
      message = JsonFields.text(root, "message");
    }
    ErrorKind kind = ErrorMapping.kindForStatus(status);
    if (status >= 400 && status < 500 && status != 429) {
      if ("context_length_exceeded".equals(code) || ErrorMapping.looksLikeContextWindow(message)) {
        kind = ErrorKind.CONTEXT_WINDOW_EXCEEDED;
      } else if (isContentPolicy(code, message)) {
        kind = ErrorKind.CONTENT_POLICY;
      }
    }
    Duration retryAfter = ErrorMapping.retryAfter(headers);
    if (retryAfter == null && kind == ErrorKind.RATE_LIMITED) {
      retryAfter = retryAfterInMessage(message);
    }
    return LlmException.builder(kind, ErrorMapping.safeMessage(message, status))
        .upstreamStatus(status)
        .upstreamType(type)
        .upstreamCode(code)
        .retryAfter(retryAfter)
        .build();
  }

  /** The exception an in-band error stands for: {@code response.error} of a failed response, or an {@code error} event. */
  static LlmException decodeInBand(JsonNode error) {
    String code = codeText(error == null ? null : error.get("code"));
    String message = JsonFields.text(error, "message");
    ErrorKind kind;
    if (code == null) {
      kind = ErrorKind.UPSTREAM_SERVER;
    } else if ("context_length_exceeded".equals(code)) {
      kind = ErrorKind.CONTEXT_WINDOW_EXCEEDED;
    } else if ("rate_limit_exceeded".equals(code) || "insufficient_quota".equals(code)) {
      kind = ErrorKind.RATE_LIMITED;
    } else if (isContentPolicy(code, message)) {
      kind = ErrorKind.CONTENT_POLICY;
    } else if ("invalid_api_key".equals(code)) {
      kind = ErrorKind.AUTHENTICATION;
    } else if (code.startsWith("invalid_") || code.startsWith("image_")) {
      kind = ErrorKind.BAD_REQUEST;
    } else if (message != null && message.toLowerCase(Locale.ROOT).contains("overloaded")) {
      kind = ErrorKind.OVERLOADED;
    } else {
      kind = ErrorKind.UPSTREAM_SERVER;
    }
    return LlmException.builder(kind, ErrorMapping.safeMessage(message, 200))
        .upstreamType(JsonFields.text(error, "type"))
        .upstreamCode(code)
        .retryAfter(kind == ErrorKind.RATE_LIMITED ? retryAfterInMessage(message) : null)
        .build();
  }

  private static boolean isContentPolicy(String code, String message) {
    if (code != null && (code.contains("policy") || "content_filter".equals(code))) {
      return true;
    }
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    return "invalid_prompt".equals(code) && (m.contains("usage policy") || m.contains("flagged"));
  }

  private static String codeText(JsonNode code) {
    if (code == null || code.isNull()) {
      return null;
    }
    return code.isString() ? code.stringValue() : code.toString();
  }

  private static Duration retryAfterInMessage(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = TRY_AGAIN.matcher(message);
    if (!m.find()) {
      return null;
    }
    double value = Double.parseDouble(m.group(1));
    return "ms".equalsIgnoreCase(m.group(2))
        ? Duration.ofNanos((long) (value * 1_000_000d))
        : Duration.ofNanos((long) (value * 1_000_000_000d));
  }
}
