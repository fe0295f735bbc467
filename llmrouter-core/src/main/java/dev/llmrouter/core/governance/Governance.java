package dev.llmrouter.core.governance;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.BudgetDefinitionStore;
import dev.llmrouter.api.spi.BudgetStore;
import dev.llmrouter.api.spi.KeyStore;
import dev.llmrouter.api.spi.RateLimitStore;
import dev.llmrouter.api.spi.VirtualKeyRecord;
import dev.llmrouter.core.AttemptInfo;
import dev.llmrouter.core.AttemptInterceptor;
import dev.llmrouter.core.CallInfo;
import dev.llmrouter.core.RouterListener;
import dev.llmrouter.core.TokenEstimator;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual keys, budgets, rate limits, cost and policy for one router
 * ({@code LlmRouter.builder().governance(governance)}).
 *
 * <p>A governed call goes through three steps:
 *
 * <ol>
 *   <li><b>Admission</b>, when the call arrives: the virtual key is checked (401 when missing, unknown,
 *       expired or revoked), then the key's allowed models and the {@link Policy} (403 naming the rule),
 *       a breached budget with a downgrade action switches the model, and the key's requests- and
 *       tokens-per-minute are counted (429 with {@code retry-after}).
 *   <li><b>Before every attempt</b> (retries and fallbacks included, passthrough too), against the
 *       deployment that will actually run: the policy's model rules, the deployment's and group's rate
 *       limits, then a <em>reservation</em> of the attempt's worst-case cost (the input estimate plus
 *       {@code max_tokens}, at the deployment's price) on every budget that applies, all or none,
 *       atomically in the {@link BudgetStore}. A budget that cannot take it refuses the attempt (429
 *       naming the budget and when it resets); the router then tries other candidates. The
 *       reservation of a failed attempt is released before the next one.
 *   <li><b>Settlement</b>, when the call ends: the reservation is replaced by the real cost of the usage
 *       the upstream reported (a cache hit costs nothing, a failure before the answer nothing, a
 *       stream that broke or was closed what it reported so far). Usage the upstream never sent is
 *       estimated (the input from the request; the output as {@code max_tokens} for an answer, none
 *       for a broken stream) and flagged as such.
 * </ol>
 *
 * <p>Because every in-flight call holds its worst case, concurrent calls cannot together go past a
 * blocking budget: its spend stays within the limit as long as the upstream honours
 * {@code max_tokens} and the input estimate (about four characters a token) is not below the
 * upstream's count; where it is, the overshoot is at most what the calls in flight at that moment
 * under-estimated.
 */
public final class Governance {
  private static final Logger log = LoggerFactory.getLogger(Governance.class);
  private static final long MINUTE_MILLIS = 60_000;

  private final VirtualKeys keys;
  private final boolean requireKey;
  private final List<Budget> configuredBudgets;
  private final BudgetDefinitionStore budgetDefinitions;
  private final long budgetRefreshMillis;
  private volatile BudgetSnapshot budgetSnapshot;
  private final PriceTable prices;
  private final BudgetStore budgetStore;
  private final RateLimitStore rateStore;
  private final Policy policy;
  private final Map<String, RateLimit> deploymentLimits;
  private final Map<String, RateLimit> groupLimits;
  private final Clock clock;
  private final ZoneId zone;
  private final int defaultMaxTokens;
  private final Duration reservationTimeout;
  private final List<GovernanceListener> listeners;
  private final Map<String, CallLedger> calls = new ConcurrentHashMap<>();
  private final Set<String> unpriced = ConcurrentHashMap.newKeySet();
  private final Hooks hooks = new Hooks();

