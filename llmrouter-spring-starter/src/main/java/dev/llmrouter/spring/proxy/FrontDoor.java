package dev.llmrouter.spring.proxy;

import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.WireFormat;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * What a request path asks for, and in which protocol to answer (errors included). Paths are the
 * ones the clients really use (see CLIENTS.md): Gemini under both {@code /v1beta/models/…} and
 * {@code /v1/models/…}; {@code /v1/models} shared by three protocols and told apart by headers.
 *
 * @param model the model named in the path (Gemini), else {@code null}
 * @param stream the streaming switch of the path (Gemini), else {@code null}
 */
record FrontDoor(Kind kind, WireFormat format, NativeRequest.Operation operation, String model, Boolean stream) {
  enum Kind {
    HEALTH,
    READY,
    /** Claude Code's reachability probe ({@code HEAD /api/hello}) when non-essential traffic is on. */
    HELLO,
    GENERATE,
    LIST_MODELS,
    NOT_FOUND
  }

  private static final String GEMINI_MODELS = "/v1beta/models";
  private static final String GEMINI_V1_MODELS = "/v1/models/";

  static FrontDoor resolve(String method, String path, Function<String, String> header, boolean keyInQuery) {
    boolean post = "POST".equals(method);
    boolean get = "GET".equals(method) || "HEAD".equals(method);
    switch (path) {
      case "/healthz":
        return simple(Kind.HEALTH);
      case "/readyz":
        return simple(Kind.READY);
      case "/api/hello":
        return simple(Kind.HELLO);
      case "/v1/messages":
        return post ? generate(WireFormat.ANTHROPIC_MESSAGES) : notFound(WireFormat.ANTHROPIC_MESSAGES);
      case "/v1/messages/count_tokens":
        return post
            ? new FrontDoor(Kind.GENERATE, WireFormat.ANTHROPIC_MESSAGES, NativeRequest.Operation.COUNT_TOKENS, null, null)
            : notFound(WireFormat.ANTHROPIC_MESSAGES);
      case "/v1/chat/completions":
        return post ? generate(WireFormat.OPENAI_CHAT) : notFound(WireFormat.OPENAI_CHAT);
      case "/v1/responses":
        return post ? generate(WireFormat.OPENAI_RESPONSES) : notFound(WireFormat.OPENAI_RESPONSES);
      case "/v1/models":
        return get ? listModels(listingFormat(header, keyInQuery)) : notFound(listingFormat(header, keyInQuery));
      case GEMINI_MODELS:
        return get ? listModels(WireFormat.GEMINI) : notFound(WireFormat.GEMINI);
      default:
        break;
    }
    String geminiTail = path.startsWith(GEMINI_MODELS + "/") ? path.substring(GEMINI_MODELS.length() + 1)
        : path.startsWith(GEMINI_V1_MODELS) ? path.substring(GEMINI_V1_MODELS.length())
        : null;
    if (geminiTail != null && post) {
      FrontDoor gemini = gemini(geminiTail);
      if (gemini != null) {
        return gemini;
      }
    }
    return notFound(familyOf(path, header, keyInQuery));
  }

  /**
   * {@code {model}:{method}}: the model is everything before the last colon, so that it may hold a
   * provider prefix in either form ({@code openai/gpt-5}, {@code openai:gpt-5}).
   */
  private static FrontDoor gemini(String tail) {
    int colon = tail.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String model;
    try {
      // a path keeps '+' literal, where URLDecoder would read a space
      model = URLDecoder.decode(tail.substring(0, colon).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformedEscape) {
      return null;
    }
    switch (tail.substring(colon + 1)) {
      case "generateContent":
        return new FrontDoor(Kind.GENERATE, WireFormat.GEMINI, NativeRequest.Operation.GENERATE, model, false);
      case "streamGenerateContent":
        return new FrontDoor(Kind.GENERATE, WireFormat.GEMINI, NativeRequest.Operation.GENERATE, model, true);
      case "countTokens":
        return new FrontDoor(Kind.GENERATE, WireFormat.GEMINI, NativeRequest.Operation.COUNT_TOKENS, model, null);
      default:
        return null;
    }
  }

  /** The protocol a path belongs to, for its 404: by path where it tells, else by the client's headers. */
  private static WireFormat familyOf(String path, Function<String, String> header, boolean keyInQuery) {
    if (path.startsWith("/v1beta/") || path.startsWith(GEMINI_V1_MODELS)) {
      return WireFormat.GEMINI;
    }
    if (path.startsWith("/v1/messages")) {
      return WireFormat.ANTHROPIC_MESSAGES;
    }
    if (path.startsWith("/v1/responses")) {
      return WireFormat.OPENAI_RESPONSES;
    }
    if (path.startsWith("/v1/chat/")) {
      return WireFormat.OPENAI_CHAT;
    }
    return listingFormat(header, keyInQuery);
  }

  /** Anthropic clients always send {@code anthropic-version}; Gemini clients send their key in its own header or the query. */
  private static WireFormat listingFormat(Function<String, String> header, boolean keyInQuery) {
    if (header.apply("anthropic-version") != null) {
      return WireFormat.ANTHROPIC_MESSAGES;
    }
    if (header.apply("x-goog-api-key") != null || keyInQuery) {
      return WireFormat.GEMINI;
    }
    return WireFormat.OPENAI_CHAT;
  }

  private static FrontDoor simple(Kind kind) {
    return new FrontDoor(kind, null, null, null, null);
  }

  private static FrontDoor generate(WireFormat format) {
    return new FrontDoor(Kind.GENERATE, format, NativeRequest.Operation.GENERATE, null, null);
  }

  private static FrontDoor listModels(WireFormat format) {
    return new FrontDoor(Kind.LIST_MODELS, format, null, null, null);
  }

  private static FrontDoor notFound(WireFormat format) {
    return new FrontDoor(Kind.NOT_FOUND, format, null, null, null);
  }
}
