package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.adapters.provider.MockAdapterFactory;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.core.governance.Governance;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * An {@link LlmRouter} bean built from {@code llmrouter.*}: configured providers and routes, then the
 * providers discovered from the environment, then every {@link LlmRouterBuilderCustomizer} in order.
 * An {@code OpenTelemetry} bean, when the application has one (e.g. from Spring Boot's OpenTelemetry
 * support), becomes the router's, so every call is traced and measured with no code; a customizer
 * must then not set another one. Likewise a {@link Governance} bean (from {@code llmrouter.governance.*}
 * or the application's own) governs every call of the router. When the application also has a Micrometer {@code MeterRegistry}
 * (Actuator), the metrics go there instead, under the same names, units and attributes, and only there
 * (the spans still go to OpenTelemetry); {@code llmrouter.micrometer-metrics=false} keeps them with
 * OpenTelemetry. A customizer must then not set a meter provider of its own.
 * The bean exists even with no configuration at all (a router without providers answers every call
 * with a "no route" error that says what to configure), so that applications and the proxy can
 * always inject it; define your own {@code LlmRouter} bean to replace it.
 */
@AutoConfiguration
@ConditionalOnClass(LlmRouter.class)
@EnableConfigurationProperties(LlmRouterProperties.class)
public class LlmRouterAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(LlmRouterAutoConfiguration.class);
  static final String MOCK_PROVIDER = "mock";

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public LlmRouter llmRouter(
      LlmRouterProperties properties, ObjectProvider<LlmRouterBuilderCustomizer> customizers, Environment environment,
      ObjectProvider<OpenTelemetry> openTelemetry, ObjectProvider<Governance> governance) {
    LlmRouter.Builder builder = LlmRouter.builder();
    openTelemetry.ifUnique(builder::openTelemetry);
    governance.ifUnique(builder::governance);
    PropertiesMapping.apply(properties, builder);
    if (properties.isDiscoverFromEnvironment()) {
      builder.discoverProvidersFromEnvironment(new EnvironmentLookup(environment));
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    if (!builder.hasProviders() && properties.isMockWhenNoProviders()) {
      LOG.warn("llmrouter: no provider is configured or found in the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, "
          + "GEMINI_API_KEY), so every model goes to the built-in MOCK provider, which answers canned text");
      builder.addProvider(ProviderConfig.builder(MOCK_PROVIDER, MockAdapterFactory.TYPE)
              .wireFormat(WireFormat.OPENAI_CHAT).build())
          .routePattern("*", MOCK_PROVIDER);
    }
    LlmRouter router = builder.build();
    LOG.info("llmrouter: providers {}, models {}", router.providers(), router.models());
    return router;
  }

  /** Micrometer, when the application has it: the router's metrics go to its registry, once. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class MicrometerMetricsConfiguration {
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    LlmRouterBuilderCustomizer llmRouterMicrometerMetrics(LlmRouterProperties properties,
        ObjectProvider<MeterRegistry> registry) {
      return builder -> {
        if (properties.isMicrometerMetrics()) {
          registry.ifUnique(meters -> builder.meterProvider(new MicrometerMeterProvider(meters)));
        }
      };
    }
  }

  /**
   * The Spring environment seen as the variables environment discovery looks up, so that
   * {@code OPENAI_API_KEY} may come from the process environment, a system property or a property
   * file alike. Lookups only: it cannot be listed.
   */
  private static final class EnvironmentLookup extends AbstractMap<String, String> {
    private final Environment environment;

    EnvironmentLookup(Environment environment) {
      this.environment = environment;
    }

    @Override
    public String get(Object key) {
      return key instanceof String name ? environment.getProperty(name) : null;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
      return Set.of();
    }
  }
}