  private Governance(Builder b) {
    this.clock = b.clock;
    this.zone = b.zone;
    this.keys = new VirtualKeys(b.keyStore != null ? b.keyStore : new InMemoryKeyStore(), clock);
    this.requireKey = b.requireKey;
    this.configuredBudgets = List.copyOf(b.budgets);
    this.budgetDefinitions = b.budgetDefinitions != null ? b.budgetDefinitions : new InMemoryBudgetDefinitionStore();
    this.budgetRefreshMillis = b.budgetRefresh.toMillis();
    this.prices = b.prices;
    this.budgetStore = b.budgetStore != null ? b.budgetStore : new InMemoryBudgetStore(clock::millis);
    this.reservationTimeout = b.reservationTimeout;
    this.rateStore = b.rateStore != null ? b.rateStore : new InMemoryRateLimitStore(clock::millis);
    this.policy = b.policy;
    this.deploymentLimits = Map.copyOf(b.deploymentLimits);
    this.groupLimits = Map.copyOf(b.groupLimits);
    this.defaultMaxTokens = b.defaultMaxTokens;
    this.listeners = List.copyOf(b.listeners);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mint, list and revoke virtual keys. */
  public VirtualKeys keys() {
    return keys;
  }

  public PriceTable prices() {
    return prices;
  }

  /**
   * The budgets in force: those from the builder, with the stored ones ({@link #setBudget}) added or
   * replacing those of the same name.
   */
  public List<Budget> budgets() {
    BudgetSnapshot snapshot = budgetSnapshot;
    long now = clock.millis();
    if (snapshot == null || now - snapshot.loadedAt >= budgetRefreshMillis) {
      snapshot = loadBudgets(now, snapshot);
    }
    return snapshot.budgets;
  }

  /**
   * Sets a budget at run time, for every router sharing the {@link BudgetDefinitionStore} (the others
   * see it within the builder's {@code budgetRefresh}); replaces the budget of the same name, whose
   * spend in the current period it keeps, since spend is counted by budget name and period.
   */
  public void setBudget(Budget budget) {
    Objects.requireNonNull(budget, "budget");
    budgetDefinitions.saveBudget(budget.toDefinition());
    budgetSnapshot = null;
  }

  /**
   * Removes a budget set with {@link #setBudget}; a budget of the same name from the builder is then in
   * force again. False when the store had no budget of that name.
   */
  public boolean removeBudget(String name) {
    boolean removed = budgetDefinitions.deleteBudget(name);
    budgetSnapshot = null;
    return removed;
  }

  /** Where every budget in force stands in its current period. */
  public List<BudgetState> budgetStates() {
    Instant now = clock.instant();
    List<BudgetState> states = new ArrayList<>();
    for (Budget budget : budgets()) {
      String counter = counter(budget, now);
      states.add(new BudgetState(budget, budget.period().key(now, zone),
          BigDecimal.valueOf(budgetStore.spent(counter), 9), BigDecimal.valueOf(budgetStore.reserved(counter), 9),
          budget.period().reset(now, zone)));
    }
    return states;
  }

  /**
   * Where a budget stands.
   *
   * @param period the current period's name, e.g. {@code M2026-11-01} or {@code lifetime}
   * @param spentUsd the settled spend in that period
   * @param reservedUsd what calls in flight hold
   * @param resetsAt when the period ends, or {@code null} for a lifetime budget
   */
  public record BudgetState(Budget budget, String period, BigDecimal spentUsd, BigDecimal reservedUsd,
      Instant resetsAt) {}

  private BudgetSnapshot loadBudgets(long now, BudgetSnapshot previous) {
    Map<String, Budget> byName = new java.util.LinkedHashMap<>();
    for (Budget budget : configuredBudgets) {
      byName.put(budget.name(), budget);
    }
    try {
      for (BudgetDefinitionStore.Definition definition : budgetDefinitions.listBudgets()) {
        try {
          byName.put(definition.name(), Budget.fromDefinition(definition));
        } catch (RuntimeException invalid) {
          log.warn("stored budget '{}' is not valid and is ignored: {}", definition.name(), invalid.getMessage());
        }
      }
    } catch (RuntimeException storeDown) {
      if (previous != null) {
        // keep governing with the budgets known so far rather than with none
        log.warn("could not read the stored budgets, keeping the last ones read: {}", storeDown.toString());
        BudgetSnapshot kept = new BudgetSnapshot(previous.budgets, now);
        budgetSnapshot = kept;
        return kept;
      }
      throw storeDown;
    }
    BudgetSnapshot fresh = new BudgetSnapshot(List.copyOf(byName.values()), now);
    budgetSnapshot = fresh;
    return fresh;
  }

  private record BudgetSnapshot(List<Budget> budgets, long loadedAt) {}

  /** The settled spend of {@code budget} in its current period. */
  public BigDecimal spent(Budget budget) {
    return BigDecimal.valueOf(budgetStore.spent(counter(budget, clock.instant())), 9);
  }

  /** What calls in flight have reserved on {@code budget} in its current period. */
  public BigDecimal reserved(Budget budget) {
    return BigDecimal.valueOf(budgetStore.reserved(counter(budget, clock.instant())), 9);
  }

  /** The settled spend of a virtual key's own budget in its current period; zero when it has none. */
  public BigDecimal spentByKey(String keyId) {
    return keys.find(keyId).map(this::keyBudget).map(this::spent).orElse(BigDecimal.ZERO);
  }

  /**
   * Refills the budget counters of the current periods from spend rows (e.g.
   * {@link JdbcSpendLedger#since} from the start of the longest period) after a restart. Only for a
   * budget store that does not keep its counters (the in-memory default): a persistent store already
   * has them, and would count them twice.
   */
  public void restoreSpend(List<SpendRecord> rows) {
    Instant now = clock.instant();
    Map<String, Long> byCounter = new java.util.HashMap<>();
    for (SpendRecord row : rows) {
      VirtualKeyRecord key = row.principal().keyId() == null ? null : keys.find(row.principal().keyId()).orElse(null);
      for (Budget budget : applicable(row.principal(), key, row.upstreamModel(), row.requestedModel())) {
        if (!row.time().isBefore(budget.period().startOf(now, zone)) && row.cost().nanos() > 0) {
          byCounter.merge(counter(budget, now), row.cost().nanos(), Long::sum);
        }
      }
    }
    byCounter.forEach((counter, nanos) -> budgetStore.settle("restore", List.of(counter), nanos));
  }

  /**
   * Refills the budget counters from a ledger after a restart: reads its rows from the start of the
   * longest current period of any budget in force or virtual key (all of them when one is a lifetime
   * budget). Only for a budget store that does not keep its counters (see {@link #restoreSpend(List)}).
   */
  public void restoreSpend(JdbcSpendLedger ledger) {
    Instant now = clock.instant();
    List<BudgetPeriod> periods = new ArrayList<>();
    budgets().forEach(budget -> periods.add(budget.period()));
    keys.list().stream().filter(key -> key.budgetNanos() >= 0)
        .forEach(key -> periods.add(BudgetPeriod.valueOf(key.budgetPeriod())));
    Instant from = now;
    for (BudgetPeriod period : periods) {
      Instant periodStart = period.startOf(now, zone);
      if (periodStart.isBefore(from)) {
        from = periodStart;
      }
    }
    if (from.isBefore(now)) {
      restoreSpend(ledger.since(from));
    }
  }

  /** The time zone budget periods are aligned to. */
  public ZoneId zone() {
    return zone;
  }

  /** The calls admitted and not settled yet. */
  public int callsInFlight() {
    return calls.size();
  }

  /**
   * The credential a native request carries: {@code authorization: Bearer …}, else {@code x-api-key}
   * (Anthropic clients), else {@code x-goog-api-key} (Gemini clients); {@code null} when none.
   */
  public static String credentialFrom(Map<String, String> lowerCaseHeaders) {
    String authorization = lowerCaseHeaders.get("authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).strip();
    }
    String key = lowerCaseHeaders.get("x-api-key");
    return key != null ? key : lowerCaseHeaders.get("x-goog-api-key");
  }

  /**
   * The router calls this when a call arrives, before the response cache. Returns the request to run
   * (capped, perhaps downgraded) and the cache partition of its caller.
   *
   * @param upstreamModels the upstream models a model name may be served by (so that a downgrade
   *     budget on {@code claude-opus-*} applies to a call for the group that serves it)
   * @throws LlmException 401, 403 or 429, to go to the caller in its protocol
   */
  public Admission admit(CallInfo call, String credential, ChatRequest request,
      Function<String, List<String>> upstreamModels) {
    Principal principal = Principal.ANONYMOUS;
    VirtualKeyRecord key = null;
    if (requireKey || credential != null) {
      key = keys.authenticate(credential);
      principal = new Principal(key.id(), key.organization(), key.team(), key.project(), key.user());
      if (!key.allowedModels().isEmpty()
          && key.allowedModels().stream().noneMatch(p -> Glob.compile(p).matcher(request.model()).matches())) {
        throw LlmException.builder(ErrorKind.PERMISSION_DENIED, "virtual key " + key.id() + " may not use model '"
            + request.model() + "' (allowed: " + key.allowedModels() + ")").build();
      }
    }
    ChatRequest admitted = downgraded(principal, policy.admit(request), upstreamModels);
    Instant now = clock.instant();
    long tokens = TokenEstimator.estimateInput(admitted) + maxTokens(admitted);
    List<RateLimitStore.Hold> holds = new ArrayList<>();
    if (key != null && key.rpm() > 0) {
      holds.add(new RateLimitStore.Hold(window("rpm:key:" + key.id(), now), 1, key.rpm()));
    }
    if (key != null && key.tpm() > 0) {
      holds.add(new RateLimitStore.Hold(window("tpm:key:" + key.id(), now), tokens, key.tpm()));
    }
    acquire(holds, now);
    CallLedger ledger = new CallLedger(principal, key, admitted, now);
    for (RateLimitStore.Hold hold : holds) {
      if (hold.counter().startsWith("tpm:")) {
        ledger.keyTokenCounter = hold.counter();
        ledger.keyTokens = tokens;
      }
    }
    calls.put(call.requestId(), ledger);
    return new Admission(admitted, principal.keyId() != null ? "key:" + principal.keyId() : "anonymous");
  }

  /**
   * Checks a credential without starting a call (token counting is not billed but is not open either).
   *
   * @throws LlmException of kind AUTHENTICATION
   */
  public void authenticate(String credential) {
    if (requireKey || credential != null) {
      keys.authenticate(credential);
    }
  }

  /**
   * Gives back what a call holds when it ends without the router's end events (a defect inside the
   * router); a call already settled is left alone.
   */
  public void abandon(CallInfo call) {
    CallLedger ledger = calls.remove(call.requestId());
    if (ledger != null) {
      synchronized (ledger) {
        hooks.release(ledger);
        hooks.settleKeyTokens(ledger, 0);
      }
    }
  }

  /** What admission decided. */
  public record Admission(ChatRequest request, String cachePartition) {}

  /** Runs before every attempt; register with {@code addAttemptInterceptor} (the router's builder does). */
  public AttemptInterceptor interceptor() {
    return hooks;
  }

  /** Settles spend as calls end; register with {@code addListener} (the router's builder does). */
  public RouterListener listener() {
    return hooks;
  }

  private ChatRequest downgraded(Principal principal, ChatRequest request,
      Function<String, List<String>> upstreamModels) {
    Instant now = clock.instant();
    List<String> served = upstreamModels.apply(request.model());
    for (Budget budget : budgets()) {
      if (budget.onBreach().kind() == BreachAction.Kind.DOWNGRADE && (budget.applies(principal, null, request.model())
          || served.stream().anyMatch(model -> budget.applies(principal, model, null)))) {
        String counter = counter(budget, now);
        if (budgetStore.spent(counter) + budgetStore.reserved(counter) >= budget.limitNanos()) {
          if (budgetStore.markOnce(counter + "#breach")) {
            notifyListeners(l -> l.budgetExceeded(budget, budget.period().key(now, zone), budgetStore.spent(counter)));
          }
          return request.toBuilder().model(budget.onBreach().downgradeTo()).build();
        }
      }
    }
    return request;
  }

  private List<Budget> applicable(Principal principal, VirtualKeyRecord key, String upstreamModel, String requestedModel) {
    List<Budget> found = new ArrayList<>();
    for (Budget budget : budgets()) {
      if (budget.applies(principal, upstreamModel, requestedModel)) {
        found.add(budget);
      }
    }
    if (key != null && key.budgetNanos() >= 0) {
      found.add(keyBudget(key));
    }
    return found;
  }

  private Budget keyBudget(VirtualKeyRecord key) {
    if (key.budgetNanos() < 0) {
      return null;
    }
    BudgetPeriod period = BudgetPeriod.valueOf(key.budgetPeriod());
    return Budget.builder(BudgetScope.key(key.id()), BigDecimal.valueOf(key.budgetNanos(), 9)).period(period)
        .alertAt(0).build();
  }

  private String counter(Budget budget, Instant now) {
    return "budget:" + budget.name() + "@" + budget.period().key(now, zone);
  }

  private static String window(String name, Instant now) {
    return name + "@" + now.toEpochMilli() / MINUTE_MILLIS;
  }

  private int maxTokens(ChatRequest request) {
    Integer asked = request.settings().maxTokens();
    return asked != null ? asked : defaultMaxTokens;
  }

  /** Counts every hold or throws 429; a counter is named {@code rpm:<owner>@<minute>} or {@code tpm:…}. */
  private void acquire(List<RateLimitStore.Hold> holds, Instant now) {
    if (holds.isEmpty()) {
      return;
    }
    int refused = rateStore.acquire(holds, 2 * MINUTE_MILLIS);
    if (refused >= 0) {
      RateLimitStore.Hold hold = holds.get(refused);
      long untilNextWindow = MINUTE_MILLIS - now.toEpochMilli() % MINUTE_MILLIS;
      String what = hold.counter().startsWith("rpm:") ? "requests" : "tokens";
      String owner = hold.counter().substring(4, hold.counter().lastIndexOf('@'));
      throw LlmException.builder(ErrorKind.RATE_LIMITED, "llmrouter rate limit of " + owner + ": "
              + hold.limit() + " " + what + " per minute; retry in " + (untilNextWindow + 999) / 1000 + " s")
          .retryAfter(Duration.ofMillis(untilNextWindow)).build();
    }
  }

  private void notifyListeners(java.util.function.Consumer<GovernanceListener> event) {
    for (GovernanceListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log.warn("governance listener {} failed: {}", listener, e.toString());
      }
    }
  }

