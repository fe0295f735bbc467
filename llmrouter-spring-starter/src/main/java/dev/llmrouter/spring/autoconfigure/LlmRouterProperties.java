package dev.llmrouter.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The router's configuration under {@code llmrouter.*}, in {@code application.yml} or in the proxy's
 * YAML file (one schema for both).
 *
 * <pre>{@code
 * llmrouter:
 *   providers:
 *     openai:
 *       type: openai
 *       api-keys: ["${OPENAI_API_KEY}"]
 *     local:
 *       type: openai-compatible
 *       base-url: http://127.0.0.1:11434/v1
 *   routes:
 *     - model: fast
 *       provider: openai
 *       upstream-model: gpt-5.4-mini
 *   groups:
 *     - name: smart
 *       deployments:
 *         - {provider: openai, model: gpt-5.4, weight: 3}
 *         - {provider: local, model: "llama3.3:70b"}
 *       fallbacks: [fast]
 *   aliases:
 *     - {name: "claude-*", target: smart}
 *   patterns:
 *     - {pattern: "llama*", provider: local}
 *   retry:
 *     max-attempts: 3
 *     total-deadline: 2m
 * }</pre>
 *
 * Routes, groups and aliases are lists rather than maps because model names hold dots
 * ({@code gpt-5.4-mini}), which property keys would split.
 */
@ConfigurationProperties(LlmRouterProperties.PREFIX)
public class LlmRouterProperties {
  public static final String PREFIX = "llmrouter";

  /** Upstream providers by name (the name is what routes and {@code provider/model} prefixes refer to). */
  private Map<String, Provider> providers = new LinkedHashMap<>();

  /** Exact model routes: a model name clients ask for, the provider that serves it, and its name there. */
  private List<Route> routes = new ArrayList<>();

  /** Prefix routes: every model whose name starts with the prefix goes to the provider, under its own name. */
  private List<PrefixRoute> prefixRoutes = new ArrayList<>();

  /** Model groups: several deployments behind one name, with a fallback chain. */
  private List<Group> groups = new ArrayList<>();

  /** Other names for a group, an alias or provider/model; a name with * is a pattern (e.g. claude-*). */
  private List<Alias> aliases = new ArrayList<>();

  /** Every model whose name contains the substring (ignoring case) goes to the target; the longest wins. */
  private List<SubstringAlias> substringAliases = new ArrayList<>();

  /** Wildcard routes: every model matching the pattern (* matches anything, e.g. "*" or "gemini-*-flash*") goes to the provider under its own name. */
  private List<PatternRoute> patterns = new ArrayList<>();

  /**
   * How groups without their own strategy pick a deployment: weighted-random (default), round-robin,
   * least-busy, lowest-latency or usage-based.
   */
  private String selection;

  /** Retries, backoff and timeouts; unset values keep the router's defaults. */
  private Retry retry = new Retry();

  /** The circuit breaker of every deployment; unset values keep the router's defaults. */
  private CircuitBreaker circuitBreaker = new CircuitBreaker();

  /** How long a rate-limited key rests when the provider gave no retry-after (router default 5s). */
  private Duration keyCooldown;

  /** The exact-match response cache for deterministic requests. */
  private Cache cache = new Cache();

  /**
   * Whether to add a provider for each of OPENAI_API_KEY, ANTHROPIC_API_KEY and GEMINI_API_KEY that is
   * set (with routes for gpt-*, claude-*, gemini-*); providers configured under those names win.
   */
  private boolean discoverFromEnvironment = true;

  /**
   * Whether, when no provider is configured or discovered, every model goes to the built-in mock
   * provider (type mock) instead of failing with "no route". Meant for trying the proxy out.
   */
  private boolean mockWhenNoProviders = false;

  /**
   * Whether the router's metrics go to the application's Micrometer MeterRegistry (Actuator), when it
   * has one, instead of through OpenTelemetry; spans stay with OpenTelemetry either way.
   */
  private boolean micrometerMetrics = true;

  public Map<String, Provider> getProviders() {
    return providers;
  }

  public void setProviders(Map<String, Provider> providers) {
    this.providers = providers;
  }

  public List<Route> getRoutes() {
    return routes;
  }

  public void setRoutes(List<Route> routes) {
    this.routes = routes;
  }

  public List<PrefixRoute> getPrefixRoutes() {
    return prefixRoutes;
  }

