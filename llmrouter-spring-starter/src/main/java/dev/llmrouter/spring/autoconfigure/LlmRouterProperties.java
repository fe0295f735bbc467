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
 *   prefix-routes:
 *     - prefix: "llama"
 *       provider: local
 * }</pre>
 *
 * Routes are lists rather than maps because model names hold dots ({@code gpt-5.4-mini}), which
 * property keys would split.
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
    /** The start of the model names to route, e.g. "claude-"; "*" routes every model no other route matches. */
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
}