  /** The governance state of one call between admission and settlement. Guarded by itself. */
  private static final class CallLedger {
    final Principal principal;
    final VirtualKeyRecord key;
    final ChatRequest request;
    final Instant admitted;
    String keyTokenCounter;
    long keyTokens;
    AttemptHold attempt;
    boolean committed;

    CallLedger(Principal principal, VirtualKeyRecord key, ChatRequest request, Instant admitted) {
      this.principal = principal;
      this.key = key;
      this.request = request;
      this.admitted = admitted;
    }
  }

  /** What one attempt holds: its budget reservation and its rate-limit token counts. */
  private record AttemptHold(AttemptInfo info, String reservation, List<Budget> budgets, List<String> counters,
      List<String> tokenCounters, long inputTokens, long tokens) {}

  private final class Hooks implements AttemptInterceptor, RouterListener {

    @Override
    public void beforeAttempt(AttemptInfo attempt) {
      CallLedger ledger = calls.get(attempt.call().requestId());
      if (ledger == null) {
        return;
      }
      synchronized (ledger) {
        release(ledger);
        policy.checkAttempt(ledger.request.model(), attempt.upstreamModel());
        Instant now = clock.instant();
        long input = TokenEstimator.estimateInput(attempt.request());
        long tokens = input + maxTokens(attempt.request());
        List<RateLimitStore.Hold> rate = new ArrayList<>();
        List<String> tokenCounters = new ArrayList<>();
        String deployment = attempt.provider() + "/" + attempt.upstreamModel();
        addLimit(rate, tokenCounters, deploymentLimits.get(deployment), "deployment:" + deployment, tokens, now);
        addLimit(rate, tokenCounters, groupLimits.get(attempt.group()), "group:" + attempt.group(), tokens, now);
        acquire(rate, now);

        Cost estimate = prices.cost(attempt.provider(), attempt.upstreamModel(),
            Usage.builder().inputTokens(input).outputTokens(maxTokens(attempt.request())).build());
        List<Budget> budgetsHere = applicable(ledger.principal, ledger.key, attempt.upstreamModel(), ledger.request.model());
        List<BudgetStore.Hold> holds = new ArrayList<>();
        List<String> counters = new ArrayList<>();
        for (Budget budget : budgetsHere) {
          String counter = counter(budget, now);
          counters.add(counter);
          holds.add(new BudgetStore.Hold(counter, estimate.nanos(),
              budget.onBreach().kind() == BreachAction.Kind.BLOCK ? budget.limitNanos() : -1));
        }
        String reservation = attempt.call().requestId() + "#" + attempt.number();
        int refused = holds.isEmpty() ? -1 : budgetStore.reserve(reservation, holds, reservationTimeout.toMillis());
        if (refused >= 0) {
          for (String counter : tokenCounters) {
            rateStore.adjust(counter, -tokens, 2 * MINUTE_MILLIS);
          }
          throw budgetExhausted(budgetsHere.get(refused), counters.get(refused), estimate.nanos(), now);
        }
        ledger.attempt = new AttemptHold(attempt, reservation, budgetsHere, counters, tokenCounters, input, tokens);
      }
    }

