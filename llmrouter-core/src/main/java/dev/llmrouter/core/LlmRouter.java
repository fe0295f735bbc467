package dev.llmrouter.core;

import dev.llmrouter.api.LlmClient;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.ForwardRequest;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.RequestHead;
import dev.llmrouter.api.spi.SelectionStrategy;
import dev.llmrouter.api.spi.TokenCountCodec;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.core.cache.CacheConfig;
import dev.llmrouter.core.cache.ResponseCache;
import dev.llmrouter.core.governance.Governance;
import dev.llmrouter.core.keys.KeyPool;
import dev.llmrouter.core.resilience.CircuitBreakerConfig;
import dev.llmrouter.core.resilience.CircuitState;
import dev.llmrouter.core.resilience.ErrorClassifier;
import dev.llmrouter.core.resilience.RetryConfig;
import dev.llmrouter.core.routing.SelectionStrategies;
import dev.llmrouter.core.telemetry.RouterTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>Every call — {@link #chat}, {@link #stream} and {@link #handle} — takes the same path:
 *
 * <ol>
 *   <li>the response cache, when configured and the request is cacheable;
 *   <li>the model name resolves to a {@link ModelGroup} (group name, alias, {@code provider/model},
 *       substring alias, wildcard pattern; see {@link Builder#alias});
 *   <li>the selection strategy picks a deployment among those whose circuit is not open and which have
 *       a usable key; the key pool hands out the next key;
 *   <li>the {@link AttemptInterceptor}s check the attempt; the adapter is called; the attempt succeeds
 *       once its answer has started (a whole answer, or a stream's first content);
 *   <li>on failure the {@link ErrorClassifier} decides: the request's own error goes to the caller; a
 *       rate-limited or refused key leaves the rotation and the next key takes over; a failing
 *       deployment counts against its circuit breaker and the next deployment takes over; when a pass
 *       over the group failed, another pass follows after backoff ({@link RetryConfig}), then the
 *       group's fallback chain.
 * </ol>
 *
 * <p>In Failsafe's terms the order is {@code Fallback(RetryPolicy(CircuitBreaker(attempt)))}, with key
 * and deployment failover inside each retry. Nothing is retried once the first byte of an answer has
 * reached the caller: a stream that breaks later ends with an error event in the caller's protocol.
 *
 * <p>Adapters are created through {@link ProviderAdapterFactory}s found with {@link ServiceLoader} (add
 * {@code llmrouter-adapters} to the class path) or added with {@link Builder#adapterFactory}.
 * Thread-safe. Close it to release its connection pool and threads. Nothing is global: two routers
 * share no state.
 */
public final class LlmRouter implements LlmClient, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LlmRouter.class);

  /** Response header of a count-tokens answer: {@code upstream} when a provider counted, {@code estimated} otherwise. */
  public static final String TOKEN_COUNT_HEADER = "x-llmrouter-token-count";

  /** Response header of {@link #handle} when the response cache applies: {@code hit} or {@code miss}. */
  public static final String CACHE_HEADER = "x-llmrouter-cache";

  private final Map<String, ProviderAdapter> adapters;
  private final CallExecutor executor;
  private final WireCodecs codecs;
  private final ResponseCache cache;
  private final Governance governance;
  private final Listeners listeners;
  private final SharedResources resources;
  private final SystemRouterClock ownedClock;
  private final ExecutorService asyncExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LlmRouter(Map<String, ProviderAdapter> adapters, CallExecutor executor, WireCodecs codecs,
      ResponseCache cache, Governance governance, Listeners listeners, SharedResources resources,
      SystemRouterClock ownedClock) {
    this.adapters = Map.copyOf(adapters);
    this.executor = executor;
    this.codecs = codecs;
    this.cache = cache;
    this.governance = governance;
    this.listeners = listeners;
    this.resources = resources;
    this.ownedClock = ownedClock;
    this.asyncExecutor = TaskExecutors.newTaskExecutor("llmrouter-async");
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  @SuppressWarnings("try") // the scope only has to be closed
  public ChatResponse chat(ChatRequest request) {
    return chat(request, null);
  }

  @SuppressWarnings("try") // the scope only has to be closed
  private ChatResponse chat(ChatRequest request, String credential) {
    Admitted admitted = admit(request, null, credential, null);
    ChatRequest governed = admitted.request;
    try (Scope traced = executor.telemetry().begin(admitted.call, governed, null)) {
      ChatResponse cached = cachedAnswer(admitted.call, admitted.partition, governed);
      if (cached != null) {
        return cached;
      }
      ChatRequest cacheKey = cacheable(governed) ? governed : null;
      return governed(admitted.call, () -> executor.execute(admitted.call, governed,
          attempt -> wholeAnswer(attempt, admitted.partition, cacheKey)));
    }
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return chatAsync(request, null);
  }

  private CompletableFuture<ChatResponse> chatAsync(ChatRequest request, String credential) {
    Objects.requireNonNull(request, "request");
    try {
      return CompletableFuture.supplyAsync(() -> chat(request, credential), asyncExecutor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(closedError());
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Returns once the upstream sent the first content of its answer: failures before it (an error
   * status, an error event right after the start, a stall) are retried and fall back like any other.
   */
  @Override
  @SuppressWarnings("try") // the scope only has to be closed
  public ChatStream stream(ChatRequest request) {
    return stream(request, null);
  }

  @SuppressWarnings("try") // the scope only has to be closed
  private ChatStream stream(ChatRequest request, String credential) {
    Admitted admitted =
        admit(request.stream() ? request : request.toBuilder().stream(true).build(), null, credential, null);
    ChatRequest streaming = admitted.request;
    try (Scope traced = executor.telemetry().begin(admitted.call, streaming, null)) {
      ChatResponse cached = cachedAnswer(admitted.call, admitted.partition, streaming);
      if (cached != null) {
        return new ReplayedStream(cached);
      }
      boolean store = cacheable(streaming);
      return governed(admitted.call, () -> executor.execute(admitted.call, streaming, attempt -> CommittedStream.open(
          attempt, store ? answer -> cache.put(admitted.partition, streaming, answer) : null)));
    }
  }

  /**
   * A client for the calls of one virtual key: with {@link Builder#governance governance}, its
   * budgets, limits and models apply to them. The key is checked on every call, so a revoked key fails
   * on its next call (401). Without governance the key is ignored.
   */
  public LlmClient withKey(String virtualKey) {
    return new LlmClient() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        return LlmRouter.this.chat(request, virtualKey);
      }

      @Override
      public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        return LlmRouter.this.chatAsync(request, virtualKey);
      }

      @Override
      public ChatStream stream(ChatRequest request) {
        return LlmRouter.this.stream(request, virtualKey);
      }

      @Override
      public String toString() {
        return "LlmRouter.withKey(…)";
      }
    };
  }

  /** A call after governance admitted it: the request to run and the cache partition of its caller. */
  /**
   * A call after governance admitted it: the request to run, the cache partition of its caller, and
   * whether admission changed {@code max_tokens} (a policy cap), which a passthrough body must then carry.
   */
  private record Admitted(CallInfo call, ChatRequest request, String partition, boolean maxTokensChanged) {}

  private Admitted admit(ChatRequest request, WireFormat clientFormat, String credential, String requestId) {
    CallInfo call = newCall(request, clientFormat, requestId);
    if (governance == null) {
      return new Admitted(call, request, "", false);
    }
    Governance.Admission admission = governance.admit(call, credential, request, this::upstreamModels);
    return new Admitted(call, admission.request(), admission.cachePartition(),
        !Objects.equals(request.settings().maxTokens(), admission.request().settings().maxTokens()));
  }

  private List<String> upstreamModels(String model) {
    Optional<ModelGroup> group = executor.registry().resolve(model);
    if (group.isEmpty()) {
      return List.of();
    }
    List<String> models = new ArrayList<>();
    for (Deployment deployment : group.get().deployments()) {
      models.add(deployment.upstreamModelFor(model));
    }
    return models;
  }

  /** Runs a call; a defect that skips the router's end events must not leave its reservation behind. */
  private <T> T governed(CallInfo call, java.util.function.Supplier<T> run) {
    try {
      return run.get();
    } catch (RuntimeException e) {
      if (governance != null) {
        governance.abandon(call);
      }
      throw e;
    }
  }

  /**
   * The native entry point: takes a request exactly as a client sent it in one wire format and
   * answers in that same format, whatever the upstream speaks. Each attempt decides for itself: when
   * its deployment speaks the client's format the body is forwarded unchanged but for the model
   * ("passthrough"); otherwise it is translated through the canonical model, streams event by event.
   * So a fallback to a provider of another format simply translates.
   *
   * <p>Every failure — a malformed body, an unknown model, an upstream error — comes back as the
   * format's own error envelope and status, never as an exception; the upstream's own error reaches
   * the client when it belongs to the request. A failure after a stream started arrives as the
   * format's in-band error event. When the response cache applies, the {@value #CACHE_HEADER} header
   * says {@code hit} or {@code miss}. Every answer carries the call's id in
   * {@value RouterTelemetry#REQUEST_ID_HEADER}: the client's own when it sent a sane one. The call's span
   * continues the client's {@code traceparent}.
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
    String requestId = RouterTelemetry.requestId(request.header(RouterTelemetry.REQUEST_ID_HEADER));
    return answer(codec, request, requestId).withHeader(RouterTelemetry.REQUEST_ID_HEADER, requestId);
  }

  @SuppressWarnings("try") // the scope only has to be closed
  private NativeResponse answer(WireCodec codec, NativeRequest request, String requestId) {
    try {
      if (request.operation() == NativeRequest.Operation.COUNT_TOKENS) {
        return countTokens(codec, request, requestId);
      }
      CallRequest routed = governance == null && cache == null ? routedByScan(codec, request) : null;
      if (routed != null) {
        return answerUndecoded(codec, request, requestId, routed);
      }
      Admitted admitted = admit(withPathOverrides(codec.decodeRequest(request.body()), request), request.format(),
          credential(request), requestId);
      ChatRequest decoded = admitted.request;
      try (Scope traced = executor.telemetry().begin(admitted.call, decoded, request)) {
        ChatResponse cached = cachedAnswer(admitted.call, admitted.partition, decoded);
        if (cached != null) {
          return encodeCached(codec, decoded, cached);
        }
        boolean store = cacheable(decoded);
        Map<String, String> headers = store ? Map.of(CACHE_HEADER, "miss") : Map.of();
        CallRequest whole = CallRequest.of(decoded);
        return governed(admitted.call, () -> executor.execute(admitted.call, whole,
            attempt -> nativeAnswer(attempt, request, whole, codec, store ? admitted.partition : null, headers,
                admitted.maxTokensChanged)));
      }
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
   * The call's model and stream flag from a scan of the client's body, the rest decoded only when an
   * attempt needs it (a translation, a selection strategy or listener that reads it); {@code null} when
   * the format cannot tell them cheaply. Only without governance and cache, which read the whole request
   * of every call. The scan checks the body's structure, not every value: a body that passes it but
   * that the codec would refuse goes upstream as received when the attempt is passthrough, and the
   * upstream's refusal (in the client's own format) is the answer; a translated attempt decodes it and
   * answers with the codec's 400 before calling anyone.
   */
  private static CallRequest routedByScan(WireCodec codec, NativeRequest request) {
    RequestHead head = codec.peekRequest(request.body());
    if (head == null) {
      return null;
    }
    String model = request.model() != null ? request.model() : head.model();
    boolean stream = request.stream() != null ? request.stream() : head.stream();
    if (model == null || model.isBlank()) {
      return null; // the decoder says what is missing
    }
    return CallRequest.lazy(model, stream, () -> withPathOverrides(codec.decodeRequest(request.body()), request));
  }

  @SuppressWarnings("try") // the scope only has to be closed
  private NativeResponse answerUndecoded(WireCodec codec, NativeRequest request, String requestId, CallRequest routed) {
    CallInfo call = newCall(routed.model(), routed.stream(), request.format(), requestId);
    try (Scope traced = executor.telemetry().begin(call, routed::get, request)) {
      return executor.execute(call, routed, attempt -> nativeAnswer(attempt, request, routed, codec, null, Map.of(), false));
    }
  }

  /** One attempt of {@link #handle}: passthrough when the deployment speaks the client's format, else translation. */
  private NativeResponse nativeAnswer(Attempt attempt, NativeRequest request, CallRequest call, WireCodec codec,
      String storeIn, Map<String, String> headers, boolean maxTokensChanged) {
    boolean store = storeIn != null;
    if (attempt.info.passthrough()) {
      AttemptInfo info = attempt.info;
      byte[] sent = maxTokensChanged ? withMaxTokens(codec, request.body(), call.get()) : request.body();
      NativeResponse forwarded = attempt.adapter.forward(ForwardRequest.lazy(info.upstreamModel(), call.stream(),
          info::request, sent, NativeRequest.Operation.GENERATE, request.headers()), attempt.options);
      if (forwarded.isStream()) {
        CommittedBodyStream body = CommittedBodyStream.open(attempt, forwarded.bodyStream(), codec::newStreamDecoder,
            () -> codec.newStreamEncoder(call.forErrors()), () -> usageOrZero(forwarded.usage()));
        return NativeResponse.stream(merge(forwarded.headers(), headers), body).withUsage(forwarded::usage);
      }
      attempt.commit(false);
      if (store) {
        ChatResponse answer = decodeForCache(codec, forwarded.body());
        if (answer != null) {
          cache.put(storeIn, call.get(), answer.toBuilder().provider(attempt.provider()).build());
        }
      }
      attempt.complete(usageOrZero(forwarded.usage()));
      return withHeaders(forwarded, headers);
    }
    ChatRequest decoded = call.get();
    if (decoded.stream()) {
      CommittedStream events = CommittedStream.open(attempt, store ? answer -> cache.put(storeIn, decoded, answer) : null);
      EncodedEventStream encoded = new EncodedEventStream(events, codec.newStreamEncoder(decoded), attempt.provider());
      return NativeResponse.stream(headers, encoded).withUsage(encoded::usage);
    }
    ChatResponse answer = wholeAnswer(attempt, storeIn, store ? decoded : null);
    return NativeResponse.whole(200, headers, codec.encodeResponse(answer, decoded)).withUsage(answer::usage);
  }

  private static Usage usageOrZero(Usage usage) {
    return usage == null ? Usage.ZERO : usage;
  }

  private static NativeResponse withHeaders(NativeResponse response, Map<String, String> headers) {
    NativeResponse with = response;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      with = with.withHeader(header.getKey(), header.getValue());
    }
    return with;
  }

  /** One whole (non-streamed) attempt; stores the answer under {@code cacheKey} unless it is null. */
  private ChatResponse wholeAnswer(Attempt attempt, String partition, ChatRequest cacheKey) {
    ChatResponse response = attempt.adapter.chat(attempt.request(), attempt.options);
    attempt.commit(false);
    ChatResponse answer = response.provider() == null ? response.toBuilder().provider(attempt.provider()).build() : response;
    attempt.responded(answer);
    if (cacheKey != null) {
      cache.put(partition, cacheKey, answer);
    }
    attempt.complete(answer.usage());
    return answer;
  }

  /** The client's body with the {@code max_tokens} admission set (a policy cap), written by its own codec. */
  private static byte[] withMaxTokens(WireCodec codec, byte[] body, ChatRequest admitted) {
    byte[] capped = codec.withMaxTokens(body, admitted.settings().maxTokens());
    if (capped == null) {
      throw LlmException.builder(ErrorKind.PERMISSION_DENIED, "max_tokens is above the llmrouter policy cap of "
          + admitted.settings().maxTokens() + " and a " + codec.format().id() + " body cannot be rewritten").build();
    }
    return capped;
  }

  /** The format's decoder reads the passthrough body only to cache it; a body it cannot read is not cached. */
  private static ChatResponse decodeForCache(WireCodec codec, byte[] body) {
    try {
      return codec.decodeResponse(body);
    } catch (RuntimeException e) {
      log.debug("passthrough answer not cached: {} cannot read it ({})", codec.format().id(), e.toString());
      return null;
    }
  }

  /** A cached answer in the client's format; its usage is that of the call that filled the cache. */
  private static NativeResponse encodeCached(WireCodec codec, ChatRequest decoded, ChatResponse cached) {
    Map<String, String> headers = Map.of(CACHE_HEADER, "hit");
    if (decoded.stream()) {
      return NativeResponse.stream(headers,
              new EncodedEventStream(new ReplayedStream(cached), codec.newStreamEncoder(decoded), cached.provider()))
          .withUsage(cached::usage);
    }
    return NativeResponse.whole(200, headers, codec.encodeResponse(cached, decoded)).withUsage(cached::usage);
  }

  private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
    if (second.isEmpty()) {
      return first;
    }
    Map<String, String> all = new LinkedHashMap<>(first);
    all.putAll(second);
    return all;
  }

  /**
   * The answer to a client's model listing, in its format: every group, alias and pattern the router
   * knows.
   */
  public NativeResponse listModels(WireFormat format) {
    return NativeResponse.whole(200, Map.of(), codecs.forFormat(format).encodeModelList(models()));
  }

  /** The error envelope and status a client of {@code format} expects for {@code error}. */
  public NativeResponse errorResponse(WireFormat format, LlmException error) {
    return errorResponse(codecs.forFormat(format), error);
  }

  private static NativeResponse errorResponse(WireCodec codec, LlmException error) {
    EncodedError encoded = codec.encodeError(error);
    return NativeResponse.whole(encoded.status(), encoded.headers(), encoded.body());
  }

  @SuppressWarnings("try") // the scope only has to be closed
  private NativeResponse countTokens(WireCodec codec, NativeRequest request, String requestId) {
    if (!(codec instanceof TokenCountCodec counting)) {
      throw LlmException.builder(ErrorKind.NOT_FOUND,
          "counting tokens is not part of the " + request.format().id() + " protocol").build();
    }
    if (governance != null) {
      governance.authenticate(credential(request));
    }
    ChatRequest decoded = withPathOverrides(counting.decodeCountTokensRequest(request.body()), request);
    CallInfo call = newCall(decoded, request.format(), requestId);
    try (Scope traced = executor.telemetry().begin(call, decoded, request)) {
      return executor.execute(call, decoded, attempt -> {
        if (attempt.info.passthrough()) {
          NativeResponse forwarded = attempt.adapter.forward(
              new ForwardRequest(attempt.request(), request.body(), NativeRequest.Operation.COUNT_TOKENS, request.headers()),
              attempt.options);
          attempt.commit(false);
          attempt.complete(Usage.ZERO);
          return forwarded;
        }
        OptionalLong upstream = attempt.adapter.countTokens(attempt.request(), attempt.options);
        attempt.commit(false);
        attempt.complete(Usage.ZERO);
        boolean estimated = upstream.isEmpty();
        long tokens = estimated ? TokenEstimator.estimateInput(decoded) : upstream.getAsLong();
        return NativeResponse.whole(200, Map.of(TOKEN_COUNT_HEADER, estimated ? "estimated" : "upstream"),
            counting.encodeCountTokensResponse(tokens, estimated));
      });
    }
  }

  private String credential(NativeRequest request) {
    if (governance == null) {
      return null;
    }
    return request.credential() != null ? request.credential() : Governance.credentialFrom(request.headers());
  }

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

  /** @param requestId the client's id, or {@code null} for a new one */
  private CallInfo newCall(ChatRequest request, WireFormat clientFormat, String requestId) {
    Objects.requireNonNull(request, "request");
    return newCall(request.model(), request.stream(), clientFormat, requestId);
  }

  private CallInfo newCall(String model, boolean stream, WireFormat clientFormat, String requestId) {
    if (closed.get()) {
      throw closedError();
    }
    return new CallInfo(requestId != null ? requestId : RouterTelemetry.requestId(null), model, stream, clientFormat);
  }

  private static LlmException closedError() {
    return LlmException.builder(ErrorKind.CONNECTION, "the router is closed").build();
  }

  private boolean cacheable(ChatRequest request) {
    return cache != null && cache.accepts(request);
  }

  /** The cached answer, reported to the listeners as a whole call, or {@code null}. */
  private ChatResponse cachedAnswer(CallInfo call, String partition, ChatRequest request) {
    if (!cacheable(request)) {
      return null;
    }
    Optional<ChatResponse> hit = cache.get(partition, request);
    if (hit.isEmpty()) {
      return null;
    }
    listeners.callStart(call);
    listeners.cacheHit(call);
    listeners.callEnd(call, null, hit.get().usage());
    return hit.get();
  }

  /**
   * The group {@code model} resolves to, as it would serve that name, without calling it; empty when
   * nothing matches. Its {@code toString()} describes the route, e.g. {@code openai/gpt-5.4-mini}.
   */
  public Optional<ModelGroup> resolve(String model) {
    return executor.registry().resolve(model).map(group -> group.forRequestedModel(model));
  }

  /** The configured provider names. */
  public List<String> providers() {
    return List.copyOf(new TreeSet<>(adapters.keySet()));
  }

  /** Model names clients can ask for: groups and aliases, then substring aliases as {@code *x*}, then patterns. */
  public List<String> models() {
    return executor.registry().describe();
  }

  /** The key pool of {@code provider}: key states for telemetry, and {@link KeyPool#reinstate} for operators. */
  public KeyPool keyPool(String provider) {
    KeyPool pool = executor.keyPool(provider);
    if (pool == null) {
      throw new IllegalArgumentException("unknown provider '" + provider + "'; configured: " + providers());
    }
    return pool;
  }

  /** The circuit state of a deployment; {@link CircuitState#CLOSED} for one not called yet. */
  public CircuitState circuitState(String provider, String upstreamModel) {
    return executor.circuitState(provider, upstreamModel);
  }

  /** The response cache, when one is configured. */
  public Optional<ResponseCache> cache() {
    return Optional.ofNullable(cache);
  }

  /** Releases adapters, the shared HTTP client, the timer and the async threads. Idempotent. */
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
    if (ownedClock != null) {
      ownedClock.close();
    }
  }

  /** Unwraps the {@link CompletionException} of {@link #chatAsync} for callers who join. */
  public static RuntimeException unwrap(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
  }

  /** Builds a router. Set-once checks catch conflicting configuration at build time. */
  public static final class Builder {
    private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    private final Map<String, ModelGroup> groups = new LinkedHashMap<>();
    private final Map<String, ModelRegistry.Target> aliases = new LinkedHashMap<>();
    private final Map<String, ModelRegistry.Target> substringAliases = new LinkedHashMap<>();
    private final Map<String, ModelRegistry.Pattern> patterns = new LinkedHashMap<>();
    private final List<ProviderAdapterFactory> factories = new ArrayList<>();
    private final List<WireCodec> codecs = new ArrayList<>();
    private final List<RouterListener> listeners = new ArrayList<>();
    private final List<AttemptInterceptor> interceptors = new ArrayList<>();
    private final Map<String, String> environment;
    private SelectionStrategy selection;
    private RetryConfig retry;
    private CircuitBreakerConfig circuitBreaker;
    private ErrorClassifier errorClassifier;
    private Duration keyCooldown;
    private CacheConfig cacheConfig;
    private Governance governance;
    private RouterClock clock;
    private OpenTelemetry openTelemetry;
    private MeterProvider meterProvider;
    private int latencyWindow = 20;

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

    /** Adds a model group. Names are unique among groups and aliases. */
    public Builder addModelGroup(ModelGroup group) {
      Objects.requireNonNull(group, "group");
      ModelGroup previous = groups.putIfAbsent(group.name(), group);
      if (previous != null && !previous.equals(group)) {
        throw new IllegalArgumentException("model '" + group.name() + "' is already routed to " + previous);
      }
      return this;
    }

    /** Routes {@code model} to {@code provider}, asking it for {@code upstreamModel}: a group of one deployment. */
    public Builder route(String model, String provider, String upstreamModel) {
      return addModelGroup(ModelGroup.single(ProviderConfig.requireText(model, "model"),
          Deployment.of(provider, upstreamModel)));
    }

    /** Routes {@code model} to {@code provider} under the same name. */
    public Builder route(String model, String provider) {
      return route(model, provider, model);
    }

    /** Routes every model whose name starts with {@code prefix} to {@code provider}, under its own name. */
    public Builder routePrefix(String prefix, String provider) {
      return routePattern(ProviderConfig.requireText(prefix, "prefix") + "*", provider);
    }

    /**
     * Routes every model matching {@code pattern} ({@code *} matches any run of characters, e.g.
     * {@code gemini-*-flash*}) to {@code provider}, under its own name.
     */
    public Builder routePattern(String pattern, String provider) {
      return addPattern(pattern, ModelRegistry.Target.provider(ProviderConfig.requireText(provider, "provider")));
    }

    /**
     * Another name for {@code target} (a group, another alias or {@code provider/model}). A name with
     * {@code *} is a pattern (e.g. {@code claude-*}) that sends every matching model there.
     *
     * <p>Resolution order: a group's name; an exact alias; {@code provider/model} or
     * {@code provider:model}; a {@link #substringAlias substring alias}; a pattern (the one with the
     * most literal characters wins, then the first added).
     */
    public Builder alias(String name, String target) {
      ProviderConfig.requireText(name, "alias");
      ModelRegistry.Target to = ModelRegistry.Target.model(ProviderConfig.requireText(target, "alias target"));
      if (name.contains("*")) {
        return addPattern(name, to);
      }
      ModelRegistry.Target previous = aliases.putIfAbsent(name, to);
      if (previous != null && !previous.equals(to)) {
        throw new IllegalArgumentException("alias '" + name + "' already points at " + previous);
      }
      return this;
    }

    /**
     * Sends every model whose name contains {@code substring}, ignoring case, to {@code target}; when
     * several match, the longest substring wins. E.g. {@code substringAlias("haiku", "fast")} catches
     * {@code claude-haiku-4-5} and {@code claude-3-5-haiku-latest}.
     */
    public Builder substringAlias(String substring, String target) {
      ModelRegistry.Target to = ModelRegistry.Target.model(ProviderConfig.requireText(target, "alias target"));
      ModelRegistry.Target previous = substringAliases.putIfAbsent(ProviderConfig.requireText(substring, "substring"), to);
      if (previous != null && !previous.equals(to)) {
        throw new IllegalArgumentException("substring alias '" + substring + "' already points at " + previous);
      }
      return this;
    }

    private Builder addPattern(String glob, ModelRegistry.Target target) {
      ProviderConfig.requireText(glob, "pattern");
      ModelRegistry.Pattern pattern = new ModelRegistry.Pattern(glob, target, patterns.size());
      ModelRegistry.Pattern previous = patterns.putIfAbsent(glob, pattern);
      if (previous != null && !previous.target().equals(target)) {
        throw new IllegalArgumentException("pattern '" + glob + "' is already routed to " + previous.target());
      }
      return this;
    }

    /** The strategy for groups without their own; default {@link SelectionStrategies#weightedRandom()}. */
    public Builder selection(SelectionStrategy strategy) {
      this.selection = set(this.selection, strategy, "selection");
      return this;
    }

    /** Retries, backoff and timeouts; default {@link RetryConfig#DEFAULTS}. */
    public Builder retry(RetryConfig config) {
      this.retry = set(this.retry, config, "retry");
      return this;
    }

    /** The breaker every deployment gets; default {@link CircuitBreakerConfig#DEFAULTS}. */
    public Builder circuitBreaker(CircuitBreakerConfig config) {
      this.circuitBreaker = set(this.circuitBreaker, config, "circuitBreaker");
      return this;
    }

    /** What failures mean; default {@link ErrorClassifier#defaults()}. */
    public Builder errorClassifier(ErrorClassifier classifier) {
      this.errorClassifier = set(this.errorClassifier, classifier, "errorClassifier");
      return this;
    }

    /** How long a rate-limited key rests when the provider gave no retry-after; default 5 s. */
    public Builder keyCooldown(Duration cooldown) {
      Objects.requireNonNull(cooldown, "keyCooldown");
      if (cooldown.isNegative() || cooldown.isZero()) {
        throw new IllegalArgumentException("keyCooldown must be positive: " + cooldown);
      }
      this.keyCooldown = set(this.keyCooldown, cooldown, "keyCooldown");
      return this;
    }

    /** Turns the response cache on. */
    public Builder cache(CacheConfig config) {
      this.cacheConfig = set(this.cacheConfig, config, "cache");
      return this;
    }

    /**
     * Turns governance on: virtual keys, policy, budgets, rate limits and cost for every call, passthrough
     * included. Its checks run before the other attempt interceptors.
     */
    public Builder governance(Governance value) {
      this.governance = set(this.governance, value, "governance");
      return this;
    }

    /** The router's time; default {@link RouterClock#system()}. Tests pass a manual clock. */
    public Builder clock(RouterClock value) {
      this.clock = set(this.clock, value, "clock");
      return this;
    }

    /**
     * Where spans and metrics go; default {@link GlobalOpenTelemetry#getOrNoop()} as it stands when the
     * router is built. Telemetry is always on: with the no-op implementation it costs next to nothing,
     * and the request log, MDC request id and {@code traceparent} propagation work regardless. See
     * {@link RouterTelemetry} for the span attributes and metrics.
     */
    public Builder openTelemetry(OpenTelemetry value) {
      this.openTelemetry = set(this.openTelemetry, value, "openTelemetry");
      return this;
    }

    /**
     * Where the router's metrics go instead of the {@link #openTelemetry} instance's meter provider,
     * which keeps the spans and propagation: {@link MeterProvider#noop()} turns the metrics off, a bridge
     * sends them to another metrics library under the same names, units and attributes (the Spring
     * starter passes one over Micrometer's {@code MeterRegistry}, so that they are not counted twice).
     */
    public Builder meterProvider(MeterProvider value) {
      this.meterProvider = set(this.meterProvider, value, "meterProvider");
      return this;
    }

    /** How many recent calls the latency averages of each deployment cover; default 20. */
    public Builder latencyWindow(int samples) {
      if (samples < 1) {
        throw new IllegalArgumentException("latencyWindow must be at least 1: " + samples);
      }
      this.latencyWindow = samples;
      return this;
    }

    public Builder addListener(RouterListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Adds a check that runs before every upstream attempt, fallbacks included. */
    public Builder addAttemptInterceptor(AttemptInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
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

    private static <T> T set(T current, T value, String what) {
      Objects.requireNonNull(value, what);
      if (current != null && !current.equals(value)) {
        throw new IllegalStateException(what + " was already set to " + current);
      }
      return value;
    }

    /**
     * Creates the adapters and checks the routing configuration.
     *
     * @throws IllegalStateException when a group, pattern or alias leads to an unknown provider or
     *     model, aliases go round in a circle, a deployment names keys its provider does not have, or a
     *     provider's type has no adapter factory
     */
    public LlmRouter build() {
      checkRoutes();
      ModelRegistry registry = new ModelRegistry(groups, aliases, substringAliases,
          new ArrayList<>(patterns.values()), providers.keySet());
      checkTargets(registry);

      Map<String, ProviderAdapterFactory> byType = new LinkedHashMap<>();
      for (ProviderAdapterFactory factory : ServiceLoader.load(ProviderAdapterFactory.class, LlmRouter.class.getClassLoader())) {
        byType.putIfAbsent(factory.type(), factory);
      }
      for (ProviderAdapterFactory factory : factories) {
        byType.put(factory.type(), factory);
      }
      SystemRouterClock ownedClock = clock == null ? new SystemRouterClock() : null;
      RouterClock routerClock = clock == null ? ownedClock : clock;
      WireCodecs wireCodecs = new WireCodecs(codecs);
      SharedResources resources = new SharedResources(wireCodecs);
      Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();
      Map<String, KeyPool> pools = new LinkedHashMap<>();
      Map<String, List<Secret>> keys = new LinkedHashMap<>();
      try {
        for (ProviderConfig provider : providers.values()) {
          ProviderAdapterFactory factory = byType.get(provider.type());
          if (factory == null) {
            throw new IllegalStateException("no adapter for provider type '" + provider.type() + "' (provider '"
                + provider.name() + "'); available types: " + new TreeSet<>(byType.keySet())
                + ". Is llmrouter-adapters on the class path?");
          }
          adapters.put(provider.name(), factory.create(provider, resources));
          pools.put(provider.name(), new KeyPool(provider.name(), provider.apiKeys(), routerClock::nanoTime));
          keys.put(provider.name(), provider.apiKeys());
        }
      } catch (RuntimeException e) {
        adapters.values().forEach(ProviderAdapter::close);
        resources.close();
        throw e;
      }
      OpenTelemetry otel = openTelemetry != null ? openTelemetry : GlobalOpenTelemetry.getOrNoop();
      RouterTelemetry telemetry = RouterTelemetry.create(otel,
          meterProvider != null ? meterProvider : otel.getMeterProvider(), providers.values(), routerClock::nanoTime);
      List<RouterListener> observers = new ArrayList<>(listeners);
      List<AttemptInterceptor> allInterceptors = new ArrayList<>(interceptors);
      if (governance != null) {
        // first: budgets and keys are checked before any other interceptor and settled before others observe
        observers.add(0, governance.listener());
        allInterceptors.add(0, governance.interceptor());
      }
      // last: a listener that reckons a call's cost at its end reports it before the span closes
      observers.add(telemetry);
      Listeners allListeners = new Listeners(observers);
      CallExecutor executor = new CallExecutor(adapters, pools, keys, registry,
          selection != null ? selection : SelectionStrategies.weightedRandom(),
          retry != null ? retry : RetryConfig.DEFAULTS,
          circuitBreaker != null ? circuitBreaker : CircuitBreakerConfig.DEFAULTS,
          errorClassifier != null ? errorClassifier : ErrorClassifier.defaults(),
          keyCooldown != null ? keyCooldown : Duration.ofSeconds(5),
          routerClock, allListeners, telemetry, allInterceptors, latencyWindow);
      ResponseCache responseCache = cacheConfig == null ? null : new ResponseCache(cacheConfig, routerClock::nanoTime);
      return new LlmRouter(adapters, executor, wireCodecs, responseCache, governance, allListeners, resources, ownedClock);
    }

    private void checkRoutes() {
      for (ModelGroup group : groups.values()) {
        if (aliases.containsKey(group.name())) {
          throw new IllegalStateException("'" + group.name() + "' is both a model group and an alias");
        }
        for (Deployment deployment : group.deployments()) {
          ProviderConfig provider = requireProvider(deployment.provider(), "model '" + group.name() + "'");
          for (Secret key : deployment.keys()) {
            if (!provider.apiKeys().contains(key)) {
              throw new IllegalStateException("model '" + group.name() + "' uses key " + key.fingerprint()
                  + " that provider '" + provider.name() + "' does not have");
            }
          }
        }
      }
      for (ModelRegistry.Pattern pattern : patterns.values()) {
        if (pattern.target().provider() != null) {
          requireProvider(pattern.target().provider(), "pattern '" + pattern.glob() + "'");
        }
      }
    }

    private void checkTargets(ModelRegistry registry) {
      Map<String, String> targets = new LinkedHashMap<>();
      aliases.forEach((name, target) -> targets.put("alias '" + name + "'", target.model()));
      substringAliases.forEach((name, target) -> targets.put("substring alias '" + name + "'", target.model()));
      for (ModelRegistry.Pattern pattern : patterns.values()) {
        if (pattern.target().model() != null) {
          targets.put("pattern '" + pattern.glob() + "'", pattern.target().model());
        }
      }
      for (ModelGroup group : groups.values()) {
        for (String fallback : group.fallbacks().targets()) {
          targets.put("the fallback '" + fallback + "' of model '" + group.name() + "'", fallback);
        }
      }
      targets.forEach((what, target) -> {
        try {
          if (registry.resolve(target).isEmpty()) {
            throw new IllegalStateException(what + " leads to unknown model '" + target + "'");
          }
        } catch (IllegalStateException e) {
          throw e.getMessage().startsWith(what) ? e : new IllegalStateException(what + ": " + e.getMessage(), e);
        }
      });
    }

    private ProviderConfig requireProvider(String provider, String what) {
      ProviderConfig config = providers.get(provider);
      if (config == null) {
        throw new IllegalStateException(
            what + " is routed to unknown provider '" + provider + "'; configured: " + providers.keySet());
      }
      return config;
    }
  }
}
