package dev.llmrouter.spring.proxy;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The proxy on a random port with one fake upstream per protocol behind it. Models:
 * {@code chat-up} (OpenAI Chat upstream), {@code responses-up} (Responses), {@code claude-up}
 * (Anthropic), {@code gemini-up} (Gemini), {@code mock-model} (the built-in mock). A client whose
 * protocol matches the upstream's goes through passthrough; any other pair is translated. The fake
 * upstreams live as long as the test JVM, like the Spring context all subclasses share.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ProxyTestBase.App.class,
    properties = {
        "llmrouter.discover-from-environment=false",
        "llmrouter.proxy.enabled=true",
        "llmrouter.proxy.master-key=" + ProxyTestBase.PROXY_KEY,
        "llmrouter.proxy.api-keys=second-proxy-key",
        "llmrouter.proxy.max-request-size=64KB",
        "server.address=127.0.0.1"
    })
abstract class ProxyTestBase {
  static final String PROXY_KEY = "proxy-master-key";
  static final String UPSTREAM_KEY = "sk-upstream-secret";

  static final Upstream OPENAI = new Upstream();
  static final Upstream RESPONSES = new Upstream();
  static final Upstream ANTHROPIC = new Upstream();
  static final Upstream GEMINI = new Upstream();

  @LocalServerPort int port;

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  @DynamicPropertySource
  static void upstreams(DynamicPropertyRegistry registry) {
    provider(registry, "openai-up", "openai", null, OPENAI.url("/v1"));
    provider(registry, "responses-up", "openai", "openai-responses", RESPONSES.url("/v1"));
    provider(registry, "anthropic-up", "anthropic", null, ANTHROPIC.url("/"));
    provider(registry, "gemini-up", "gemini", null, GEMINI.url("/"));
    registry.add("llmrouter.providers.mock.type", () -> "mock");
    registry.add("llmrouter.providers.mock.wire-format", () -> "anthropic");
    route(registry, 0, "chat-up", "openai-up");
    route(registry, 1, "responses-up", "responses-up");
    route(registry, 2, "claude-up", "anthropic-up");
    route(registry, 3, "gemini-up", "gemini-up");
    route(registry, 4, "mock-model", "mock");
  }

  private static void provider(DynamicPropertyRegistry registry, String name, String type, String format, String url) {
    String prefix = "llmrouter.providers." + name + ".";
    registry.add(prefix + "type", () -> type);
    registry.add(prefix + "base-url", () -> url);
    registry.add(prefix + "api-keys[0]", () -> UPSTREAM_KEY);
    if (format != null) {
      registry.add(prefix + "wire-format", () -> format);
    }
  }

  private static void route(DynamicPropertyRegistry registry, int index, String model, String provider) {
    registry.add("llmrouter.routes[" + index + "].model", () -> model);
    registry.add("llmrouter.routes[" + index + "].provider", () -> provider);
    registry.add("llmrouter.routes[" + index + "].upstream-model", () -> "upstream-" + model);
  }

  @BeforeEach
  void forgetUpstreamTraffic() {
    OPENAI.reset();
    RESPONSES.reset();
    ANTHROPIC.reset();
    GEMINI.reset();
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }
}