    private void addLimit(List<RateLimitStore.Hold> holds, List<String> tokenCounters, RateLimit limit, String name,
        long tokens, Instant now) {
      if (limit == null) {
        return;
      }
      if (limit.rpm() > 0) {
        holds.add(new RateLimitStore.Hold(window("rpm:" + name, now), 1, limit.rpm()));
      }
      if (limit.tpm() > 0) {
        String counter = window("tpm:" + name, now);
        holds.add(new RateLimitStore.Hold(counter, tokens, limit.tpm()));
        tokenCounters.add(counter);
      }
    }

    private LlmException budgetExhausted(Budget budget, String counter, long wanted, Instant now) {
      long spent = budgetStore.spent(counter);
      if (budgetStore.markOnce(counter + "#breach")) {
        notifyListeners(l -> l.budgetExceeded(budget, budget.period().key(now, zone), spent));
      }
      Instant reset = budget.period().reset(now, zone);
      String when = reset == null ? "it does not reset (lifetime budget)" : "it resets at " + reset;
      return LlmException.builder(ErrorKind.RATE_LIMITED, "llmrouter budget '" + budget.name() + "' of "
              + Cost.format(budget.limitNanos()) + " is exhausted: " + Cost.format(spent) + " spent, "
              + Cost.format(budgetStore.reserved(counter)) + " reserved by calls in flight, this call may cost up to "
              + Cost.format(wanted) + "; " + when)
          .retryAfter(reset == null ? null : Duration.between(now, reset))
          .build();
    }

