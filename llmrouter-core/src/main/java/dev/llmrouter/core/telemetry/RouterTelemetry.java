package dev.llmrouter.core.telemetry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.GenerationSettings;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.AttemptInfo;
import dev.llmrouter.core.CallInfo;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.core.RouterListener;
import dev.llmrouter.core.resilience.CircuitState;
import dev.llmrouter.core.telemetry.CallTrace.AttemptTrace;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The router's telemetry: a span per call and per upstream attempt, GenAI metrics, one log line per
 * call, the request id in MDC. {@code LlmRouter} creates one and drives it: it is public so the core
 * packages reach it, not for applications, which configure telemetry with
 * {@code LlmRouter.Builder.openTelemetry}.
 *
 * <p>Spans: {@code chat {model}} (kind INTERNAL) per call, continuing the caller's current span or,
 * for {@code handle}, the client's {@code traceparent}; under it {@code chat {upstream model}} (kind
 * CLIENT) per attempt, whose context goes upstream in {@code traceparent}. Metrics:
 * {@code gen_ai.client.operation.duration}, {@code gen_ai.client.operation.time_to_first_chunk},
 * {@code gen_ai.client.token.usage} and the router's {@code llmrouter.*} counters. Logs: one INFO line
 * per call on logger {@value #REQUEST_LOGGER} (never a body), bodies at DEBUG on {@value #BODY_LOGGER}
 * only; configured keys and credential headers are masked in both and in span attributes.
 *
 * <p>Nothing here throws into a call: every failure is logged and dropped. With OpenTelemetry's no-op
 * implementation the spans and metrics cost next to nothing; a client's {@code traceparent} still
 * reaches the upstream unchanged.
 */
public final class RouterTelemetry implements RouterListener {
  /** The MDC key of the request id, set on the calling thread for the duration of a call. */
  public static final String MDC_REQUEST_ID = "llmrouter.request_id";
  /** The header that carries the request id: read from a client, written on every native answer. */
  public static final String REQUEST_ID_HEADER = "x-request-id";
  /**
   * The MDC key through which a front end describes the HTTP request a call serves ({@code method=POST
   * path=/v1/messages}, never a query or a header): the call's log line carries it and removes it, so
   * that the front end logs its own line only for requests that made no call (refused before the router,
   * or unreadable). Read on the thread that ends the call, which for the proxy is its request thread.
   */
  public static final String MDC_HTTP_REQUEST = "llmrouter.http_request";
  /** Logger of the one INFO line per call. */
  public static final String REQUEST_LOGGER = "dev.llmrouter.request";
  /** Logger of request and answer bodies, at DEBUG; off unless enabled. */
  public static final String BODY_LOGGER = "dev.llmrouter.bodies";

  static final String INSTRUMENTATION_SCOPE = "dev.llmrouter";
  private static final String OPERATION = "chat";
  private static final String COUNT_TOKENS = "count_tokens";
  /** The upstream type that marks an {@link #internalError}: no upstream uses it. */
  private static final String INTERNAL_ERROR = "llmrouter_internal_error";
  private static final Logger log = LoggerFactory.getLogger(RouterTelemetry.class);
  private static final Logger requestLog = LoggerFactory.getLogger(REQUEST_LOGGER);
  private static final Logger bodyLog = LoggerFactory.getLogger(BODY_LOGGER);

  private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key.toLowerCase(Locale.ROOT));
    }
  };

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Instruments metrics;
  /** False with the no-op meter provider: the per-call attribute sets would be built for nothing. */
  private final boolean metered;
  private final Redactor redactor;
  private final Map<String, String> systems;
  private final LongSupplier nanoTime;
  /** Weak keys compare by identity: every event of a call carries the same {@code CallInfo}. */
  private final Cache<CallInfo, CallTrace> calls = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

  private RouterTelemetry(OpenTelemetry openTelemetry, MeterProvider meters, Collection<ProviderConfig> providers,
      LongSupplier nanoTime) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
    this.metrics = new Instruments(meters.get(INSTRUMENTATION_SCOPE));
    this.metered = meters != MeterProvider.noop();
    TextMapPropagator configured = openTelemetry.getPropagators().getTextMapPropagator();
    // without a configured propagator the client's traceparent still travels on to the upstream
    this.propagator = configured == TextMapPropagator.noop() ? W3CTraceContextPropagator.getInstance() : configured;
    List<Secret> secrets = new ArrayList<>();
    Map<String, String> systems = new LinkedHashMap<>();
    for (ProviderConfig provider : providers) {
      secrets.addAll(provider.apiKeys());
      provider.headers().forEach((name, value) -> {
        if (name.toLowerCase(Locale.ROOT).matches(".*(auth|key|token|secret).*") && !value.isBlank()) {
          secrets.add(Secret.of(value));
        }
      });
      systems.put(provider.name(), system(provider.type()));
    }
    this.redactor = new Redactor(secrets);
    this.systems = Map.copyOf(systems);
    this.nanoTime = nanoTime;
  }

  /**
   * @param providers the router's providers: their types name the GenAI provider, their keys and
   *     credential headers are masked wherever text is logged
   * @param nanoTime the router's clock, for durations
   */
  public static RouterTelemetry create(OpenTelemetry openTelemetry, Collection<ProviderConfig> providers,
      LongSupplier nanoTime) {
    return create(openTelemetry, openTelemetry.getMeterProvider(), providers, nanoTime);
  }

  /**
   * @param meters where the metrics go instead of {@code openTelemetry}'s own meter provider (spans and
   *     propagation stay with {@code openTelemetry})
   */
  public static RouterTelemetry create(OpenTelemetry openTelemetry, MeterProvider meters,
      Collection<ProviderConfig> providers, LongSupplier nanoTime) {
    return new RouterTelemetry(openTelemetry, meters, providers, nanoTime);
  }

  /** The GenAI {@code gen_ai.provider.name} of an adapter type. */
  static String system(String type) {
    switch (type) {
      case "gemini":
        return "gcp.gemini";
      case "vertex":
      case "vertex-ai":
        return "gcp.vertex_ai";
      case "azure":
      case "azure-openai":
        return "azure.ai.openai";
      case "bedrock":
        return "aws.bedrock";
      default:
        return type;
    }
  }

  /**
   * A defect that escaped a call (a {@code RuntimeException} or {@code Error} of an adapter, an
   * interceptor or the router), as the call's listeners see it: a 500 whose cause is the defect. Its
   * {@code error.type} is the defect's class name, as the semantic conventions advise for exceptions.
   *
   * @param provider the provider of the attempt it escaped, or {@code null}
   */
  public static LlmException internalError(Throwable bug, String provider) {
    return LlmException.builder(ErrorKind.UPSTREAM_SERVER,
            "internal error in llmrouter (" + bug.getClass().getSimpleName() + ")")
        .upstreamStatus(500).upstreamType(INTERNAL_ERROR).provider(provider).cause(bug).build();
  }

  /** The client's request id when it is a sane token, else a new one. */
  public static String requestId(String offered) {
    return offered != null && sane(offered) ? offered : newRequestId();
  }

  /** 1–128 of {@code A-Z a-z 0-9 . _ : -}: safe in a header, a log line and a span. */
  private static boolean sane(String id) {
    int length = id.length();
    if (length == 0 || length > 128) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A random (version 4 form) UUID from {@link ThreadLocalRandom}: a request id must be unique, not
   * unguessable, and {@code UUID.randomUUID()} takes the shared {@code SecureRandom} on every call.
   */
  private static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /**
   * Opens the call's span and puts it and the request id in the calling thread's context until the
   * returned scope closes; the span itself ends with the call ({@code callEnd}/{@code callFailed}).
   *
   * @param from the client's native request, whose {@code traceparent} the span continues, or {@code null}
   */
  public Scope begin(CallInfo call, ChatRequest request, NativeRequest from) {
    return begin(call, request == null ? null : () -> request, from);
  }

  /**
   * As {@link #begin(CallInfo, ChatRequest, NativeRequest)}, reading the request only when the span
   * records or the body log is on: a passthrough call need not decode the client's body for telemetry.
   */
  public Scope begin(CallInfo call, Supplier<ChatRequest> request, NativeRequest from) {
    try {
      String operation = from != null && from.operation() == NativeRequest.Operation.COUNT_TOKENS ? COUNT_TOKENS : OPERATION;
      CallTrace trace = calls.get(call, c -> open(c, request, from == null ? Map.of() : from.headers(), operation));
      Scope context = trace.context.makeCurrent();
      String previous = MDC.get(MDC_REQUEST_ID);
      MDC.put(MDC_REQUEST_ID, call.requestId());
      if (bodyLog.isDebugEnabled()) {
        logRequestBody(trace, request, from);
      }
      return () -> {
        context.close();
        if (previous == null) {
          MDC.remove(MDC_REQUEST_ID);
        } else {
          MDC.put(MDC_REQUEST_ID, previous);
        }
      };
    } catch (RuntimeException e) {
      log.warn("telemetry failed to begin a call; ignored", e);
      return Scope.noop();
    }
  }

  private CallTrace open(CallInfo call, Supplier<ChatRequest> request, Map<String, String> clientHeaders,
      String operation) {
    Context current = Context.current();
    Context parent = clientHeaders.isEmpty() || Span.fromContext(current).getSpanContext().isValid()
        ? current : propagator.extract(current, clientHeaders, HEADERS);
    SpanBuilder builder = tracer.spanBuilder(operation + " " + call.model())
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(Names.OPERATION, operation)
        .setAttribute(Names.REQUEST_MODEL, redactor.redact(call.model()))
        .setAttribute(Names.REQUEST_ID, call.requestId())
        .setAttribute(Names.STREAM, call.stream());
    if (call.clientFormat() != null) {
      builder.setAttribute(Names.CLIENT_FORMAT, call.clientFormat().id());
    }
    Span span = builder.startSpan();
    if (request != null) {
      settings(span, request);
    }
    return new CallTrace(call.requestId(), operation, call.model(), call.stream(),
        call.clientFormat() == null ? null : call.clientFormat().id(), span, parent.with(span), nanoTime.getAsLong());
  }

  /**
   * The request's generation settings on a recording span. Set after the span started, because
   * reading them may decode a passthrough body, which only a recording span is worth.
   */
  private static void settings(Span span, Supplier<ChatRequest> request) {
    if (!span.isRecording()) {
      return;
    }
    ChatRequest decoded = decoded(request);
    if (decoded == null) {
      return;
    }
    GenerationSettings settings = decoded.settings();
    if (settings.maxTokens() != null) {
      span.setAttribute(Names.MAX_TOKENS, settings.maxTokens().longValue());
    }
    if (settings.temperature() != null) {
      span.setAttribute(Names.TEMPERATURE, settings.temperature());
    }
    if (settings.topP() != null) {
      span.setAttribute(Names.TOP_P, settings.topP());
    }
  }

  /** The request, or {@code null} when a passthrough body cannot be decoded (the upstream judges it). */
  private static ChatRequest decoded(Supplier<ChatRequest> request) {
    try {
      return request.get();
    } catch (LlmException undecodable) {
      return null;
    }
  }

  /**
   * The headers that carry an attempt's trace context upstream ({@code traceparent}, and whatever else
   * the configured propagator writes), to go into its {@code CallOptions}.
   */
  public Map<String, String> upstreamHeaders(AttemptInfo attempt) {
    try {
      AttemptTrace trace = attemptTrace(attempt);
      if (trace == null) {
        return Map.of();
      }
      Map<String, String> headers = new LinkedHashMap<>();
      propagator.inject(trace.context, headers, (carrier, name, value) -> carrier.put(name, value));
      return headers;
    } catch (RuntimeException e) {
      log.warn("telemetry failed to propagate the trace context; ignored", e);
      return Map.of();
    }
  }

  /** A whole answer arrived for {@code attempt}. */
  @SuppressWarnings("try") // the MDC entry only has to be removed
  public void responded(AttemptInfo attempt, ChatResponse answer) {
    try {
      AttemptTrace trace = attemptTrace(attempt);
      if (trace != null) {
        trace.responseModel = answer.model();
        trace.responseId = answer.id();
        trace.stopReason = answer.stopReason();
      }
      if (bodyLog.isDebugEnabled()) {
        try (MDC.MDCCloseable id = MDC.putCloseable(MDC_REQUEST_ID, attempt.call().requestId())) {
          bodyLog.debug("answer from {}/{}: {}", attempt.provider(), attempt.upstreamModel(),
              redactor.redact(answer.text()));
        }
      }
    } catch (RuntimeException e) {
      log.warn("telemetry failed to record an answer; ignored", e);
    }
  }

  /** The caller closed the stream of {@code attempt} before its end; the log line says so. */
  public void closedByCaller(AttemptInfo attempt) {
    CallTrace trace = calls.getIfPresent(attempt.call());
    if (trace != null) {
      trace.closedByCaller = true;
    }
  }

  /** A canonical stream event of {@code attempt}: its start and stop reason name the response. */
  public void streamed(AttemptInfo attempt, StreamEvent event) {
    AttemptTrace trace;
    if (event instanceof StreamEvent.MessageStart start) {
      trace = attemptTrace(attempt);
      if (trace != null) {
        trace.responseModel = start.model();
        trace.responseId = start.id();
      }
    } else if (event instanceof StreamEvent.MessageDelta delta && delta.stopReason() != null) {
      trace = attemptTrace(attempt);
      if (trace != null) {
        trace.stopReason = delta.stopReason();
      }
    }
  }

  /**
   * Governance: the virtual key a call runs under and the state of its budget (e.g. {@code ok},
   * {@code alert}, {@code exceeded}); they go on the call's span and log line. Either may be null.
   */
  public void governance(CallInfo call, String virtualKeyId, String budgetState) {
    CallTrace trace = calls.getIfPresent(call);
    if (trace == null) {
      return;
    }
    trace.virtualKeyId = virtualKeyId;
    trace.budgetState = budgetState;
    if (virtualKeyId != null) {
      trace.span.setAttribute(Names.VIRTUAL_KEY, virtualKeyId);
    }
    if (budgetState != null) {
      trace.span.setAttribute(Names.BUDGET_STATE, budgetState);
    }
  }

  /**
   * Governance: the cost of a call, in US dollars, once the price table reckoned it. Counted in
   * {@code llmrouter.cost} at once; on the span and log line when reported before the call ends.
   */
  public void cost(CallInfo call, AttemptInfo servedBy, double usd) {
    try {
      AttributesBuilder attributes = Attributes.builder().put(Names.OPERATION, OPERATION);
      if (servedBy != null) {
        attributes.put(Names.PROVIDER, systems.getOrDefault(servedBy.provider(), servedBy.provider()))
            .put(Names.ROUTER_PROVIDER, servedBy.provider())
            .put(Names.REQUEST_MODEL, servedBy.upstreamModel());
      }
      metrics.cost.add(usd, attributes.build());
      CallTrace trace = calls.getIfPresent(call);
      if (trace != null) {
        trace.cost = usd;
        trace.span.setAttribute(Names.COST, usd);
      }
    } catch (RuntimeException e) {
      log.warn("telemetry failed to record a cost; ignored", e);
    }
  }

  private AttemptTrace attemptTrace(AttemptInfo attempt) {
    CallTrace trace = calls.getIfPresent(attempt.call());
    return trace == null ? null : trace.attempts.get(attempt.number());
  }

  // ---- router events

  @Override
  public void callStart(CallInfo call) {
    CallTrace trace = calls.get(call, c -> open(c, null, Map.of(), OPERATION));
    trace.started = true;
    if (metered) {
      metrics.activeRequests.add(1, Attributes.of(Names.OPERATION, trace.operation));
    }
  }

  @Override
  public void cacheHit(CallInfo call) {
    CallTrace trace = calls.getIfPresent(call);
    if (trace != null) {
      trace.cacheHit = true;
    }
    metrics.cacheHits.add(1, Attributes.of(Names.OPERATION, trace == null ? OPERATION : trace.operation,
        Names.REQUEST_MODEL, modelOf(trace)));
  }

  @Override
  public void attemptStart(AttemptInfo attempt) {
    CallTrace call = calls.getIfPresent(attempt.call());
    if (call == null) {
      return;
    }
    call.attemptCount = attempt.number();
    String system = systems.getOrDefault(attempt.provider(), attempt.provider());
    SpanBuilder builder = tracer.spanBuilder(call.operation + " " + attempt.upstreamModel())
        .setParent(call.context)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(Names.OPERATION, call.operation)
        .setAttribute(Names.PROVIDER, system)
        .setAttribute(Names.SYSTEM, system)
        .setAttribute(Names.REQUEST_MODEL, attempt.upstreamModel())
        .setAttribute(Names.ROUTER_PROVIDER, attempt.provider())
        .setAttribute(Names.MODEL_GROUP, attempt.group())
        .setAttribute(Names.DEPLOYMENT, attempt.provider() + "/" + attempt.upstreamModel())
        .setAttribute(Names.ATTEMPT, (long) attempt.number())
        .setAttribute(Names.PASSTHROUGH, attempt.passthrough())
        .setAttribute(Names.UPSTREAM_FORMAT, attempt.upstreamFormat().id())
        .setAttribute(Names.REQUEST_ID, call.requestId);
    if (attempt.keyFingerprint() != null) {
      builder.setAttribute(Names.KEY_ALIAS, attempt.keyFingerprint());
    }
    if (call.lastFailure != null) {
      builder.setAttribute(Names.RETRY_REASON, call.lastFailure);
    }
    Span span = builder.startSpan();
    settings(span, attempt::request);
    call.attempts.put(attempt.number(),
        new AttemptTrace(span, call.context.with(span), attempt.provider(), system, attempt.upstreamModel()));
  }

  @Override
  public void firstToken(AttemptInfo attempt, Duration sinceAttemptStart) {
    CallTrace call = calls.getIfPresent(attempt.call());
    if (call == null) {
      return;
    }
    AttemptTrace trace = call.attempts.get(attempt.number());
    if (trace != null) {
      trace.span.setAttribute(Names.TIME_TO_FIRST_CHUNK, seconds(sinceAttemptStart.toNanos()));
    }
    double sinceCallStart = seconds(nanoTime.getAsLong() - call.startNanos);
    call.timeToFirstChunk = sinceCallStart;
    call.span.setAttribute(Names.TIME_TO_FIRST_CHUNK, sinceCallStart);
    metrics.timeToFirstChunk.record(sinceCallStart, Attributes.builder()
        .put(Names.OPERATION, call.operation)
        .put(Names.PROVIDER, systems.getOrDefault(attempt.provider(), attempt.provider()))
        .put(Names.REQUEST_MODEL, modelOf(call))
        .build());
  }

  @Override
  public void attemptFailed(AttemptInfo attempt, LlmException cause, boolean willRetry) {
    CallTrace call = calls.getIfPresent(attempt.call());
    String type = errorType(cause);
    String system = systems.getOrDefault(attempt.provider(), attempt.provider());
    metrics.errors.add(1, Attributes.of(Names.PROVIDER, system, Names.ROUTER_PROVIDER, attempt.provider(),
        Names.ERROR_TYPE, type));
    if (willRetry) {
      metrics.retries.add(1, Attributes.of(Names.ROUTER_PROVIDER, attempt.provider(), Names.ERROR_TYPE, type));
    }
    if (call == null) {
      return;
    }
    call.lastFailure = type;
    if (willRetry) {
      call.retries++;
    }
    AttemptTrace trace = call.attempts.remove(attempt.number());
    if (trace != null) {
      trace.span.setAttribute(Names.OUTCOME, willRetry ? "retried" : "failed");
      fail(trace.span, cause);
      trace.span.end();
    }
  }

  @Override
  public void fallback(CallInfo call, String fromGroup, String toGroup, LlmException cause) {
    String type = errorType(cause);
    metrics.fallbacks.add(1, Attributes.of(Names.FALLBACK_FROM, fromGroup, Names.FALLBACK_TO, toGroup,
        Names.ERROR_TYPE, type));
    CallTrace trace = calls.getIfPresent(call);
    if (trace != null) {
      trace.fallbacks++;
      trace.span.setAttribute(Names.FALLBACK_REASON, type);
      trace.span.addEvent("llmrouter.fallback", Attributes.of(Names.FALLBACK_FROM, fromGroup,
          Names.FALLBACK_TO, toGroup, Names.ERROR_TYPE, type));
    }
  }

  @Override
  public void keyCooledDown(String provider, String keyFingerprint, Duration cooldown) {
    metrics.keyCooldowns.add(1, Attributes.of(Names.ROUTER_PROVIDER, provider, Names.KEY_ALIAS, keyFingerprint));
    Span.current().addEvent("llmrouter.key_cooled_down",
        Attributes.of(Names.ROUTER_PROVIDER, provider, Names.KEY_ALIAS, keyFingerprint));
  }

  @Override
  public void keyRevoked(String provider, String keyFingerprint, LlmException cause) {
    metrics.keyRevocations.add(1, Attributes.of(Names.ROUTER_PROVIDER, provider, Names.KEY_ALIAS, keyFingerprint,
        Names.ERROR_TYPE, errorType(cause)));
    Span.current().addEvent("llmrouter.key_revoked",
        Attributes.of(Names.ROUTER_PROVIDER, provider, Names.KEY_ALIAS, keyFingerprint));
  }

  @Override
  public void circuitStateChanged(String provider, String upstreamModel, CircuitState from, CircuitState to) {
    metrics.circuitTransitions.add(1, Attributes.of(Names.DEPLOYMENT, provider + "/" + upstreamModel,
        Names.CIRCUIT_FROM, from.name().toLowerCase(Locale.ROOT), Names.CIRCUIT_TO, to.name().toLowerCase(Locale.ROOT)));
  }

  @Override
  public void callEnd(CallInfo call, AttemptInfo servedBy, Usage usage) {
    CallTrace trace = calls.asMap().remove(call);
    if (trace == null) {
      return;
    }
    AttemptTrace served = servedBy == null ? null : trace.attempts.remove(servedBy.number());
    String outcome = servedBy == null ? "cache_hit" : "ok";
    if (served != null) {
      answered(served.span, served, usage);
      served.span.setAttribute(Names.OUTCOME, outcome);
      served.span.end();
      trace.span.setAttribute(Names.PROVIDER, served.system)
          .setAttribute(Names.SYSTEM, served.system)
          .setAttribute(Names.ROUTER_PROVIDER, served.provider)
          .setAttribute(Names.DEPLOYMENT, served.deployment);
    }
    answered(trace.span, served, usage);
    finish(trace, outcome, null, usage, served, 200);
  }

  @Override
  public void callFailed(CallInfo call, LlmException error, Usage usageSoFar) {
    CallTrace trace = calls.asMap().remove(call);
    if (trace == null) {
      return;
    }
    for (AttemptTrace open : trace.attempts.values()) {
      fail(open.span, error);
      open.span.end();
    }
    trace.attempts.clear();
    fail(trace.span, error);
    setUsage(trace.span, usageSoFar);
    finish(trace, "error", error, usageSoFar, null, error.httpStatus());
  }

  // ---- helpers

  private void answered(Span span, AttemptTrace served, Usage usage) {
    if (served != null) {
      if (served.responseModel != null) {
        span.setAttribute(Names.RESPONSE_MODEL, served.responseModel);
      }
      if (served.responseId != null) {
        span.setAttribute(Names.RESPONSE_ID, served.responseId);
      }
      if (served.stopReason != null) {
        span.setAttribute(Names.FINISH_REASONS, List.of(finishReason(served.stopReason)));
      }
    }
    setUsage(span, usage);
  }

  private static void setUsage(Span span, Usage usage) {
    if (usage == null || usage.totalTokens() == 0) {
      return;
    }
    span.setAttribute(Names.INPUT_TOKENS, usage.totalInputTokens());
    span.setAttribute(Names.OUTPUT_TOKENS, usage.outputTokens());
    if (usage.cacheReadTokens() > 0) {
      span.setAttribute(Names.CACHE_READ_TOKENS, usage.cacheReadTokens());
    }
    if (usage.cacheWriteTokens() > 0) {
      span.setAttribute(Names.CACHE_WRITE_TOKENS, usage.cacheWriteTokens());
    }
  }

  private void fail(Span span, LlmException error) {
    String type = errorType(error);
    span.setStatus(StatusCode.ERROR, type);
    span.setAttribute(Names.ERROR_TYPE, type);
    if (error.upstreamStatus() > 0) {
      span.setAttribute(Names.HTTP_STATUS, (long) error.upstreamStatus());
    }
    // no stack trace: it says nothing about an upstream's failure, and costs
    Throwable shown = defect(error) != null ? defect(error) : error;
    span.addEvent("exception", Attributes.of(Names.EXCEPTION_TYPE, shown.getClass().getName(),
        Names.EXCEPTION_MESSAGE, shown.getMessage() == null ? "" : redactor.redact(shown.getMessage())));
  }

  /** The end of a call: its span, metrics and log line. */
  private void finish(CallTrace trace, String outcome, LlmException error, Usage usage, AttemptTrace served,
      int status) {
    long elapsed = nanoTime.getAsLong() - trace.startNanos;
    Span span = trace.span;
    span.setAttribute(Names.OUTCOME, outcome);
    span.setAttribute(Names.ATTEMPTS, (long) trace.attemptCount);
    span.setAttribute(Names.CACHE_HIT, trace.cacheHit);
    if (trace.fallbacks > 0) {
      span.setAttribute(Names.FALLBACKS, (long) trace.fallbacks);
    }
    span.end();
    if (metered) {
      record(trace, outcome, error, usage, served, elapsed);
    }
    // taken even when the line is off: a call's line stands for the front end's
    String http = MDC.get(MDC_HTTP_REQUEST);
    if (http != null) {
      MDC.remove(MDC_HTTP_REQUEST);
    }
    if (requestLog.isInfoEnabled()) {
      logLine(trace, outcome, error, usage, served, status, elapsed, http);
    }
  }

  private void record(CallTrace trace, String outcome, LlmException error, Usage usage, AttemptTrace served,
      long elapsed) {
    AttributesBuilder common = Attributes.builder()
        .put(Names.OPERATION, trace.operation)
        .put(Names.REQUEST_MODEL, modelOf(trace));
    if (served != null) {
      common.put(Names.PROVIDER, served.system).put(Names.ROUTER_PROVIDER, served.provider);
      if (served.responseModel != null) {
        common.put(Names.RESPONSE_MODEL, served.responseModel);
      }
    }
    Attributes base = common.build();
    Attributes withError = error == null ? base : base.toBuilder().put(Names.ERROR_TYPE, errorType(error)).build();
    if (trace.started) {
      metrics.activeRequests.add(-1, Attributes.of(Names.OPERATION, trace.operation));
    }
    metrics.duration.record(seconds(elapsed), withError);
    metrics.requests.add(1, withError.toBuilder().put(Names.OUTCOME, outcome).build());
    if (usage != null && usage.totalTokens() > 0) {
      metrics.tokenUsage.record(usage.totalInputTokens(), base.toBuilder().put(Names.TOKEN_TYPE, "input").build());
      metrics.tokenUsage.record(usage.outputTokens(), base.toBuilder().put(Names.TOKEN_TYPE, "output").build());
    }
  }

  @SuppressWarnings("try") // the MDC entry only has to be removed
  private void logLine(CallTrace trace, String outcome, LlmException error, Usage usage, AttemptTrace served,
      int status, long elapsedNanos, String http) {
    StringBuilder line = new StringBuilder("llm call operation=").append(trace.operation)
        .append(" model=").append(redactor.redact(trace.model))
        .append(" provider=").append(served == null ? "-" : served.provider)
        .append(" deployment=").append(served == null ? "-" : served.deployment)
        .append(" outcome=").append(outcome)
        .append(" status=").append(status)
        .append(" duration_ms=").append(elapsedNanos / 1_000_000);
    if (trace.timeToFirstChunk != null) {
      line.append(" ttft_ms=").append(Math.round(trace.timeToFirstChunk * 1000));
    }
    Usage known = usage == null ? Usage.ZERO : usage;
    line.append(" input_tokens=").append(known.totalInputTokens())
        .append(" output_tokens=").append(known.outputTokens())
        .append(" cache=").append(trace.cacheHit ? "hit" : "miss")
        .append(" attempts=").append(trace.attemptCount)
        .append(" retries=").append(trace.retries)
        .append(" fallbacks=").append(trace.fallbacks)
        .append(" stream=").append(trace.stream);
    if (trace.closedByCaller) {
      line.append(" closed_by_caller=true");
    }
    if (trace.clientFormat != null) {
      line.append(" format=").append(trace.clientFormat);
    }
    if (http != null) {
      line.append(' ').append(redactor.redact(http));
    }
    if (trace.cost != null) {
      line.append(" cost_usd=").append(trace.cost);
    }
    if (trace.virtualKeyId != null) {
      line.append(" virtual_key=").append(trace.virtualKeyId);
    }
    if (trace.budgetState != null) {
      line.append(" budget=").append(trace.budgetState);
    }
    if (error != null) {
      line.append(" error=").append(errorType(error))
          .append(" message=\"").append(redactor.redact(error.getMessage())).append('"');
    }
    line.append(" request_id=").append(trace.requestId);
    // a stream ends on whichever thread read it last: the id goes in MDC for this line whatever the thread's own
    try (MDC.MDCCloseable id = MDC.putCloseable(MDC_REQUEST_ID, trace.requestId)) {
      requestLog.info(line.toString());
    }
  }

  private void logRequestBody(CallTrace trace, Supplier<ChatRequest> decoder, NativeRequest from) {
    String body;
    ChatRequest request = from != null || decoder == null ? null : decoded(decoder);
    if (from != null || request == null) {
      body = from == null ? "" : new String(from.body(), StandardCharsets.UTF_8);
    } else {
      StringBuilder text = new StringBuilder();
      if (!request.systemText().isEmpty()) {
        text.append("system: ").append(request.systemText()).append('\n');
      }
      for (Message message : request.messages()) {
        text.append(message.role().name().toLowerCase(Locale.ROOT)).append(": ").append(message.text()).append('\n');
      }
      body = text.toString();
    }
    bodyLog.debug("request {} for model {}: {}", trace.requestId, redactor.redact(trace.model), redactor.redact(body));
  }

  /** Metrics carry the model the caller named only once it resolved: unknown names would be unbounded. */
  private static String modelOf(CallTrace trace) {
    return trace == null || (trace.attemptCount == 0 && !trace.cacheHit) ? "_OTHER" : trace.model;
  }

  static String errorType(LlmException error) {
    Throwable defect = defect(error);
    return defect != null ? defect.getClass().getName() : error.kind().name().toLowerCase(Locale.ROOT);
  }

  /** The defect an {@link #internalError} stands for, or {@code null}. */
  private static Throwable defect(LlmException error) {
    return INTERNAL_ERROR.equals(error.upstreamType()) ? error.getCause() : null;
  }

  private static String finishReason(StopReason reason) {
    return reason.raw() != null ? reason.raw() : reason.kind().name().toLowerCase(Locale.ROOT);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
