package dev.llmrouter.adapters.http;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderSettings;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.api.stream.ChatStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
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
    WireCodec codec = WireCodecs.forFormat(format);
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
    Call call = client.newCall(http);
    if (options.timeout() != null) {
      call.timeout().timeout(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    long start = System.nanoTime();
    byte[] body;
    try (Response response = call.execute()) {
      if (!response.isSuccessful()) {
        LlmException error = UpstreamFailures.fromStatus(name, options.apiKey(), codec, response);
        log(http, options, String.valueOf(response.code()), start);
        throw error;
      }
      body = response.body().bytes();
      log(http, options, String.valueOf(response.code()), start);
    } catch (IOException e) {
      log(http, options, e.getClass().getSimpleName(), start);
      throw UpstreamFailures.fromIo(name, "request", e);
    }
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
    return new HttpChatStream(name, options.apiKey(), call, response, codec.newStreamDecoder());
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