    @Override
    public void firstToken(AttemptInfo attempt, Duration sinceAttemptStart) {
      CallLedger ledger = calls.get(attempt.call().requestId());
      if (ledger != null) {
        synchronized (ledger) {
          ledger.committed = true;
        }
      }
    }

    @Override
    public void attemptFailed(AttemptInfo attempt, LlmException cause, boolean willRetry) {
      CallLedger ledger = calls.get(attempt.call().requestId());
      if (ledger != null) {
        synchronized (ledger) {
          // a committed stream that broke is settled by callFailed with what it delivered
          if (!ledger.committed && ledger.attempt != null && ledger.attempt.info() == attempt) {
            release(ledger);
          }
        }
      }
    }

    @Override
    public void callEnd(CallInfo call, AttemptInfo servedBy, Usage usage) {
      CallLedger ledger = calls.remove(call.requestId());
      if (ledger == null) {
        return;
      }
      synchronized (ledger) {
        if (servedBy == null || ledger.attempt == null) {
          release(ledger);
          settleKeyTokens(ledger, 0);
          record(call, ledger, null, Usage.ZERO, Cost.ZERO, SpendRecord.Outcome.CACHE_HIT);
          return;
        }
        Usage billed = usage;
        if (usage == null || usage.totalTokens() == 0) {
          // nothing reported: bill the worst case the attempt reserved, flagged
          billed = Usage.builder().inputTokens(ledger.attempt.inputTokens())
              .outputTokens(ledger.attempt.tokens() - ledger.attempt.inputTokens()).estimated(true).build();
        } else if (usage.totalInputTokens() == 0) {
          billed = usage.toBuilder().inputTokens(ledger.attempt.inputTokens()).estimated(true).build();
        }
        settle(call, ledger, billed, SpendRecord.Outcome.SUCCEEDED);
      }
    }