  public void setPrefixRoutes(List<PrefixRoute> prefixRoutes) {
    this.prefixRoutes = prefixRoutes;
  }

  public List<Group> getGroups() {
    return groups;
  }

  public void setGroups(List<Group> groups) {
    this.groups = groups;
  }

  public List<Alias> getAliases() {
    return aliases;
  }

  public void setAliases(List<Alias> aliases) {
    this.aliases = aliases;
  }

  public List<SubstringAlias> getSubstringAliases() {
    return substringAliases;
  }

  public void setSubstringAliases(List<SubstringAlias> substringAliases) {
    this.substringAliases = substringAliases;
  }

  public List<PatternRoute> getPatterns() {
    return patterns;
  }

  public void setPatterns(List<PatternRoute> patterns) {
    this.patterns = patterns;
  }

  public String getSelection() {
    return selection;
  }

  public void setSelection(String selection) {
    this.selection = selection;
  }

  public Retry getRetry() {
    return retry;
  }

  public void setRetry(Retry retry) {
    this.retry = retry;
  }

  public CircuitBreaker getCircuitBreaker() {
    return circuitBreaker;
  }

  public void setCircuitBreaker(CircuitBreaker circuitBreaker) {
    this.circuitBreaker = circuitBreaker;
  }

  public Duration getKeyCooldown() {
    return keyCooldown;
  }

  public void setKeyCooldown(Duration keyCooldown) {
    this.keyCooldown = keyCooldown;
  }

  public Cache getCache() {
    return cache;
  }

  public void setCache(Cache cache) {
    this.cache = cache;
  }

  public boolean isDiscoverFromEnvironment() {
    return discoverFromEnvironment;
  }

  public void setDiscoverFromEnvironment(boolean discoverFromEnvironment) {
    this.discoverFromEnvironment = discoverFromEnvironment;
  }

  public boolean isMockWhenNoProviders() {
    return mockWhenNoProviders;
  }

  public void setMockWhenNoProviders(boolean mockWhenNoProviders) {
    this.mockWhenNoProviders = mockWhenNoProviders;
  }

  public boolean isMicrometerMetrics() {
    return micrometerMetrics;
  }

  public void setMicrometerMetrics(boolean micrometerMetrics) {
    this.micrometerMetrics = micrometerMetrics;
  }

  /** One upstream provider. */
  public static class Provider {
    /** Adapter type: openai, anthropic, gemini, openai-compatible, mock, or a type an application registers. */
    private String type;

    /**
     * Wire format spoken upstream: anthropic, openai-chat, openai-responses or gemini. Defaults by type
     * (openai and openai-compatible: openai-chat); required for other types.
     */
    private String wireFormat;

    /** Base URL; defaults to the public endpoint of known types. */
    private String baseUrl;

    /**
     * API keys, used round-robin. Each entry may hold several keys separated by spaces or commas, so
     * that {@code ${OPENAI_API_KEY}} with "k1 k2" gives two keys. Write {@code ${VAR:}} for a variable
     * that may be unset.
     */
    private List<String> apiKeys = new ArrayList<>();

    /** A file with more keys: one or more per line, blank lines and lines starting with # ignored. */
    private Path apiKeysFile;

    /** Extra headers sent on every upstream request. */
    private Map<String, String> headers = new LinkedHashMap<>();

    /** Adapter options, e.g. auth (bearer, x-api-key, x-goog-api-key, api-key) or anthropic-version. */
    private Map<String, String> options = new LinkedHashMap<>();

    /** Time allowed to open a connection. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** Longest silence allowed between two reads of an answer. */
    private Duration readTimeout = Duration.ofSeconds(120);

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public String getWireFormat() {
      return wireFormat;
    }

    public void setWireFormat(String wireFormat) {
      this.wireFormat = wireFormat;
    }

