package dev.llmrouter.core;

import dev.llmrouter.api.LlmClient;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.ForwardRequest;
import dev.llmrouter.api.spi.TokenCountCodec;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.stream.ChatStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router: one {@link LlmClient} over every configured provider.
 *
 * <pre>{@code
 * try (LlmRouter router = LlmRouter.builder()
 *     .addProvider(ProviderConfig.builder("openai", "openai").apiKeys(Secret.parseList(key)).build())
 *     .route("fast", "openai", "gpt-5.4-mini")
 *     .build()) {
 *   ChatResponse reply = router.chat(ChatRequest.builder().model("fast").addMessage(Message.user("Hi")).build());
 * }
 * }</pre>
 *
 * <p>A call resolves the requested model to a {@link Deployment} (exact route, then
 * {@code provider/model} or {@code provider:model}, then the longest prefix route), takes the next key
 * of that provider's pool, rewrites the model to the upstream's name and calls the provider's adapter.
 * Adapters are created through {@link ProviderAdapterFactory}s found with {@link ServiceLoader} (add
 * {@code llmrouter-adapters} to the class path) or added with {@link Builder#adapterFactory}.
 *
 * <p>Thread-safe. Close it to release its connection pool and threads. Nothing is global: two routers
 * share no state.
 */
public final class LlmRouter implements LlmClient, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LlmRouter.class);

  private final Map<String, ProviderAdapter> adapters;
  private final Map<String, KeyRing> keys;
  private final ModelRoutes routes;
  private final WireCodecs codecs;
  private final SharedResources resources;
  private final ExecutorService asyncExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LlmRouter(
      Map<String, ProviderAdapter> adapters, Map<String, KeyRing> keys, ModelRoutes routes, WireCodecs codecs,
      SharedResources resources) {
    this.adapters = Map.copyOf(adapters);
    this.keys = Map.copyOf(keys);
    this.routes = routes;
    this.codecs = codecs;
    this.resources = resources;
    this.asyncExecutor = TaskExecutors.newTaskExecutor("llmrouter-async");
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Target target = target(request);
    long started = System.nanoTime();
    try {
      ChatResponse response = target.adapter.chat(target.request, target.options);
      logCall(target, "chat", started, null);
      return response.provider() == null ? response.toBuilder().provider(target.deployment.provider()).build() : response;
    } catch (LlmException e) {
      logCall(target, "chat", started, e);
      throw e;
    }
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      return CompletableFuture.supplyAsync(() -> chat(request), asyncExecutor);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          LlmException.builder(ErrorKind.CONNECTION, "the router is closed").build());
    }
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    Target target = target(request);
    long started = System.nanoTime();
    try {
      ChatStream stream = target.adapter.stream(target.request, target.options);
      logCall(target, "stream", started, null);
      return stream;
    } catch (LlmException e) {
      logCall(target, "stream", started, e);
      throw e;
    }
  }

  /**
   * The native entry point: takes a request exactly as a client sent it in one wire format and
   * answers in that same format, whatever the upstream speaks. When the upstream speaks the client's
   * format the body is forwarded unchanged but for the model ("passthrough"); otherwise it is
   * translated through the canonical model, streams event by event. Every failure — a malformed
   * body, an unknown model, an upstream error — comes back as the format's own error envelope and
   * status, never as an exception; a failure after a stream started arrives as the format's in-band
   * error event.
   *
   * <p>This is what the proxy calls for every front door; a library user can call it too. Close the
   * response (it may hold an open upstream stream).
   *
   * @throws IllegalStateException only when no codec serves the request's format (llmrouter-adapters
   *     missing from the class path)
   */
  public NativeResponse handle(NativeRequest request) {
    Objects.requireNonNull(request, "request");
    WireCodec codec = codecs.forFormat(request.format());
    try {
      if (request.operation() == NativeRequest.Operation.COUNT_TOKENS) {
        return countTokens(codec, request);
      }
      ChatRequest decoded = withPathOverrides(codec.decodeRequest(request.body()), request);
      Target target = target(decoded);
      if (target.adapter.wireFormat() == request.format()) {
        return target.adapter.forward(
            new ForwardRequest(target.request, request.body(), NativeRequest.Operation.GENERATE, request.headers()),
            target.options);
      }
      if (decoded.stream()) {
        ChatStream upstream = target.adapter.stream(target.request, target.options);
        EncodedEventStream encoded =
            new EncodedEventStream(upstream, codec.newStreamEncoder(decoded), target.deployment.provider());
        return NativeResponse.stream(Map.of(), encoded).withUsage(encoded::usage);
      }
      ChatResponse response = target.adapter.chat(target.request, target.options);
      return NativeResponse.whole(200, Map.of(), codec.encodeResponse(response, decoded)).withUsage(response::usage);
    } catch (LlmException e) {
      return errorResponse(codec, e);
    } catch (RuntimeException bug) {
      // a defect of ours must still reach the client in its own protocol, not as a dropped connection
      log.warn("internal error handling a {} request", request.format().id(), bug);
      return errorResponse(codec, LlmException.builder(ErrorKind.UPSTREAM_SERVER,
          "internal error in llmrouter (" + bug.getClass().getSimpleName() + ")").upstreamStatus(500).build());
    }
  }

  /**
   * The answer to a client's model listing, in its format: every exact route, every alias and
   * pattern the router knows.
   */
  public NativeResponse listModels(dev.llmrouter.api.WireFormat format) {
    return NativeResponse.whole(200, Map.of(), codecs.forFormat(format).encodeModelList(models()));
  }

  /** The error envelope and status a client of {@code format} expects for {@code error}. */
  public NativeResponse errorResponse(dev.llmrouter.api.WireFormat format, LlmException error) {
    return errorResponse(codecs.forFormat(format), error);
  }

  private static NativeResponse errorResponse(WireCodec codec, LlmException error) {
    EncodedError encoded = codec.encodeError(error);
    return NativeResponse.whole(encoded.status(), encoded.headers(), encoded.body());
  }

  private NativeResponse countTokens(WireCodec codec, NativeRequest request) {
    if (!(codec instanceof TokenCountCodec counting)) {
      throw LlmException.builder(ErrorKind.NOT_FOUND,
          "counting tokens is not part of the " + request.format().id() + " protocol").build();
    }
    ChatRequest decoded = withPathOverrides(counting.decodeCountTokensRequest(request.body()), request);
    Target target = target(decoded);
    if (target.adapter.wireFormat() == request.format()) {
      return target.adapter.forward(
          new ForwardRequest(target.request, request.body(), NativeRequest.Operation.COUNT_TOKENS, request.headers()),
          target.options);
    }
    OptionalLong upstream = target.adapter.countTokens(target.request, target.options);
    boolean estimated = upstream.isEmpty();
    long tokens = estimated ? TokenEstimator.estimateInput(decoded) : upstream.getAsLong();
    return NativeResponse.whole(200, Map.of(TOKEN_COUNT_HEADER, estimated ? "estimated" : "upstream"),
        counting.encodeCountTokensResponse(tokens, estimated));
  }

  /** Response header of a count-tokens answer: {@code upstream} when a provider counted, {@code estimated} otherwise. */
  public static final String TOKEN_COUNT_HEADER = "x-llmrouter-token-count";

  /** Gemini carries the model and the streaming switch in the URL, not the body. */
  private static ChatRequest withPathOverrides(ChatRequest decoded, NativeRequest request) {
    boolean modelFromPath = request.model() != null && !request.model().equals(decoded.model());
    boolean streamFromPath = request.stream() != null && request.stream() != decoded.stream();
    if (!modelFromPath && !streamFromPath) {
      return decoded;
    }
    ChatRequest.Builder b = decoded.toBuilder();
    if (modelFromPath) {
      b.model(request.model());
    }
    if (streamFromPath) {
      b.stream(request.stream());
    }
    return b.build();
  }

  /** Where {@code model} would go, without calling it; empty when no route matches. */
  public java.util.Optional<Deployment> resolve(String model) {
    return routes.resolve(model);
  }

  /** The configured provider names. */
  public List<String> providers() {
    return List.copyOf(new TreeSet<>(adapters.keySet()));
  }

  /** Model names clients can ask for: exact routes, then prefix routes shown as {@code prefix*}. */
  public List<String> models() {
    return routes.describe();
  }

  /** Releases adapters, the shared HTTP client and the async threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    asyncExecutor.shutdown();
    for (ProviderAdapter adapter : adapters.values()) {
      try {
        adapter.close();
      } catch (RuntimeException e) {
        log.warn("closing adapter {} failed: {}", adapter.name(), e.toString());
      }
    }
    resources.close();
  }

  private Target target(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    if (closed.get()) {
      throw LlmException.builder(ErrorKind.CONNECTION, "the router is closed").build();
    }
    Deployment deployment = routes.resolve(request.model())
        .orElseThrow(() -> LlmException.builder(
                ErrorKind.NOT_FOUND,
                "no route for model '" + request.model() + "'; known models: " + routes.describe()
                    + ", or prefix a provider: " + providers() + " as provider/model")
            .build());
    ProviderAdapter adapter = adapters.get(deployment.provider());
    Secret key = keys.get(deployment.provider()).next();
    ChatRequest upstreamRequest =
        request.model().equals(deployment.upstreamModel()) ? request : request.toBuilder().model(deployment.upstreamModel()).build();
    CallOptions options = new CallOptions(UUID.randomUUID().toString(), key, Map.of(), null);
    return new Target(deployment, adapter, upstreamRequest, options, key);
  }

  private static void logCall(Target target, String kind, long startedNanos, LlmException failure) {
    if (!log.isDebugEnabled()) {
      return;
    }
    long micros = (System.nanoTime() - startedNanos) / 1_000;
    String key = target.key == null ? "none" : target.key.fingerprint();
    if (failure == null) {
      log.debug("{} {} -> {} key={} {}us", kind, target.request.model(), target.deployment, key, micros);
    } else {
      log.debug("{} {} -> {} key={} failed {} {}us", kind, target.request.model(), target.deployment, key,
          failure.kind(), micros);
    }
  }

  private record Target(
      Deployment deployment, ProviderAdapter adapter, ChatRequest request, CallOptions options, Secret key) {}

  /** Unwraps the {@link CompletionException} of {@link #chatAsync} for callers who join. */
  public static RuntimeException unwrap(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
  }

  /** Builds a router. Set-once checks catch conflicting configuration at build time. */
  public static final class Builder {
    private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    private final Map<String, Deployment> exactRoutes = new LinkedHashMap<>();
    private final Map<String, String> prefixRoutes = new LinkedHashMap<>();
    private String catchAllProvider;
    private final List<ProviderAdapterFactory> factories = new ArrayList<>();
    private final List<WireCodec> codecs = new ArrayList<>();
    private final Map<String, String> environment;

    private Builder() {
      this(System.getenv());
    }

    private Builder(Map<String, String> environment) {
      this.environment = environment;
    }

    /** Adds a provider. Names are unique. */
    public Builder addProvider(ProviderConfig provider) {
      Objects.requireNonNull(provider, "provider");
      if (providers.putIfAbsent(provider.name(), provider) != null) {
        throw new IllegalArgumentException("provider '" + provider.name() + "' is already configured");
      }
      return this;
    }

    /** Routes {@code model} to {@code provider}, asking it for {@code upstreamModel}. */
    public Builder route(String model, String provider, String upstreamModel) {
      ProviderConfig.requireText(model, "model");
      Deployment deployment = new Deployment(
          ProviderConfig.requireText(provider, "provider"), ProviderConfig.requireText(upstreamModel, "upstream model"));
      Deployment previous = exactRoutes.putIfAbsent(model, deployment);
      if (previous != null && !previous.equals(deployment)) {
        throw new IllegalArgumentException("model '" + model + "' is already routed to " + previous);
      }
      return this;
    }

    /** Routes {@code model} to {@code provider} under the same name. */
    public Builder route(String model, String provider) {
      return route(model, provider, model);
    }

    /** Routes every model whose name starts with {@code prefix} to {@code provider}, under its own name. */
    public Builder routePrefix(String prefix, String provider) {
      String previous = prefixRoutes.putIfAbsent(ProviderConfig.requireText(prefix, "prefix"), provider);
      if (previous != null && !previous.equals(provider)) {
        throw new IllegalArgumentException("prefix '" + prefix + "' is already routed to " + previous);
      }
      return this;
    }

    /**
     * Routes every model that no other route matches to {@code provider}, under its own name (the
     * lowest-precedence route, e.g. a local mock or a gateway that knows every model).
     */
    public Builder routeAllTo(String provider) {
      ProviderConfig.requireText(provider, "provider");
      if (catchAllProvider != null && !catchAllProvider.equals(provider)) {
        throw new IllegalArgumentException("every other model is already routed to " + catchAllProvider);
      }
      catchAllProvider = provider;
      return this;
    }

    /** Whether a provider was added so far (by {@link #addProvider} or environment discovery). */
    public boolean hasProviders() {
      return !providers.isEmpty();
    }

    /**
     * Adds a provider for each of {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY} and
     * {@code GEMINI_API_KEY} that is set (several keys separated by spaces form a key pool), named
     * {@code openai}, {@code anthropic} and {@code gemini}, with prefix routes for their model families
     * ({@code gpt-}, {@code claude-}, {@code gemini-}…). Base URLs may be overridden with
     * {@code OPENAI_BASE_URL}, {@code ANTHROPIC_BASE_URL} and {@code GOOGLE_GEMINI_BASE_URL}. Providers
     * already added under those names are left alone.
     */
    public Builder discoverProvidersFromEnvironment() {
      return discoverProvidersFromEnvironment(environment);
    }

    /** As {@link #discoverProvidersFromEnvironment()}, reading {@code environment} instead of the process's. */
    public Builder discoverProvidersFromEnvironment(Map<String, String> environment) {
      for (EnvironmentDiscovery.Found found : EnvironmentDiscovery.discover(environment)) {
        if (!providers.containsKey(found.provider().name())) {
          addProvider(found.provider());
          for (String prefix : found.prefixes()) {
            routePrefix(prefix, found.provider().name());
          }
        }
      }
      return this;
    }

    /** Adds an adapter factory beside those found with {@link ServiceLoader}; it wins for its type. */
    public Builder adapterFactory(ProviderAdapterFactory factory) {
      factories.add(Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /** Adds a wire codec beside those found with {@link ServiceLoader}; it wins for its format. */
    public Builder codec(WireCodec codec) {
      codecs.add(Objects.requireNonNull(codec, "codec"));
      return this;
    }

    /**
     * Creates the adapters and checks the routes.
     *
     * @throws IllegalStateException when a route names an unknown provider or a provider's type has no
     *     adapter factory
     */
    public LlmRouter build() {
      for (Map.Entry<String, Deployment> route : exactRoutes.entrySet()) {
        requireProvider(route.getValue().provider(), "model '" + route.getKey() + "'");
      }
      for (Map.Entry<String, String> route : prefixRoutes.entrySet()) {
        requireProvider(route.getValue(), "prefix '" + route.getKey() + "'");
      }
      if (catchAllProvider != null) {
        requireProvider(catchAllProvider, "every other model");
      }
      Map<String, ProviderAdapterFactory> byType = new LinkedHashMap<>();
      for (ProviderAdapterFactory factory : ServiceLoader.load(ProviderAdapterFactory.class, LlmRouter.class.getClassLoader())) {
        byType.putIfAbsent(factory.type(), factory);
      }
      for (ProviderAdapterFactory factory : factories) {
        byType.put(factory.type(), factory);
      }
      WireCodecs wireCodecs = new WireCodecs(codecs);
      SharedResources resources = new SharedResources(wireCodecs);
      Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();
      Map<String, KeyRing> keyRings = new LinkedHashMap<>();
      try {
        for (ProviderConfig provider : providers.values()) {
          ProviderAdapterFactory factory = byType.get(provider.type());
          if (factory == null) {
            throw new IllegalStateException("no adapter for provider type '" + provider.type() + "' (provider '"
                + provider.name() + "'); available types: " + new TreeSet<>(byType.keySet())
                + ". Is llmrouter-adapters on the class path?");
          }
          adapters.put(provider.name(), factory.create(provider, resources));
          keyRings.put(provider.name(), new KeyRing(provider.apiKeys()));
        }
      } catch (RuntimeException e) {
        adapters.values().forEach(ProviderAdapter::close);
        resources.close();
        throw e;
      }
      return new LlmRouter(adapters, keyRings,
          new ModelRoutes(exactRoutes, prefixRoutes, providers.keySet(), catchAllProvider), wireCodecs, resources);
    }

    private void requireProvider(String provider, String what) {
      if (!providers.containsKey(provider)) {
        throw new IllegalStateException(
            what + " is routed to unknown provider '" + provider + "'; configured: " + providers.keySet());
      }
    }
  }
}