    @Override
    public void callFailed(CallInfo call, LlmException error, Usage usageSoFar) {
      CallLedger ledger = calls.remove(call.requestId());
      if (ledger == null) {
        return;
      }
      synchronized (ledger) {
        if (!ledger.committed || ledger.attempt == null) {
          release(ledger);
          settleKeyTokens(ledger, 0);
          record(call, ledger, null, Usage.ZERO, Cost.ZERO, SpendRecord.Outcome.FAILED);
          return;
        }
        Usage billed = usageSoFar;
        if (usageSoFar == null || usageSoFar.totalInputTokens() == 0) {
          // the upstream's input count never arrived, but the input was sent and is billed
          Usage base = usageSoFar == null ? Usage.ZERO : usageSoFar;
          billed = base.toBuilder().inputTokens(ledger.attempt.inputTokens()).estimated(true).build();
        }
        settle(call, ledger, billed, SpendRecord.Outcome.BROKEN);
      }
    }

    private void settle(CallInfo call, CallLedger ledger, Usage billed, SpendRecord.Outcome outcome) {
      AttemptHold hold = ledger.attempt;
      ledger.attempt = null;
      AttemptInfo info = hold.info();
      Cost cost = prices.cost(info.provider(), info.upstreamModel(), billed);
      if (!cost.priced() && unpriced.add(info.provider() + "/" + info.upstreamModel())) {
        log.warn("no price for {}/{}: its calls are costed zero", info.provider(), info.upstreamModel());
        notifyListeners(l -> l.unpricedModel(info.provider(), info.upstreamModel()));
      }
      if (!hold.counters().isEmpty()) {
        budgetStore.settle(hold.reservation(), hold.counters(), cost.nanos());
      }
      long used = billed.totalTokens();
      for (String counter : hold.tokenCounters()) {
        rateStore.adjust(counter, used - hold.tokens(), 2 * MINUTE_MILLIS);
      }
      settleKeyTokens(ledger, used);
      Instant now = clock.instant();
      for (int i = 0; i < hold.budgets().size(); i++) {
        Budget budget = hold.budgets().get(i);
        String counter = hold.counters().get(i);
        long spent = budgetStore.spent(counter);
        String period = budget.period().key(now, zone);
        if (budget.alertAt() > 0 && spent >= budget.alertAt() * budget.limitNanos()
            && budgetStore.markOnce(counter + "#alert")) {
          notifyListeners(l -> l.budgetAlert(budget, period, spent));
        }
        if (spent >= budget.limitNanos() && budgetStore.markOnce(counter + "#breach")) {
          notifyListeners(l -> l.budgetExceeded(budget, period, spent));
        }
      }
      record(call, ledger, info, billed, cost, outcome);
    }

