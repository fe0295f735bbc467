package dev.llmrouter.spring.proxy;

import dev.llmrouter.api.Secret;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.governance.Governance;
import dev.llmrouter.spring.autoconfigure.LlmRouterAutoConfiguration;
import dev.llmrouter.spring.governance.LlmRouterGovernance;
import dev.llmrouter.spring.governance.LlmRouterGovernanceAutoConfiguration;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.startup.Tomcat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The proxy for coding CLIs, on when {@code llmrouter.proxy.enabled=true} in a servlet web
 * application: one servlet on {@code /v1/*}, {@code /v1beta/*}, {@code /healthz}, {@code /readyz}
 * (and Claude Code's {@code /api/hello} probe) over the application's {@link LlmRouter} bean, and
 * with governance the admin API on {@code /admin/*}.
 */
@AutoConfiguration(after = {LlmRouterGovernanceAutoConfiguration.class, LlmRouterAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Servlet.class, ServletRegistrationBean.class})
@ConditionalOnProperty(prefix = LlmRouterProxyProperties.PREFIX, name = "enabled", havingValue = "true")
@EnableConfigurationProperties(LlmRouterProxyProperties.class)
public class LlmRouterProxyAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(LlmRouterProxyAutoConfiguration.class);
  /** The environment variable that holds the master key when the property does not. */
  public static final String MASTER_KEY_VARIABLE = LlmRouterProxyProperties.MASTER_KEY_VARIABLE;

  @Bean
  public ServletRegistrationBean<HttpServlet> llmRouterProxyServlet(
      LlmRouter router, LlmRouterProxyProperties properties, Environment environment,
      ObjectProvider<Governance> governance) {
    ProxyAuth auth = new ProxyAuth(keys(properties, environment));
    if (auth.isOpen()) {
      LOG.warn("llmrouter proxy: NO KEY is configured (llmrouter.proxy.master-key or {}): any key is accepted, "
          + "from loopback clients only", MASTER_KEY_VARIABLE);
    } else {
      LOG.info("llmrouter proxy: {} client key(s) configured", auth.keyCount());
    }
    ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(
        new ProxyServlet(router, auth, governance.getIfUnique(), properties.getMaxRequestSize().toBytes()),
        "/v1/*", "/v1beta/*", "/healthz", "/readyz", "/api/hello");
    registration.setName("llmrouterProxy");
    registration.setLoadOnStartup(1);
    return registration;
  }

  static List<Secret> keys(LlmRouterProxyProperties properties, Environment environment) {
    List<Secret> keys = new ArrayList<>();
    Secret master = properties.masterKey(environment);
    if (master != null) {
      keys.add(master);
    }
    keys.addAll(properties.clientKeys());
    return keys;
  }

  /** The admin API on {@code /admin/*}, when governance is on, for the master key only. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(LlmRouterGovernance.class)
  static class AdminApi {
    @Bean
    ServletRegistrationBean<HttpServlet> llmRouterAdminServlet(LlmRouterGovernance governance,
        LlmRouterProxyProperties properties, Environment environment) {
      Secret master = properties.masterKey(environment);
      if (master == null) {
        LOG.warn("llmrouter admin API: no master key (llmrouter.proxy.master-key or {}), so every /admin call is "
            + "refused", MASTER_KEY_VARIABLE);
      }
      ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(
          new AdminServlet(governance, master == null ? null : new ProxyAuth(List.of(master))), "/admin/*");
      registration.setName("llmrouterAdmin");
      return registration;
    }
  }

  /**
   * Tomcat already defaults to TCP_NODELAY; set it anyway, because a stream's small chunks would
   * otherwise wait ~40 ms each for Nagle's algorithm.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Tomcat.class)
  static class TomcatNoDelay {
    @Bean
    TomcatConnectorCustomizer llmRouterTcpNoDelay() {
      return connector -> connector.setProperty("socket.tcpNoDelay", "true");
    }
  }
}
