package dev.llmrouter.adapters.http;

import dev.llmrouter.adapters.codec.ModelField;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ForwardRequest;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderSettings;
import dev.llmrouter.api.spi.TokenCountCodec;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.api.stream.ChatStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider reached over HTTP: the {@link WireCodec} of its wire format plus its endpoint (base URL,
 * paths, authentication, headers). Thread-safe; holds no key.
 */
public final class HttpProviderAdapter implements ProviderAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HttpProviderAdapter.class);

  private final String name;
  private final WireCodec codec;
  private final Endpoint endpoint;
  private final OkHttpClient client;

  HttpProviderAdapter(String name, WireCodec codec, Endpoint endpoint, OkHttpClient client) {
    if (codec.format() != endpoint.format()) {
      throw new IllegalArgumentException("codec for " + codec.format().id() + " cannot serve an endpoint of "
          + endpoint.format().id());
    }
    this.name = name;
    this.codec = codec;
    this.endpoint = endpoint;
    this.client = client;
  }

  /**
   * An adapter speaking {@code format} to {@code baseUrl}, on the router's shared {@link HttpTransport}
   * with the provider's timeouts. Recognised options: {@code auth} ({@code bearer}, {@code x-api-key},
   * {@code x-goog-api-key}, {@code api-key}; default by format) and {@code anthropic-version}.
   *
   * @param baseUrl e.g. {@code https://api.openai.com/v1} for the OpenAI formats, {@code https://api.anthropic.com}
   *     for Anthropic, {@code https://generativelanguage.googleapis.com} for Gemini
   * @throws IllegalArgumentException when the name, base URL, a header or an option is unusable
   * @throws IllegalStateException when no codec for {@code format} is registered
   */
  public static HttpProviderAdapter create(
      ProviderSettings settings, WireFormat format, String baseUrl, AdapterResources resources) {
    String name = settings.name();
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a provider needs a name");
    }
    Objects.requireNonNull(format, "format");
    Endpoint endpoint = Endpoint.of(name, format, baseUrl, orEmpty(settings.headers()), orEmpty(settings.options()));
    WireCodec codec = resources.codec(format);
    HttpTransport transport = resources.shared(HttpTransport.class, HttpTransport::createDefault);
    return new HttpProviderAdapter(
        name, codec, endpoint, transport.client(settings.connectTimeout(), settings.readTimeout()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public WireFormat wireFormat() {
    return endpoint.format();
  }

  /** {@inheritDoc} {@code options.timeout()}, when set, bounds the whole exchange. */
  @Override
  public ChatResponse chat(ChatRequest request, CallOptions options) {
    Request http = endpoint.request(request.model(), false, codec.encodeRequest(request, false), options);
    byte[] body = exchange(http, options).body();
    ChatResponse response;
    try {
      response = codec.decodeResponse(body);
    } catch (LlmException e) {
      throw UpstreamFailures.attribute(e, name, options.apiKey());
    }
    return response.provider() == null ? response.toBuilder().provider(name).build() : response;
  }

  /**
   * {@inheritDoc} The stream is read on the consumer's thread; the provider's read timeout bounds each
   * silence. {@code options.timeout()} is not applied: it would cut a long answer, and a consumer can
   * {@link ChatStream#close() close} the stream from another thread at any time.
   */
  @Override
  public ChatStream stream(ChatRequest request, CallOptions options) {
    Request http = endpoint.request(request.model(), true, codec.encodeRequest(request, true), options);
    Call call = client.newCall(http);
    Response response = open(call, http, options);
    return new HttpChatStream(name, options.apiKey(), call, response, codec.newStreamDecoder());
  }

  /**
   * {@inheritDoc} The body is sent as received but for its top-level {@code model} (Gemini names the
   * model in the URL, so its body is untouched); the answer comes back byte for byte, a stream chunk
   * by chunk as it arrives, with a tap that reads the usage on the side.
   */
  @Override
  public NativeResponse forward(ForwardRequest forward, CallOptions options) {
    String model = forward.upstreamModel();
    boolean count = forward.operation() == NativeRequest.Operation.COUNT_TOKENS;
    boolean stream = forward.stream() && !count;
    HttpUrl url = count ? countTokensUrl(model) : endpoint.url(model, stream);
    byte[] body = endpoint.format() == WireFormat.GEMINI ? forward.body() : ModelField.replace(forward.body(), model);
    Map<String, String> headers = new LinkedHashMap<>(endpoint.passthroughHeaders(forward.clientHeaders()));
    headers.putAll(options.headers());
    CallOptions withClientHeaders = new CallOptions(options.requestId(), options.apiKey(), headers, options.timeout());
    Request http = endpoint.request(url, stream, body, withClientHeaders);
    if (!stream) {
      Exchange exchange = exchange(http, withClientHeaders);
      Usage usage = count ? null : usageOf(exchange.body());
      return NativeResponse.whole(200, contentType(exchange.contentType()), exchange.body()).withUsage(() -> usage);
    }
    Call call = client.newCall(http);
    Response response = open(call, http, withClientHeaders);
    HttpForwardStream passthrough = new HttpForwardStream(
        name, call, response, codec.newStreamDecoder(), () -> codec.newStreamEncoder(errorRequest(forward)));
    return NativeResponse.stream(contentType(response.header("content-type")), passthrough)
        .withUsage(passthrough::usage);
  }

  @Override
  public OptionalLong countTokens(ChatRequest request, CallOptions options) {
    if (!(codec instanceof TokenCountCodec counting)) {
      return OptionalLong.empty();
    }
    Request http = endpoint.request(
        countTokensUrl(request.model()), false, counting.encodeCountTokensRequest(request), options);
    byte[] body = exchange(http, options).body();
    try {
      return OptionalLong.of(counting.decodeCountTokensResponse(body));
    } catch (LlmException e) {
      throw UpstreamFailures.attribute(e, name, options.apiKey());
    }
  }

  private HttpUrl countTokensUrl(String model) {
    HttpUrl url = endpoint.countTokensUrl(model);
    if (url == null) {
      throw LlmException.builder(ErrorKind.NOT_FOUND,
          "provider '" + name + "' speaks " + endpoint.format().id() + ", which has no token-counting endpoint")
          .provider(name).build();
    }
    return url;
  }

  /**
   * The request a stream encoder writes a late failure for. A body the codec cannot decode went
   * upstream anyway (passthrough reads only its model): the error event is still owed to the client.
   */
  private static ChatRequest errorRequest(ForwardRequest forward) {
    try {
      return forward.request();
    } catch (RuntimeException undecodable) {
      return ChatRequest.builder().model(forward.upstreamModel()).stream(true).build();
    }
  }

  private Usage usageOf(byte[] body) {
    try {
      return codec.decodeUsage(body);
    } catch (RuntimeException notDecodable) {
      return null; // the client still gets the bytes; only accounting lacks a number
    }
  }

  private static Map<String, String> contentType(String value) {
    return value == null ? Map.of() : Map.of("content-type", value);
  }

  private record Exchange(byte[] body, String contentType) {}

  /** A whole request and answer; an error status or a transport failure is thrown typed. */
  private Exchange exchange(Request http, CallOptions options) {
    Call call = client.newCall(http);
    if (options.timeout() != null) {
      call.timeout().timeout(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    long start = System.nanoTime();
    try (Response response = call.execute()) {
      if (!response.isSuccessful()) {
        LlmException error = UpstreamFailures.fromStatus(name, options.apiKey(), codec, response);
        log(http, options, String.valueOf(response.code()), start);
        throw error;
      }
      byte[] body = response.body().bytes();
      log(http, options, String.valueOf(response.code()), start);
      return new Exchange(body, response.header("content-type"));
    } catch (IOException e) {
      log(http, options, e.getClass().getSimpleName(), start);
      throw UpstreamFailures.fromIo(name, "request", e);
    }
  }

  /** Sends a streaming request and returns once a success status arrived; an error status is thrown typed. */
  private Response open(Call call, Request http, CallOptions options) {
    long start = System.nanoTime();
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      log(http, options, e.getClass().getSimpleName(), start);
      throw UpstreamFailures.fromIo(name, "request", e);
    }
    if (!response.isSuccessful()) {
      LlmException error;
      try (response) {
        error = UpstreamFailures.fromStatus(name, options.apiKey(), codec, response);
      } catch (IOException e) {
        error = UpstreamFailures.fromIo(name, "request", e);
      }
      log(http, options, String.valueOf(response.code()), start);
      throw error;
    }
    log(http, options, response.code() + " stream", start);
    return response;
  }

  /** One line per upstream exchange: never headers, bodies or the query. */
  private void log(Request http, CallOptions options, String outcome, long startNanos) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("provider={} request={} {} {}{} -> {} in {} ms", name, options.requestId(), http.method(),
          http.url().host(), http.url().encodedPath(), outcome,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  @Override
  public String toString() {
    return "HttpProviderAdapter{" + name + ": " + endpoint + "}";
  }
}