    private void settleKeyTokens(CallLedger ledger, long used) {
      if (ledger.keyTokenCounter != null) {
        rateStore.adjust(ledger.keyTokenCounter, used - ledger.keyTokens, 2 * MINUTE_MILLIS);
        ledger.keyTokenCounter = null;
      }
    }

    /** Gives back what the current attempt holds: it failed, or the call ended without it. */
    private void release(CallLedger ledger) {
      AttemptHold hold = ledger.attempt;
      if (hold == null) {
        return;
      }
      ledger.attempt = null;
      if (!hold.counters().isEmpty()) {
        budgetStore.settle(hold.reservation(), hold.counters(), 0);
      }
      for (String counter : hold.tokenCounters()) {
        rateStore.adjust(counter, -hold.tokens(), 2 * MINUTE_MILLIS);
      }
    }

    private void record(CallInfo call, CallLedger ledger, AttemptInfo info, Usage usage, Cost cost,
        SpendRecord.Outcome outcome) {
      SpendRecord row = new SpendRecord(clock.instant(), call.requestId(), ledger.principal, ledger.request.model(),
          info == null ? null : info.provider(), info == null ? null : info.upstreamModel(), usage, cost, outcome);
      notifyListeners(l -> l.spend(row));
    }
  }

  public static final class Builder {
    private KeyStore keyStore;
    private BudgetStore budgetStore;
    private RateLimitStore rateStore;
    private boolean requireKey = true;
    private final List<Budget> budgets = new ArrayList<>();
    private BudgetDefinitionStore budgetDefinitions;
    private Duration budgetRefresh = Duration.ofSeconds(1);
    private PriceTable prices = PriceTable.bundled();
    private Policy policy = Policy.NONE;
    private final Map<String, RateLimit> deploymentLimits = new ConcurrentHashMap<>();
    private final Map<String, RateLimit> groupLimits = new ConcurrentHashMap<>();
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneOffset.UTC;
    private int defaultMaxTokens = 4096;
    private Duration reservationTimeout = Duration.ofHours(1);
    private final List<GovernanceListener> listeners = new CopyOnWriteArrayList<>();

