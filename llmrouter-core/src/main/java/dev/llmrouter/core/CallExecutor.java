package dev.llmrouter.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.SelectionStrategy;
import dev.llmrouter.core.keys.KeyPool;
import dev.llmrouter.core.resilience.CircuitBreakerConfig;
import dev.llmrouter.core.resilience.CircuitState;
import dev.llmrouter.core.resilience.ErrorClassifier;
import dev.llmrouter.core.resilience.ErrorClassifier.Verdict;
import dev.llmrouter.core.resilience.FallbackChain;
import dev.llmrouter.core.resilience.RetryConfig;
import dev.llmrouter.core.telemetry.RouterTelemetry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one logical call through its attempts: resolve the model to a group, let the selection strategy
 * pick a deployment, take a key, run the attempt; on failure hand over to the next key or deployment at
 * once, make further passes over the group with backoff (a Failsafe {@link RetryPolicy} driven as a
 * standalone {@link Execution}, so that waiting goes through the router's clock), then walk the fallback
 * chain. The same pipeline serves chat, stream and both branches of the native entry point: each
 * supplies an {@link AttemptRunner} that returns once the answer has started.
 */
final class CallExecutor {
  /** Makes one upstream attempt; returns once its answer has started (committed), throws before. */
  interface AttemptRunner<T> {
    T run(Attempt attempt);
  }

  private final Map<String, ProviderAdapter> adapters;
  private final Map<String, KeyPool> pools;
  private final Map<String, List<Secret>> providerKeys;
  private final ModelRegistry registry;
  private final SelectionStrategy defaultSelection;
  private final RetryConfig retry;
  private final RetryPolicy<Object> retryPolicy;
  private final CircuitBreakerConfig breakerConfig;
  private final ErrorClassifier classifier;
  private final Duration keyCooldown;
  private final RouterClock clock;
  private final Listeners listeners;
  private final RouterTelemetry telemetry;
  private final List<AttemptInterceptor> interceptors;
  private final int latencySamples;
  private final Cache<String, DeploymentHealth> health;

  CallExecutor(
      Map<String, ProviderAdapter> adapters, Map<String, KeyPool> pools, Map<String, List<Secret>> providerKeys,
      ModelRegistry registry, SelectionStrategy defaultSelection, RetryConfig retry, CircuitBreakerConfig breakerConfig,
      ErrorClassifier classifier, Duration keyCooldown, RouterClock clock, Listeners listeners,
      RouterTelemetry telemetry, List<AttemptInterceptor> interceptors, int latencySamples) {
    this.adapters = Map.copyOf(adapters);
    this.pools = Map.copyOf(pools);
    this.providerKeys = Map.copyOf(providerKeys);
    this.registry = registry;
    this.defaultSelection = defaultSelection;
    this.retry = retry;
    this.breakerConfig = breakerConfig;
    this.classifier = classifier;
    this.keyCooldown = keyCooldown;
    this.clock = clock;
    this.listeners = listeners;
    this.telemetry = telemetry;
    this.interceptors = List.copyOf(interceptors);
    this.latencySamples = latencySamples;
    // bounded: pattern routes let callers name models the configuration never listed
    this.health = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    this.retryPolicy = RetryPolicy.builder()
        .handleIf(failure -> failure instanceof PassFailed f && f.worthRetrying(retry))
        .withMaxAttempts(retry.maxAttempts())
        .withDelayFn(context -> {
          PassFailed failed = context.getLastException();
          return retry.delayBeforeRetry(context.getAttemptCount(), failed.waitHint);
        })
        .build();
  }

  RouterClock clock() {
    return clock;
  }

  RetryConfig retry() {
    return retry;
  }

  ErrorClassifier classifier() {
    return classifier;
  }

  Listeners listeners() {
    return listeners;
  }

  RouterTelemetry telemetry() {
    return telemetry;
  }

  ModelRegistry registry() {
    return registry;
  }

  KeyPool keyPool(String provider) {
    return pools.get(provider);
  }

  CircuitState circuitState(String provider, String upstreamModel) {
    DeploymentHealth known = health.getIfPresent(provider + "/" + upstreamModel);
    return known == null ? CircuitState.CLOSED : known.circuitState();
  }

  /**
   * Runs {@code request} to its answer.
   *
   * @throws LlmException the error that belongs to the caller, or the most informative upstream error
   *     when nothing answered
   */
  <T> T execute(CallInfo call, ChatRequest request, AttemptRunner<T> runner) {
    return execute(call, CallRequest.of(request), runner);
  }

  /** As {@link #execute(CallInfo, ChatRequest, AttemptRunner)}, decoding the request only where an attempt needs it. */
  <T> T execute(CallInfo call, CallRequest request, AttemptRunner<T> runner) {
    listeners.callStart(call);
    CallState state = new CallState(call, request);
    try {
      ModelGroup group = registry.resolve(request.model()).orElseThrow(() -> LlmException.builder(
              ErrorKind.NOT_FOUND,
              "no route for model '" + request.model() + "'; known models: " + registry.describe()
                  + ", or prefix a provider: " + new TreeSet<>(adapters.keySet()) + " as provider/model")
          .build());
      return walk(state, group, runner);
    } catch (LlmException e) {
      state.flushFailedAttempt(false);
      listeners.callFailed(call, e, Usage.ZERO);
      throw e;
    } catch (RuntimeException | Error bug) {
      // a defect (of an adapter, an interceptor, a strategy, ours) still ends the call's span and
      // in-flight count; the caller gets the defect itself, as before
      if (!state.ended) {
        LlmException reported = state.escaped != null ? state.escaped : RouterTelemetry.internalError(bug, null);
        state.flushFailedAttempt(false);
        listeners.callFailed(call, reported, Usage.ZERO);
      }
      throw bug;
    }
  }

  /** The group, then its dedicated or ordered fallbacks. */
  private <T> T walk(CallState state, ModelGroup primary, AttemptRunner<T> runner) {
    FallbackChain chain = primary.fallbacks();
    Deque<String> ordered = new ArrayDeque<>(chain.models());
    Set<String> visited = new HashSet<>();
    visited.add(primary.name());
    ModelGroup group = primary;
    while (true) {
      try {
        return runGroup(state, group, runner);
      } catch (GroupGaveUp gaveUp) {
        ModelGroup next = null;
        if (gaveUp.verdict == Verdict.CONTEXT_WINDOW_EXCEEDED || gaveUp.verdict == Verdict.CONTENT_POLICY) {
          String target = gaveUp.verdict == Verdict.CONTEXT_WINDOW_EXCEEDED
              ? chain.contextWindowFallback() : chain.contentPolicyFallback();
          ModelGroup dedicated = target == null ? null : resolveFallback(target);
          if (dedicated == null || !visited.add(dedicated.name())) {
            // the request's own error: the caller must see it as it was (a CLI compacts on it)
            throw gaveUp.error;
          }
          next = dedicated;
        }
        while (next == null && !ordered.isEmpty()) {
          ModelGroup candidate = resolveFallback(ordered.poll());
          if (visited.add(candidate.name())) {
            next = candidate;
          }
        }
        if (next == null) {
          throw state.finalError(gaveUp.error);
        }
        state.flushFailedAttempt(true);
        listeners.fallback(state.call, group.name(), next.name(), gaveUp.error);
        group = next;
      }
    }
  }

  private ModelGroup resolveFallback(String model) {
    return registry.resolve(model).orElseThrow(
        () -> new IllegalStateException("fallback '" + model + "' no longer resolves"));
  }

  /** Passes over one group, with backoff between them, until one answers or retrying is pointless. */
  private <T> T runGroup(CallState state, ModelGroup group, AttemptRunner<T> runner) {
    Execution<Object> execution = null; // made when a pass fails: most calls never need one
    while (true) {
      try {
        return runPass(state, group, new Pass(), runner);
      } catch (PassFailed failed) {
        if (execution == null) {
          execution = Execution.of(retryPolicy);
        }
        execution.recordException(failed);
        if (execution.isComplete()) {
          throw new GroupGaveUp(failed.error, null);
        }
        Duration delay = execution.getDelay();
        if (state.deadlineWithin(delay)) {
          throw new GroupGaveUp(failed.error, null);
        }
        state.flushFailedAttempt(true);
        try {
          clock.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw state.finalError(state.synthetic(LlmException.builder(ErrorKind.CONNECTION,
              "interrupted while waiting to retry model group '" + group.name() + "'").build()));
        }
      }
    }
  }

  /** One pass: the next key or deployment takes over at once after each failure. */
  private <T> T runPass(CallState state, ModelGroup group, Pass pass, AttemptRunner<T> runner) {
    SelectionStrategy strategy = group.selection() != null ? group.selection() : defaultSelection;
    while (true) {
      if (state.deadlinePassed()) {
        throw state.finalError(state.synthetic(LlmException.builder(ErrorKind.TIMEOUT,
            "the call's deadline of " + retry.totalDeadline().toMillis() + " ms passed").build()));
      }
      List<DeploymentCandidate> candidates = candidates(state, group, pass);
      if (candidates.isEmpty()) {
        throw passFailed(state, group, pass);
      }
      SelectionStrategy.Candidate picked = strategy.select(group.name(), Collections.unmodifiableList(candidates),
          strategy.readsRequestContent() ? state.request.get() : state.request.modelAndStream());
      if (picked == null) {
        throw new PassFailed(state.synthetic(LlmException.builder(ErrorKind.RATE_LIMITED,
            "every deployment of model group '" + group.name() + "' is at its requests- or tokens-per-minute limit")
            .upstreamStatus(429).build()), true, Duration.ZERO);
      }
      DeploymentCandidate chosen = candidates.stream().filter(c -> c == picked).findFirst().orElseThrow(
          () -> new IllegalStateException("selection strategy " + strategy + " returned a deployment it was not offered"));
      KeyPool pool = pools.get(chosen.deployment.provider());
      Secret key = null;
      if (!pool.isEmpty()) {
        key = pool.next(chosen.keys, pass.triedKeys);
        if (key == null) {
          pass.exclude(chosen.id, null);
          continue;
        }
      }
      ProviderAdapter adapter = adapters.get(chosen.deployment.provider());
      boolean passthrough = state.call.clientFormat() != null && adapter.wireFormat() == state.call.clientFormat();
      if (!passthrough || chosen.deployment.tpm() > 0) {
        // a translation (or the estimate below) reads the whole request: a body that cannot be decoded
        // fails the call here, as the caller's error, before an attempt starts
        state.request.get();
      }
      AttemptInfo info = new AttemptInfo(state.call, ++state.attempts, group.name(), chosen.deployment.provider(),
          chosen.upstreamModel, key == null ? null : key.fingerprint(), adapter.wireFormat(), passthrough,
          state.request.forModel(chosen.upstreamModel));
      state.flushFailedAttempt(true);
      listeners.attemptStart(info);
      try {
        for (AttemptInterceptor interceptor : interceptors) {
          interceptor.beforeAttempt(info);
        }
      } catch (LlmException refusal) {
        state.refused.add(chosen.id);
        state.failedAttempt(info, refusal);
        state.record(refusal);
        pass.record(refusal, false);
        continue;
      } catch (RuntimeException | Error bug) {
        state.escaped(info, bug);
        throw bug;
      }
      // after the interceptors: a refused attempt must not use up, and so end, a half-open breaker's trial
      if (!chosen.health.tryAcquirePermit()) {
        LlmException busy = state.synthetic(LlmException.builder(ErrorKind.UPSTREAM_SERVER,
                "the circuit of " + chosen.id + " is half-open and its trial calls are under way")
            .upstreamStatus(503).build());
        state.failedAttempt(info, busy);
        pass.exclude(chosen.id, null);
        continue;
      }
      long estimatedTokens = chosen.deployment.tpm() > 0 ? TokenEstimator.estimateInput(info.request()) : 0;
      Attempt attempt = new Attempt(info, adapter,
          new CallOptions(state.call.requestId(), key, telemetry.upstreamHeaders(info), state.attemptTimeout()),
          chosen.health, this,
          estimatedTokens);
      try {
        T result = runner.run(attempt);
        chosen.health.recordSuccess();
        return result;
      } catch (LlmException failure) {
        attempt.abandon();
        afterFailure(state, pass, chosen, pool, key, info, failure);
      } catch (RuntimeException | Error bug) {
        chosen.health.recordNeutral();
        if (attempt.abandon()) {
          state.escaped(info, bug);
        } else {
          // it failed after the attempt reported the call's end (e.g. while encoding the answer)
          state.ended = true;
        }
        throw bug;
      }
    }
  }

  private void afterFailure(CallState state, Pass pass, DeploymentCandidate chosen, KeyPool pool, Secret key,
      AttemptInfo info, LlmException failure) {
    Verdict verdict = classifier.classify(failure);
    state.failedAttempt(info, failure);
    switch (verdict) {
      case CALLER_ERROR:
        chosen.health.recordNeutral();
        throw failure;
      case CONTEXT_WINDOW_EXCEEDED:
      case CONTENT_POLICY:
        chosen.health.recordNeutral();
        throw new GroupGaveUp(failure, verdict);
      case KEY_RATE_LIMITED:
        chosen.health.recordNeutral();
        if (key != null) {
          Duration cooldown = failure.retryAfter() != null ? failure.retryAfter() : keyCooldown;
          pool.coolDown(key, cooldown);
          pass.triedKeys.add(key);
          listeners.keyCooledDown(pool.provider(), key.fingerprint(), cooldown);
        } else {
          pass.exclude(chosen.id, failure.retryAfter());
        }
        state.record(failure);
        pass.record(failure, true);
        break;
      case KEY_REJECTED:
        chosen.health.recordNeutral();
        if (key != null) {
          pool.revoke(key, failure);
          pass.triedKeys.add(key);
          listeners.keyRevoked(pool.provider(), key.fingerprint(), failure);
        } else {
          state.refused.add(chosen.id);
        }
        state.record(failure);
        pass.record(failure, false);
        break;
      case RETRYABLE:
      default:
        chosen.health.recordFailure();
        pass.exclude(chosen.id, failure.retryAfter());
        state.record(failure);
        pass.record(failure, true);
        break;
    }
  }

  /** The group's deployments that may take an attempt now; standbys only when no weighted one is left. */
  private List<DeploymentCandidate> candidates(CallState state, ModelGroup group, Pass pass) {
    List<DeploymentCandidate> weighted = new ArrayList<>();
    List<DeploymentCandidate> standby = new ArrayList<>();
    for (Deployment deployment : group.deployments()) {
      DeploymentCandidate candidate = candidate(deployment, state.request.model());
      if (pass.excluded.containsKey(candidate.id) || state.refused.contains(candidate.id)
          || candidate.health.circuitState() == CircuitState.OPEN) {
        continue;
      }
      KeyPool pool = pools.get(deployment.provider());
      if (!pool.isEmpty() && !pool.hasUsable(candidate.keys, pass.triedKeys)) {
        continue;
      }
      (deployment.weight() > 0 ? weighted : standby).add(candidate);
    }
    return weighted.isEmpty() ? standby : weighted;
  }

  private DeploymentCandidate candidate(Deployment deployment, String requestedModel) {
    String upstreamModel = deployment.upstreamModelFor(requestedModel);
    String id = deployment.provider() + "/" + upstreamModel;
    DeploymentHealth state = health.get(id, k -> new DeploymentHealth(deployment.provider(), upstreamModel, clock,
        breakerConfig, latencySamples,
        (h, from, to) -> listeners.circuitStateChanged(h.provider(), h.upstreamModel(), from, to)));
    List<Secret> keys = deployment.keys().isEmpty() ? providerKeys.get(deployment.provider()) : deployment.keys();
    return new DeploymentCandidate(deployment, upstreamModel, id, state, keys);
  }

  /**
   * Why a pass ran out of candidates, and whether waiting can help: the best error the pass met, or,
   * when it could try nothing, what stands in the way (cooling keys, revoked keys, open circuits).
   */
  private PassFailed passFailed(CallState state, ModelGroup group, Pass pass) {
    Duration wait = null;
    LlmException revoked = null;
    boolean open = false;
    for (Deployment deployment : group.deployments()) {
      DeploymentCandidate candidate = candidate(deployment, state.request.model());
      if (state.refused.contains(candidate.id)) {
        continue;
      }
      if (candidate.health.circuitState() == CircuitState.OPEN) {
        open = true;
        continue;
      }
      KeyPool pool = pools.get(deployment.provider());
      Duration keysBack = pool.isEmpty() ? Duration.ZERO : pool.untilUsable(candidate.keys);
      if (keysBack == null) {
        revoked = revoked != null ? revoked : pool.revocationCause(candidate.keys);
        continue;
      }
      Duration askedFor = pass.excluded.get(candidate.id);
      Duration back = askedFor != null && askedFor.compareTo(keysBack) > 0 ? askedFor : keysBack;
      wait = wait == null || back.compareTo(wait) < 0 ? back : wait;
    }
    if (pass.best != null) {
      return new PassFailed(pass.best, pass.retryable, wait);
    }
    if (wait != null && wait.compareTo(Duration.ZERO) > 0) {
      return new PassFailed(state.synthetic(LlmException.builder(ErrorKind.RATE_LIMITED,
              "every key of model group '" + group.name() + "' is cooling down after rate limits")
          .upstreamStatus(429).retryAfter(wait).build()), true, wait);
    }
    if (revoked != null) {
      state.record(revoked);
      return new PassFailed(revoked, false, null);
    }
    if (open) {
      return new PassFailed(state.synthetic(LlmException.builder(ErrorKind.UPSTREAM_SERVER,
              "the circuit breaker of every deployment of model group '" + group.name() + "' is open")
          .upstreamStatus(503).build()), false, null);
    }
    return new PassFailed(state.finalError(state.synthetic(LlmException.builder(ErrorKind.UPSTREAM_SERVER,
            "no deployment of model group '" + group.name() + "' may be tried").upstreamStatus(503).build())),
        false, null);
  }

  /** A deployment as the selection strategy sees it. */
  private static final class DeploymentCandidate implements SelectionStrategy.Candidate {
    final Deployment deployment;
    final String upstreamModel;
    final String id;
    final DeploymentHealth health;
    final List<Secret> keys;

    DeploymentCandidate(Deployment deployment, String upstreamModel, String id, DeploymentHealth health, List<Secret> keys) {
      this.deployment = deployment;
      this.upstreamModel = upstreamModel;
      this.id = id;
      this.health = health;
      this.keys = keys;
    }

    @Override
    public String provider() {
      return deployment.provider();
    }

    @Override
    public String upstreamModel() {
      return upstreamModel;
    }

    @Override
    public int weight() {
      return deployment.weight();
    }

    @Override
    public int inFlight() {
      return health.inFlight();
    }

    @Override
    public Duration averageLatency() {
      return health.averageLatency();
    }

    @Override
    public Duration averageTimeToFirstToken() {
      return health.averageTimeToFirstToken();
    }

    @Override
    public long rpmLimit() {
      return deployment.rpm();
    }

    @Override
    public long tpmLimit() {
      return deployment.tpm();
    }

    @Override
    public long requestsLastMinute() {
      return health.requestsLastMinute();
    }

    @Override
    public long tokensLastMinute() {
      return health.tokensLastMinute();
    }

    @Override
    public String toString() {
      return id;
    }
  }

  /** What one pass over a group has seen. */
  private static final class Pass {
    /** Deployments that failed in this pass, with the wait their provider asked for (or null). */
    final Map<String, Duration> excluded = new HashMap<>();
    final Set<Secret> triedKeys = new HashSet<>();
    LlmException best;
    boolean retryable;

    void exclude(String id, Duration retryAfter) {
      excluded.put(id, retryAfter);
    }

    void record(LlmException failure, boolean retryableFailure) {
      retryable |= retryableFailure;
      if (best == null || CallState.rank(failure) > CallState.rank(best)) {
        best = failure;
      }
    }
  }

  /** The state of one call across groups and passes. */
  private final class CallState {
    final CallInfo call;
    final CallRequest request;
    final long deadline;
    final boolean hasDeadline;
    final Set<String> refused = new HashSet<>();
    private final Set<LlmException> synthetic = Collections.newSetFromMap(new IdentityHashMap<>());
    int attempts;
    private LlmException bestUpstream;
    private LlmException bestSynthetic;
    private AttemptInfo failedAttempt;
    private LlmException failedAttemptCause;
    /** A defect escaped the call, as its listeners see it; {@code null} while none did. */
    LlmException escaped;
    /** The call's end was already reported when a defect escaped. */
    boolean ended;

    CallState(CallInfo call, CallRequest request) {
      this.call = call;
      this.request = request;
      this.hasDeadline = retry.totalDeadline() != null;
      this.deadline = hasDeadline ? clock.nanoTime() + retry.totalDeadline().toNanos() : 0;
    }

    /**
     * How much an error tells the caller: the request's own problems first (a CLI acts on them), then
     * rate limits (they say when to come back), refused keys, overload, server errors, timeouts,
     * broken connections.
     */
    static int rank(LlmException error) {
      switch (error.kind()) {
        case CONTEXT_WINDOW_EXCEEDED:
          return 10;
        case CONTENT_POLICY:
          return 9;
        case BAD_REQUEST:
          return 8;
        case NOT_FOUND:
          return 7;
        case RATE_LIMITED:
          return 6;
        case PERMISSION_DENIED:
          return 5;
        case AUTHENTICATION:
          return 4;
        case OVERLOADED:
          return 3;
        case UPSTREAM_SERVER:
          return 2;
        case TIMEOUT:
          return 1;
        default:
          return 0;
      }
    }

    /** An error an upstream (or an attempt interceptor) gave. */
    void record(LlmException error) {
      if (synthetic.contains(error)) {
        recordSynthetic(error);
      } else if (bestUpstream == null || rank(error) > rank(bestUpstream)) {
        bestUpstream = error;
      }
    }

    /** Registers an error the router made up; one from an upstream always wins over it. */
    LlmException synthetic(LlmException error) {
      synthetic.add(error);
      recordSynthetic(error);
      return error;
    }

    private void recordSynthetic(LlmException error) {
      if (bestSynthetic == null || rank(error) > rank(bestSynthetic)) {
        bestSynthetic = error;
      }
    }

    /** The most informative error of the call: an upstream's when there is one. */
    LlmException finalError(LlmException last) {
      if (last != null) {
        record(last);
      }
      return bestUpstream != null ? bestUpstream : bestSynthetic;
    }

    void failedAttempt(AttemptInfo info, LlmException cause) {
      failedAttempt = info;
      failedAttemptCause = cause;
    }

    /** A defect escaped {@code info}: the attempt fails with it, and then the call. */
    void escaped(AttemptInfo info, Throwable bug) {
      escaped = RouterTelemetry.internalError(bug, info.provider());
      failedAttempt(info, escaped);
    }

    /** Reports the last failed attempt once it is known whether the call goes on. */
    void flushFailedAttempt(boolean willRetry) {
      if (failedAttempt != null) {
        listeners.attemptFailed(failedAttempt, failedAttemptCause, willRetry);
        failedAttempt = null;
        failedAttemptCause = null;
      }
    }

    boolean deadlinePassed() {
      return hasDeadline && clock.nanoTime() - deadline >= 0;
    }

    boolean deadlineWithin(Duration wait) {
      return hasDeadline && clock.nanoTime() + wait.toNanos() - deadline >= 0;
    }

    /** The per-attempt timeout, shortened to what is left of the deadline. */
    Duration attemptTimeout() {
      Duration configured = retry.attemptTimeout();
      if (!hasDeadline) {
        return configured;
      }
      Duration left = Duration.ofNanos(Math.max(1, deadline - clock.nanoTime()));
      return configured == null || left.compareTo(configured) < 0 ? left : configured;
    }
  }

  /** A pass over a group ended without an answer. Control flow only: no stack trace. */
  private static final class PassFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient LlmException error;
    final boolean retryable;
    /** How long until the group has a candidate again: zero now, {@code null} never by itself. */
    final transient Duration waitHint;

    PassFailed(LlmException error, boolean retryable, Duration waitHint) {
      super(null, null, false, false);
      this.error = error;
      this.retryable = retryable;
      this.waitHint = waitHint;
    }

    boolean worthRetrying(RetryConfig config) {
      return retryable && waitHint != null && config.waitsFor(waitHint);
    }
  }

  /** A group is done: its passes failed, or an error sends the call to a dedicated fallback. */
  private static final class GroupGaveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient LlmException error;
    final transient Verdict verdict;

    GroupGaveUp(LlmException error, Verdict verdict) {
      super(null, null, false, false);
      this.error = error;
      this.verdict = verdict;
    }
  }
}
