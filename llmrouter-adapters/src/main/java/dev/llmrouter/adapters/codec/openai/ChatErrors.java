package dev.llmrouter.adapters.codec.openai;

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
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code {"error": {message, type, param, code}}} envelope, both directions (protocols README §3.8, §8.0). */
final class ChatErrors {
  /** OpenAI: "Please try again in 20s" / "in 1.5s" / "in 120ms" / "in 6m0s". */
  private static final Pattern TRY_AGAIN =
      Pattern.compile("try again in (?:(\\d+)m)?(\\d+(?:\\.\\d+)?)(ms|s)\\b", Pattern.CASE_INSENSITIVE);
  /** Key-like tokens an upstream may echo (OpenAI quotes part of a rejected key). */
  private static final Pattern SECRET =
      Pattern.compile("\\b(?:sk|rk|pk|sess)-[A-Za-z0-9_*.\\-]{6,}"
          + "|\\bAIza[0-9A-Za-z_\\-]{10,}"
          + "|(?i:bearer)\\s+[A-Za-z0-9_*.\\-]{6,}");
  private static final Set<String> RATE_LIMIT_TYPES = Set.of("requests", "tokens");
  private static final String INSUFFICIENT_QUOTA = "insufficient_quota";

  private ChatErrors() {}

  static LlmException decode(int status, Function<String, String> headers, byte[] body) {
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    JsonNode root = JsonSupport.parseOrNull(text);
    if (root != null && root.isObject()) {
      return fromJson(status, headers, root);
    }
    return build(status, headers, text.isBlank() ? null : text, null, null);
  }

  /** An error object as OpenAI writes it, or as compatible servers do ({@code error} as a string, vLLM's flat form). */
  static LlmException fromJson(int status, Function<String, String> headers, JsonNode root) {
    JsonNode error = root.get("error");
    JsonNode fields = error != null && error.isObject() ? error : root;
    String message = error != null && error.isString() ? error.stringValue() : scalar(fields.get("message"));
    if (message == null) {
      message = scalar(root.get("detail")); // FastAPI-based servers
    }
    return build(status, headers, message, scalar(fields.get("type")), scalar(fields.get("code")));
  }

  /** An error without an HTTP error status: a stream's error chunk, or a 200 answer holding an error. */
  static LlmException inBand(JsonNode root) {
    return fromJson(0, name -> null, root);
  }

  private static String scalar(JsonNode node) {
    return node == null || node.isNull() || node.isContainer() ? null : node.asString();
  }

  private static LlmException build(
      int status, Function<String, String> headers, String upstreamMessage, String type, String code) {
    String message = upstreamMessage == null ? null : SECRET.matcher(upstreamMessage).replaceAll("[redacted]");
    Duration retryAfter = ErrorMapping.retryAfter(headers);
    if (retryAfter == null && message != null) {
      retryAfter = retryAfterFromMessage(message);
    }
    String safe = status > 0 || message != null
        ? ErrorMapping.safeMessage(message, status)
        : "the upstream stream failed";
    return LlmException.builder(kind(status, type, code, message), safe)
        .upstreamStatus(status)
        .upstreamType(type)
        .upstreamCode(code)
        .retryAfter(retryAfter)
        .build();
  }