    private Builder() {}

    /** Where virtual keys live; default {@link InMemoryKeyStore}. */
    public Builder keyStore(KeyStore value) {
      this.keyStore = Objects.requireNonNull(value, "keyStore");
      return this;
    }

    /** Where budget counters live; default {@link InMemoryBudgetStore}. */
    public Builder budgetStore(BudgetStore value) {
      this.budgetStore = Objects.requireNonNull(value, "budgetStore");
      return this;
    }

    /** Where rate-limit counters live; default {@link InMemoryRateLimitStore}. */
    public Builder rateLimitStore(RateLimitStore value) {
      this.rateStore = Objects.requireNonNull(value, "rateLimitStore");
      return this;
    }

    /**
     * Whether every call must carry a valid virtual key (default true). When false, a call without a
     * key is governed as anonymous (global budgets, policy, deployment and group limits); a call with a
     * key must still present a valid one.
     */
    public Builder requireKey(boolean value) {
      this.requireKey = value;
      return this;
    }

    public Builder budget(Budget value) {
      budgets.add(Objects.requireNonNull(value, "budget"));
      return this;
    }

    /**
     * Where budgets set at run time ({@link Governance#setBudget}) are kept; default in memory. A shared
     * store (Redis) makes them apply on every instance and survive a restart.
     */
    public Builder budgetDefinitionStore(BudgetDefinitionStore value) {
      this.budgetDefinitions = Objects.requireNonNull(value, "budgetDefinitionStore");
      return this;
    }

    /** How long the stored budgets are trusted before they are read again (default 1 s). */
    public Builder budgetRefresh(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("budgetRefresh must not be negative: " + value);
      }
      this.budgetRefresh = value;
      return this;
    }

    /** The prices; default {@link PriceTable#bundled()}. Extend it with {@link PriceTable#with}. */
    public Builder prices(PriceTable value) {
      this.prices = Objects.requireNonNull(value, "prices");
      return this;
    }

    public Builder policy(Policy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    public Builder rateLimit(RateLimit limit) {
      Objects.requireNonNull(limit, "limit");
      (limit.kind() == RateLimit.Target.DEPLOYMENT ? deploymentLimits : groupLimits).put(limit.target(), limit);
      return this;
    }

    /** The wall clock for periods, expiry and rate windows; default UTC system clock. Tests pass their own. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** The time zone budget periods follow (a day starts at midnight there); default UTC. */
    public Builder zone(ZoneId value) {
      this.zone = Objects.requireNonNull(value, "zone");
      return this;
    }

    /** The output a request without {@code max_tokens} is reserved for; default 4096. */
    public Builder defaultMaxTokens(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("defaultMaxTokens must be positive: " + value);
      }
      this.defaultMaxTokens = value;
      return this;
    }

    /**
     * How long a reservation counts when its call never settles (the process holding it died); default
     * one hour. Make it longer than your longest stream: a call that outlives it is still billed, but
     * its budget was briefly under-reserved.
     */
    public Builder reservationTimeout(Duration value) {
      Objects.requireNonNull(value, "reservationTimeout");
      if (value.isNegative()) {
        throw new IllegalArgumentException("reservationTimeout must not be negative: " + value);
      }
      this.reservationTimeout = value;
      return this;
    }

    public Builder addListener(GovernanceListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Governance build() {
      return new Governance(this);
    }
  }

  @Override
  public String toString() {
    return "Governance{" + configuredBudgets.size() + " budgets, " + policy + ", requireKey=" + requireKey + ", zone="
        + zone.getId().toLowerCase(Locale.ROOT) + "}";
  }
}