    public String getBaseUrl() {
      return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    public List<String> getApiKeys() {
      return apiKeys;
    }

    public void setApiKeys(List<String> apiKeys) {
      this.apiKeys = apiKeys;
    }

    public Path getApiKeysFile() {
      return apiKeysFile;
    }

    public void setApiKeysFile(Path apiKeysFile) {
      this.apiKeysFile = apiKeysFile;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }

    public Map<String, String> getOptions() {
      return options;
    }

    public void setOptions(Map<String, String> options) {
      this.options = options;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
      return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    /** Never the keys. */
    @Override
    public String toString() {
      return "Provider{type=" + type + ", wireFormat=" + wireFormat + ", baseUrl=" + baseUrl + "}";
    }
  }

  /** An exact model route. */
  public static class Route {
    /** The model name clients ask for. */
    private String model;

    /** The provider that serves it. */
    private String provider;

    /** The model to ask that provider for; defaults to the same name. */
    private String upstreamModel;

    public String getModel() {
      return model;
    }

    public void setModel(String model) {
      this.model = model;
    }

    public String getProvider() {
      return provider;
    }

    public void setProvider(String provider) {
      this.provider = provider;
    }

    public String getUpstreamModel() {
      return upstreamModel;
    }

    public void setUpstreamModel(String upstreamModel) {
      this.upstreamModel = upstreamModel;
    }
  }

  /** A prefix route. */
  public static class PrefixRoute {
    /** The start of the model names to route, e.g. "claude-". */
    private String prefix;

    /** The provider that serves them. */
    private String provider;

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    public String getProvider() {
      return provider;
    }

    public void setProvider(String provider) {
      this.provider = provider;
    }
  }

  /** A model group. */
  public static class Group {
    /** The model name clients ask for. */
    private String name;

    /** Where calls go; at least one. */
    private List<GroupDeployment> deployments = new ArrayList<>();

    /** Models to try, in order, when no deployment answers (groups, aliases or provider/model). */
    private List<String> fallbacks = new ArrayList<>();

    /** The model for prompts too long for this group. */
    private String contextWindowFallback;

    /** The model for requests this group's provider refuses on content policy. */
    private String contentPolicyFallback;

    /** This group's own selection strategy (see llmrouter.selection). */
    private String selection;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public List<GroupDeployment> getDeployments() {
      return deployments;
    }

    public void setDeployments(List<GroupDeployment> deployments) {
      this.deployments = deployments;
    }

    public List<String> getFallbacks() {
      return fallbacks;
    }

    public void setFallbacks(List<String> fallbacks) {
      this.fallbacks = fallbacks;
    }

    public String getContextWindowFallback() {
      return contextWindowFallback;
    }

    public void setContextWindowFallback(String contextWindowFallback) {
      this.contextWindowFallback = contextWindowFallback;
    }

    public String getContentPolicyFallback() {
      return contentPolicyFallback;
    }

    public void setContentPolicyFallback(String contentPolicyFallback) {
      this.contentPolicyFallback = contentPolicyFallback;
    }

    public String getSelection() {
      return selection;
    }

    public void setSelection(String selection) {
      this.selection = selection;
    }
  }

  /** One deployment of a group. */
  public static class GroupDeployment {
    /** The provider. */
    private String provider;

    /** The model to ask it for; "*" forwards the name the client asked for. */
    private String model;

    /** The share of calls, relative to the group's other deployments. */
    private int weight = 1;

    /** Requests per minute this deployment may take (0: no limit; used by usage-based selection). */
    private long rpm;

    /** Tokens per minute this deployment may take (0: no limit). */
    private long tpm;

    public String getProvider() {
      return provider;
    }

    public void setProvider(String provider) {
      this.provider = provider;
    }

    public String getModel() {
      return model;
    }

    public void setModel(String model) {
      this.model = model;
    }

    public int getWeight() {
      return weight;
    }

    public void setWeight(int weight) {
      this.weight = weight;
    }

    public long getRpm() {
      return rpm;
    }

    public void setRpm(long rpm) {
      this.rpm = rpm;
    }

    public long getTpm() {
      return tpm;
    }

    public void setTpm(long tpm) {
      this.tpm = tpm;
    }
  }

  /** Another name for a model. */
  public static class Alias {
    /** The name clients ask for; with * it is a pattern, e.g. "claude-*". */
    private String name;

    /** A group, another alias, or provider/model. */
    private String target;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getTarget() {
      return target;
    }

    public void setTarget(String target) {
      this.target = target;
    }
  }

  /** A substring alias. */
  public static class SubstringAlias {
    /** The part of a model name to match, ignoring case, e.g. "haiku". */
    private String substring;

    /** A group, an alias, or provider/model. */
    private String target;

    public String getSubstring() {
      return substring;
    }

    public void setSubstring(String substring) {
      this.substring = substring;
    }

    public String getTarget() {
      return target;
    }

    public void setTarget(String target) {
      this.target = target;
    }
  }

  /** A wildcard route to a provider. */
  public static class PatternRoute {
    /** The pattern; * matches any run of characters, and "*" alone every model no other route takes. */
    private String pattern;

    /** The provider that serves the matching models under their own names. */
    private String provider;

    public String getPattern() {
      return pattern;
    }

    public void setPattern(String pattern) {
      this.pattern = pattern;
    }

    public String getProvider() {
      return provider;
    }

    public void setProvider(String provider) {
      this.provider = provider;
    }
  }

  /** Retry settings; {@code null} keeps the router's default. */
  public static class Retry {
    /** Passes over a group before its fallbacks (router default 3). */
    private Integer maxAttempts;

    /** The first backoff between passes (router default 500ms). */
    private Duration initialBackoff;

    /** The longest backoff (router default 30s). */
    private Duration maxBackoff;

    /** Backoff growth per pass (router default 2.0). */
    private Double multiplier;

    /** The random share of each backoff, 0 to 1 (router default 0.5). */
    private Double jitter;

    /** The longest provider Retry-After the router waits for (router default 60s). */
    private Duration maxRetryAfter;

    /** Time allowed for one attempt (router default: none). */
    private Duration attemptTimeout;

    /** Time allowed for the whole call, retries and fallbacks included (router default: none). */
    private Duration totalDeadline;

    /** The longest silence in a stream before it counts as failed (router default: none). */
    private Duration streamIdleTimeout;

    boolean isSet() {
      return maxAttempts != null || initialBackoff != null || maxBackoff != null || multiplier != null
          || jitter != null || maxRetryAfter != null || attemptTimeout != null || totalDeadline != null
          || streamIdleTimeout != null;
    }

    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public Double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(Double multiplier) {
      this.multiplier = multiplier;
    }

    public Double getJitter() {
      return jitter;
    }

    public void setJitter(Double jitter) {
      this.jitter = jitter;
    }

    public Duration getMaxRetryAfter() {
      return maxRetryAfter;
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
    }

    public Duration getAttemptTimeout() {
      return attemptTimeout;
    }

    public void setAttemptTimeout(Duration attemptTimeout) {
      this.attemptTimeout = attemptTimeout;
    }

    public Duration getTotalDeadline() {
      return totalDeadline;
    }

    public void setTotalDeadline(Duration totalDeadline) {
      this.totalDeadline = totalDeadline;
    }

    public Duration getStreamIdleTimeout() {
      return streamIdleTimeout;
    }

    public void setStreamIdleTimeout(Duration streamIdleTimeout) {
      this.streamIdleTimeout = streamIdleTimeout;
    }
  }

  /** Circuit-breaker settings; {@code null} keeps the router's default. */
  public static class CircuitBreaker {
    /** Whether deployments have a breaker (router default true). */
    private Boolean enabled;

    /** Failures that open the breaker (router default 5, consecutive). */
    private Integer failureThreshold;

    /** Among how many recent attempts the failures count (default: the threshold, i.e. consecutive). */
    private Integer failureWindow;

    /** How long an open breaker waits before a trial call (router default 30s). */
    private Duration openDelay;

    /** Successful trials that close it again (router default 1). */
    private Integer successThreshold;

    boolean isSet() {
      return enabled != null || failureThreshold != null || failureWindow != null || openDelay != null
          || successThreshold != null;
    }

    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    public Integer getFailureThreshold() {
      return failureThreshold;
    }

    public void setFailureThreshold(Integer failureThreshold) {
      this.failureThreshold = failureThreshold;
    }

    public Integer getFailureWindow() {
      return failureWindow;
    }

    public void setFailureWindow(Integer failureWindow) {
      this.failureWindow = failureWindow;
    }

    public Duration getOpenDelay() {
      return openDelay;
    }

    public void setOpenDelay(Duration openDelay) {
      this.openDelay = openDelay;
    }

    public Integer getSuccessThreshold() {
      return successThreshold;
    }

    public void setSuccessThreshold(Integer successThreshold) {
      this.successThreshold = successThreshold;
    }
  }

  /** The response cache. */
  public static class Cache {
    /** Whether deterministic requests (temperature 0) are answered from a cache of exact matches. */
    private boolean enabled = false;

    /** The most answers kept (router default 1000). */
    private Long maximumSize;

    /** How long an answer is kept (router default 10m). */
    private Duration ttl;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Long getMaximumSize() {
      return maximumSize;
    }

    public void setMaximumSize(Long maximumSize) {
      this.maximumSize = maximumSize;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }
  }
}