  /** The kind: from the status when there is one (0 means in-band), refined by the type, code and message. */
  static ErrorKind kind(int status, String type, String code, String message) {
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
    ErrorKind byStatus = status > 0 ? ErrorMapping.kindForStatus(status) : null;
    if (c.equals("context_length_exceeded")) {
      return ErrorKind.CONTEXT_WINDOW_EXCEEDED;
    }
    if (byStatus == null || byStatus == ErrorKind.BAD_REQUEST) {
      if (ErrorMapping.looksLikeContextWindow(message)) {
        return ErrorKind.CONTEXT_WINDOW_EXCEEDED;
      }
      if (c.equals("content_policy_violation") || c.equals("content_filter") || t.equals("content_filter")
          || mentionsContentPolicy(message)) {
        return ErrorKind.CONTENT_POLICY;
      }
    }
    if (byStatus != null) {
      return byStatus;
    }
    if (c.equals("rate_limit_exceeded") || c.equals(INSUFFICIENT_QUOTA) || RATE_LIMIT_TYPES.contains(t)
        || t.equals("rate_limit_error")) {
      return ErrorKind.RATE_LIMITED;
    }
    if (c.equals("invalid_api_key") || t.equals("authentication_error")) {
      return ErrorKind.AUTHENTICATION;
    }
    if (c.equals("server_overloaded") || c.equals("overloaded") || t.equals("overloaded_error")) {
      return ErrorKind.OVERLOADED;
    }
    if (t.equals("invalid_request_error")) {
      return ErrorKind.BAD_REQUEST;
    }
    return ErrorKind.UPSTREAM_SERVER;
  }

  private static boolean mentionsContentPolicy(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("content policy") || m.contains("content management policy") || m.contains("usage policy")
        || m.contains("safety system");
  }

  private static Duration retryAfterFromMessage(String message) {
    Matcher m = TRY_AGAIN.matcher(message);
    if (!m.find()) {
      return null;
    }
    double amount = Double.parseDouble(m.group(2));
    long minutes = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long nanos = (long) (amount * ("ms".equalsIgnoreCase(m.group(3)) ? 1_000_000d : 1_000_000_000d));
    return Duration.ofMinutes(minutes).plusNanos(nanos);
  }

  static EncodedError encode(LlmException error) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    if (error.retryAfter() != null) {
      long millis = error.retryAfter().toMillis();
      headers.put("retry-after", Long.toString(Math.max(0, (millis + 999) / 1000)));
    }
    ObjectNode body = JsonSupport.NODES.objectNode();
    body.set("error", errorObject(error));
    return new EncodedError(status(error), headers, JsonSupport.writeBytes(body));
  }

  /** The status a Chat client expects for the kind (an Anthropic 529 is a 503 here). */
  private static int status(LlmException error) {
    int upstream = error.upstreamStatus();
    switch (error.kind()) {
      case BAD_REQUEST:
        return upstream >= 400 && upstream < 500 ? upstream : 400;
      case CONTEXT_WINDOW_EXCEEDED:
      case CONTENT_POLICY:
        return 400;
      case OVERLOADED:
        return 503;
      case UPSTREAM_SERVER:
        return upstream >= 500 && upstream != 529 ? upstream : 500;
      default:
        return error.kind().defaultStatus();
    }
  }

  static ObjectNode errorObject(LlmException error) {
    String type = "invalid_request_error";
    String code = null;
    String param = null;
    switch (error.kind()) {
      case CONTEXT_WINDOW_EXCEEDED:
        code = "context_length_exceeded";
        param = "messages";
        break;
      case CONTENT_POLICY:
        code = "content_policy_violation";
        break;
      case AUTHENTICATION:
        code = "invalid_api_key";
        break;
      case NOT_FOUND:
        code = "model_not_found";
        break;
      case RATE_LIMITED:
        if (INSUFFICIENT_QUOTA.equals(error.upstreamCode())) {
          type = INSUFFICIENT_QUOTA;
          code = INSUFFICIENT_QUOTA;
        } else {
          String upstreamType = error.upstreamType();
          type = upstreamType != null && RATE_LIMIT_TYPES.contains(upstreamType) ? upstreamType : "requests";
          code = "rate_limit_exceeded";
        }
        break;
      case OVERLOADED:
        type = "server_error";
        code = "server_overloaded";
        break;
      case TIMEOUT:
        type = "server_error";
        code = "timeout";
        break;
      case UPSTREAM_SERVER:
      case CONNECTION:
        type = "server_error";
        break;
      default:
        break;
    }
    ObjectNode node = JsonSupport.NODES.objectNode().put("message", error.getMessage()).put("type", type);
    node.put("param", param).put("code", code);
    return node;
  }
}
