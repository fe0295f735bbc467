package dev.llmrouter.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.spring.proxy.LlmRouterProxyAutoConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class LlmRouterAutoConfigurationTest {
  private static final AutoConfigurations BOTH =
      AutoConfigurations.of(LlmRouterAutoConfiguration.class, LlmRouterProxyAutoConfiguration.class);

  /** Discovery is switched off unless a test is about it, so that the machine's own keys do not count. */
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(BOTH)
      .withPropertyValues("llmrouter.discover-from-environment=false");

  /** Where a model goes, as the router describes it, e.g. {@code openai/gpt-5.4-mini}. */
  private static String route(LlmRouter router, String model) {
    return router.resolve(model).map(Object::toString).orElse("nowhere");
  }

  @Test
  void anApplicationWithNoConfigurationStillGetsARouterThatSaysWhatIsMissing() {
    new ApplicationContextRunner().withConfiguration(BOTH).run(context -> {
      assertThat(context).hasSingleBean(LlmRouter.class);
    });
    runner.run(context -> {
      LlmRouter router = context.getBean(LlmRouter.class);
      assertThat(router.providers()).isEmpty();
      assertThatThrownBy(() -> router.chat(ChatRequest.builder().model("gpt-x").addMessage(Message.user("hi")).build()))
          .hasMessageContaining("no route for model 'gpt-x'");
    });
  }

  @Test
  void providersAndRoutesComeFromTheProperties() {
    runner.withPropertyValues(
            "llmrouter.providers.openai.type=openai",
            "llmrouter.providers.openai.api-keys[0]=sk-one",
            "llmrouter.providers.local.type=openai-compatible",
            "llmrouter.providers.local.base-url=http://127.0.0.1:11434/v1",
            "llmrouter.providers.claude.type=anthropic",
            "llmrouter.routes[0].model=gpt-5.4-mini",
            "llmrouter.routes[0].provider=openai",
            "llmrouter.routes[1].model=fast",
            "llmrouter.routes[1].provider=local",
            "llmrouter.routes[1].upstream-model=llama3.2:3b",
            "llmrouter.prefix-routes[0].prefix=claude-",
            "llmrouter.prefix-routes[0].provider=claude",
            "llmrouter.patterns[0].pattern=*",
            "llmrouter.patterns[0].provider=local")
        .run(context -> {
          LlmRouter router = context.getBean(LlmRouter.class);
          assertThat(router.providers()).containsExactly("claude", "local", "openai");
          assertThat(route(router, "gpt-5.4-mini")).isEqualTo("openai/gpt-5.4-mini");
          assertThat(route(router, "fast")).isEqualTo("local/llama3.2:3b");
          assertThat(route(router, "claude-opus-5")).isEqualTo("claude/claude-opus-5");
          assertThat(route(router, "anything")).isEqualTo("local/anything");
        });
  }

  @Test
  void groupsAliasesAndResilienceComeFromTheProperties() {
    runner.withPropertyValues(
            "llmrouter.providers.openai.type=openai",
            "llmrouter.providers.anthropic.type=anthropic",
            "llmrouter.groups[0].name=smart",
            "llmrouter.groups[0].deployments[0].provider=anthropic",
            "llmrouter.groups[0].deployments[0].model=claude-sonnet-4-6",
            "llmrouter.groups[0].deployments[0].weight=3",
            "llmrouter.groups[0].deployments[1].provider=openai",
            "llmrouter.groups[0].deployments[1].model=gpt-5.4",
            "llmrouter.groups[0].deployments[1].rpm=500",
            "llmrouter.groups[0].fallbacks=cheap,openai/gpt-5.4-nano",
            "llmrouter.groups[0].selection=round-robin",
            "llmrouter.groups[1].name=cheap",
            "llmrouter.groups[1].deployments[0].provider=openai",
            "llmrouter.groups[1].deployments[0].model=gpt-5.4-mini",
            "llmrouter.groups[2].name=passthrough",
            "llmrouter.groups[2].deployments[0].provider=openai",
            "llmrouter.aliases[0].name=claude-*",
            "llmrouter.aliases[0].target=smart",
            "llmrouter.aliases[1].name=default",
            "llmrouter.aliases[1].target=cheap",
            "llmrouter.substring-aliases[0].substring=haiku",
            "llmrouter.substring-aliases[0].target=cheap",
            "llmrouter.selection=least-busy",
            "llmrouter.retry.max-attempts=2",
            "llmrouter.retry.initial-backoff=100ms",
            "llmrouter.retry.total-deadline=2m",
            "llmrouter.circuit-breaker.failure-threshold=3",
            "llmrouter.circuit-breaker.failure-window=10",
            "llmrouter.key-cooldown=2s",
            "llmrouter.cache.enabled=true",
            "llmrouter.cache.ttl=1m")
        .run(context -> {
          LlmRouter router = context.getBean(LlmRouter.class);
          assertThat(route(router, "smart"))
              .isEqualTo("anthropic/claude-sonnet-4-6 weight=3, openai/gpt-5.4 rpm=500, then cheap, openai/gpt-5.4-nano");
          assertThat(route(router, "claude-opus-5-5")).startsWith("anthropic/claude-sonnet-4-6");
          assertThat(route(router, "claude-haiku-4-5")).isEqualTo("openai/gpt-5.4-mini");
          assertThat(route(router, "default")).isEqualTo("openai/gpt-5.4-mini");
          assertThat(route(router, "passthrough")).isEqualTo("openai/passthrough");
          assertThat(router.cache()).isPresent();
        });
  }

  @Test
  void aWrongRoutingValueFailsTheStartNamingTheProperty() {
    runner.withPropertyValues("llmrouter.selection=fastest")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("llmrouter.selection 'fastest' is not one of weighted-random"));
    runner.withPropertyValues("llmrouter.groups[0].name=empty")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("llmrouter.groups[0].deployments needs at least one deployment"));
    runner.withPropertyValues("llmrouter.retry.max-attempts=0")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("maxAttempts must be at least 1"));
  }

  @Test
  void keysComeInlineFromPlaceholdersAndFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys.txt");
    Files.writeString(file, "# team keys\nsk-file-1\n\nsk-file-2 sk-file-3\n");
    LlmRouterProperties.Provider provider = new LlmRouterProperties.Provider();
    provider.setType("openai");
    provider.setApiKeys(List.of("sk-inline", "sk-env-1 sk-env-2"));
    provider.setApiKeysFile(file);
    ProviderConfig config = PropertiesMapping.providerConfig("openai", provider);
    assertThat(config.apiKeys()).extracting(k -> k.reveal())
        .containsExactly("sk-inline", "sk-env-1", "sk-env-2", "sk-file-1", "sk-file-2", "sk-file-3");
    assertThat(config.toString()).doesNotContain("sk-");

    runner.withPropertyValues("TEAM_KEYS=sk-a sk-b", "llmrouter.providers.openai.type=openai",
            "llmrouter.providers.openai.api-keys[0]=${TEAM_KEYS}")
        .run(context -> assertThat(context).hasSingleBean(LlmRouter.class));
  }

  @Test
  void aProviderWithoutTypeOrWithAnUnknownWireFormatFailsTheStartWithTheKeyToFix() {
    runner.withPropertyValues("llmrouter.providers.x.base-url=http://127.0.0.1:1")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("llmrouter.providers.x.type is required"));
    runner.withPropertyValues("llmrouter.providers.x.type=openai", "llmrouter.providers.x.wire-format=soap")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("unknown wire format 'soap'"));
  }

  @Test
  void providersAreDiscoveredFromTheEnvironmentUnlessSwitchedOff() {
    runner.withPropertyValues("llmrouter.discover-from-environment=true", "ANTHROPIC_API_KEY=sk-ant-test",
            "OPENAI_API_KEY=", "GEMINI_API_KEY=", "GOOGLE_API_KEY=")
        .run(context -> {
          LlmRouter router = context.getBean(LlmRouter.class);
          assertThat(router.providers()).containsExactly("anthropic");
          assertThat(route(router, "claude-sonnet-5")).isEqualTo("anthropic/claude-sonnet-5");
        });
    runner.withPropertyValues("ANTHROPIC_API_KEY=sk-ant-test")
        .run(context -> assertThat(context.getBean(LlmRouter.class).providers()).isEmpty());
  }

  @Test
  void theMockTakesEveryModelOnlyWhenAskedAndNothingElseIsConfigured() {
    runner.withPropertyValues("llmrouter.mock-when-no-providers=true").run(context -> {
      LlmRouter router = context.getBean(LlmRouter.class);
      assertThat(router.providers()).containsExactly("mock");
      assertThat(router.chat(ChatRequest.builder().model("claude-opus-5").addMessage(Message.user("hi")).build())
          .text()).contains("llmrouter mock provider", "You said: hi");
    });
    runner.withPropertyValues("llmrouter.mock-when-no-providers=true", "llmrouter.providers.openai.type=openai")
        .run(context -> assertThat(context.getBean(LlmRouter.class).providers()).containsExactly("openai"));
  }

  @Test
  void aRouterBeanOfTheApplicationWins() {
    runner.withUserConfiguration(OwnRouter.class).run(context -> {
      assertThat(context).hasSingleBean(LlmRouter.class);
      assertThat(context.getBean(LlmRouter.class)).isSameAs(context.getBean("ownRouter"));
    });
  }

  @Test
  void customizersRunInOrderAfterThePropertiesAndTheirProvidersCountForTheMockFallback() {
    runner.withUserConfiguration(Customizers.class)
        .withPropertyValues("llmrouter.mock-when-no-providers=true", "llmrouter.routes[0].model=m",
            "llmrouter.routes[0].provider=custom")
        .run(context -> {
          assertThat(context.getBean(Customizers.class).calls).containsExactly("first", "second");
          LlmRouter router = context.getBean(LlmRouter.class);
          assertThat(router.providers()).containsExactly("custom");
          assertThat(route(router, "m")).isEqualTo("custom/m");
          assertThat(route(router, "from-second")).isEqualTo("custom/x");
        });
  }

  @Test
  void closingTheContextClosesTheRouter() {
    List<LlmRouter> routers = new ArrayList<>();
    runner.withPropertyValues("llmrouter.mock-when-no-providers=true")
        .run(context -> routers.add(context.getBean(LlmRouter.class)));
    assertThatThrownBy(() -> routers.get(0).chat(ChatRequest.builder().model("m").addMessage(Message.user("hi")).build()))
        .hasMessageContaining("the router is closed");
  }

  @Test
  void theProxyIsOffByDefaultAndNeedsAServletApplication() {
    WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(BOTH)
        .withPropertyValues("llmrouter.discover-from-environment=false");
    web.run(context -> {
      assertThat(context).hasSingleBean(LlmRouter.class);
      assertThat(context).doesNotHaveBean(ServletRegistrationBean.class);
    });
    web.withPropertyValues("llmrouter.proxy.enabled=true").run(context -> {
      assertThat(context).hasSingleBean(ServletRegistrationBean.class);
      ServletRegistrationBean<?> proxy = context.getBean(ServletRegistrationBean.class);
      assertThat(proxy.getUrlMappings()).containsExactlyInAnyOrder("/v1/*", "/v1beta/*", "/healthz", "/readyz", "/api/hello");
    });
    runner.withPropertyValues("llmrouter.proxy.enabled=true")
        .run(context -> assertThat(context).doesNotHaveBean(ServletRegistrationBean.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRouter {
    @Bean(destroyMethod = "close")
    LlmRouter ownRouter() {
      return LlmRouter.builder().build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    final List<String> calls = new ArrayList<>();

    @Bean
    @Order(2)
    LlmRouterBuilderCustomizer second() {
      return builder -> {
        calls.add("second");
        builder.route("from-second", "custom", "x");
      };
    }

    @Bean
    @Order(1)
    LlmRouterBuilderCustomizer first() {
      return builder -> {
        calls.add("first");
        builder.addProvider(ProviderConfig.builder("custom", "mock")
            .wireFormat(dev.llmrouter.api.WireFormat.OPENAI_CHAT).build());
      };
    }
  }

  @Test
  void anOpenTelemetryBeanTracesEveryCallWithNoCode() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    runner.withPropertyValues("llmrouter.mock-when-no-providers=true").withBean(OpenTelemetry.class, () -> otel)
        .run(context -> {
          LlmRouter router = context.getBean(LlmRouter.class); // the mock answers every model
          router.chat(ChatRequest.builder().model("gpt-x").addMessage(Message.user("hi")).build());
          assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).contains("chat gpt-x");
        });
    otel.close();
  }
}
