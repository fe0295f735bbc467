package dev.llmrouter.adapters.http;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.CallOptions;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Where and how one provider is called: base URL, path per wire format, authentication and headers.
 * Immutable.
 */
final class Endpoint {
  static final String ANTHROPIC_VERSION_OPTION = "anthropic-version";
  static final String ANTHROPIC_VERSION = "2023-06-01";

  private static final MediaType JSON = MediaType.get("application/json");

  /** Owned by OkHttp: a caller's value would break framing, compression or routing. */
  private static final Set<String> TRANSPORT_HEADERS = Set.of("host", "content-length", "transfer-encoding",
      "connection", "keep-alive", "proxy-connection", "upgrade", "te", "accept-encoding");

  /**
   * Never taken from per-call headers: the key of an attempt comes only from
   * {@link CallOptions#apiKey()}, so a client's credential for the router cannot reach an upstream.
   */
  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "x-api-key", "x-goog-api-key", "api-key");

  private final String provider;
  private final WireFormat format;
  private final HttpUrl base;
  private final AuthStyle auth;
  private final Map<String, String> headers;
  /** The generate URL when it does not depend on the model (all but Gemini), built once: OkHttp's host mapping is not free. */
  private final HttpUrl fixedUrl;

  private Endpoint(String provider, WireFormat format, HttpUrl base, AuthStyle auth, Map<String, String> headers) {
    this.provider = provider;
    this.format = format;
    this.base = base;
    this.auth = auth;
    this.headers = headers;
    this.fixedUrl = format == WireFormat.GEMINI ? null : buildUrl(null, false);
  }

  /**
   * @param baseUrl e.g. {@code https://api.openai.com/v1} (OpenAI formats) or {@code https://api.anthropic.com}
   * @throws IllegalArgumentException when the base URL, a header or an option is unusable
   */
  static Endpoint of(String provider, WireFormat format, String baseUrl, Map<String, String> settingsHeaders,
      Map<String, String> options) {
    HttpUrl base = baseUrl == null ? null : HttpUrl.parse(baseUrl.strip());
    if (base == null) {
      throw new IllegalArgumentException("provider '" + provider + "': base-url must be an http or https URL");
    }
    // case-insensitive, so that a configured Anthropic-Version replaces the default
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (format == WireFormat.ANTHROPIC_MESSAGES) {
      headers.put("anthropic-version", options.getOrDefault(ANTHROPIC_VERSION_OPTION, ANTHROPIC_VERSION));
    }
    settingsHeaders.forEach((name, value) -> {
      if (TRANSPORT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "provider '" + provider + "': header '" + name + "' is set by the HTTP client and cannot be configured");
      }
      if (!isHeaderValue(value)) {
        throw new IllegalArgumentException("provider '" + provider + "': the value of header '" + name
            + "' holds characters an HTTP header cannot carry");
      }
      headers.put(name, value);
    });
    return new Endpoint(provider, format, base, AuthStyle.parse(options.get(AuthStyle.OPTION), format, provider),
        Collections.unmodifiableMap(headers));
  }

  WireFormat format() {
    return format;
  }

  HttpUrl base() {
    return base;
  }

  /** The URL of a generate call; the query of the base URL (e.g. Azure's {@code api-version}) is kept. */
  HttpUrl url(String model, boolean stream) {
    return fixedUrl != null ? fixedUrl : buildUrl(model, stream);
  }

  private HttpUrl buildUrl(String model, boolean stream) {
    HttpUrl.Builder url = base.newBuilder();
    switch (format) {
      case ANTHROPIC_MESSAGES:
        return url.addPathSegments("v1/messages").build();
      case OPENAI_CHAT:
        return url.addPathSegments("chat/completions").build();
      case OPENAI_RESPONSES:
        return url.addPathSegment("responses").build();
      case GEMINI:
        String name = model.startsWith("models/") ? model.substring("models/".length()) : model;
        String method = stream ? ":streamGenerateContent" : ":generateContent";
        url.addPathSegments("v1beta/models").addPathSegment(name + method);
        if (stream) {
          url.addQueryParameter("alt", "sse");
        }
        return url.build();
      default:
        throw new AssertionError(format);
    }
  }

  /** The URL of a count-tokens call, or {@code null} when the format has no counting endpoint. */
  HttpUrl countTokensUrl(String model) {
    switch (format) {
      case ANTHROPIC_MESSAGES:
        return base.newBuilder().addPathSegments("v1/messages/count_tokens").build();
      case GEMINI:
        String name = model.startsWith("models/") ? model.substring("models/".length()) : model;
        return base.newBuilder().addPathSegments("v1beta/models").addPathSegment(name + ":countTokens").build();
      default:
        return null;
    }
  }

  /**
   * The client headers a passthrough request carries on: those the protocol defines for a request
   * body's meaning (Anthropic's version and betas), never credentials or transport headers.
   */
  Map<String, String> passthroughHeaders(Map<String, String> clientHeaders) {
    if (format != WireFormat.ANTHROPIC_MESSAGES) {
      return Map.of();
    }
    Map<String, String> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String name : PASSTHROUGH_ANTHROPIC_HEADERS) {
      String value = clientHeaders.get(name);
      if (value != null) {
        kept.put(name, value);
      }
    }
    return kept;
  }

  private static final List<String> PASSTHROUGH_ANTHROPIC_HEADERS = List.of("anthropic-beta", "anthropic-version");

  /**
   * The upstream request.
   *
   * @throws LlmException {@link ErrorKind#AUTHENTICATION} when the key cannot be sent in a header,
   *     {@link ErrorKind#BAD_REQUEST} when a per-call header cannot; neither message shows the value
   */
  Request request(String model, boolean stream, byte[] body, CallOptions options) {
    return request(url(model, stream), stream, body, options);
  }

  /** As {@link #request(String, boolean, byte[], CallOptions)}, to an explicit URL. */
  Request request(HttpUrl url, boolean stream, byte[] body, CallOptions options) {
    Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
    headers.forEach(request::header);
    options.headers().forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (TRANSPORT_HEADERS.contains(lower) || CREDENTIAL_HEADERS.contains(lower)) {
        return;
      }
      if (!isHeaderValue(value)) {
        throw LlmException.builder(ErrorKind.BAD_REQUEST,
            "the value of header '" + name + "' holds characters an HTTP header cannot carry")
            .provider(provider)
            .build();
      }
      request.header(name, value);
    });
    request.header("accept", stream ? "text/event-stream" : "application/json");
    Secret key = options.apiKey();
    if (key != null) {
      String value = auth.value(key.reveal());
      // checked here because OkHttp's own check quotes the value in its message
      if (!isHeaderValue(value)) {
        throw LlmException.builder(ErrorKind.AUTHENTICATION, "the API key " + key.fingerprint() + " for provider '"
            + provider + "' holds characters an HTTP header cannot carry").provider(provider).build();
      }
      request.header(auth.header(), value);
    }
    return request.build();
  }

  /** Visible ASCII, space and tab: what OkHttp accepts in a header value. */
  private static boolean isHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return format.id() + " at " + base.scheme() + "://" + base.host() + ":" + base.port() + base.encodedPath();
  }
}
