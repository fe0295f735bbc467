package dev.llmrouter.spring.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One proxy instance with governance on, on a random loopback port: the built-in mock provider serves
 * {@code mock-model} as {@code mock-upstream}, priced at $1 per million tokens in and out. Extra
 * settings (store, ledger, budgets) come from the test.
 */
final class GovernedProxy implements AutoCloseable {
  static final String MASTER = "test-master-key";
  static final String CLIENT_KEY = "test-client-key";
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final ConfigurableApplicationContext context;
  final int port;

  GovernedProxy(String... settings) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
        "--spring.main.banner-mode=off", "--llmrouter.discover-from-environment=false",
        "--llmrouter.proxy.enabled=true", "--llmrouter.proxy.master-key=" + MASTER,
        "--llmrouter.proxy.api-keys=" + CLIENT_KEY, "--llmrouter.governance.enabled=true",
        "--llmrouter.providers.mock.type=mock", "--llmrouter.providers.mock.wire-format=anthropic",
        "--llmrouter.routes[0].model=mock-model", "--llmrouter.routes[0].provider=mock",
        "--llmrouter.routes[0].upstream-model=mock-upstream",
        "--llmrouter.governance.prices[0].model=mock-upstream", "--llmrouter.governance.prices[0].input=1",
        "--llmrouter.governance.prices[0].output=1"));
    for (String setting : settings) {
      args.add("--" + setting);
    }
    context = new SpringApplicationBuilder(App.class).run(args.toArray(String[]::new));
    port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** An admin call with the master key; the body is JSON text or {@code null}. */
  Answer admin(String method, String path, String body) {
    return send(method, path, body, "authorization", "Bearer " + MASTER);
  }

  /** An Anthropic Messages call for {@code mock-model} with {@code key} as x-api-key. */
  Answer messages(String key, String model) {
    return send("POST", "/v1/messages", "{\"model\":\"" + model + "\",\"max_tokens\":100,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", key, "anthropic-version", "2023-06-01");
  }

  /** An OpenAI Chat call for {@code mock-model} with {@code key} as Bearer token. */
  Answer chat(String key) {
    return send("POST", "/v1/chat/completions", "{\"model\":\"mock-model\",\"max_tokens\":100,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", "Bearer " + key);
  }

  Answer send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), response.headers().firstValue("retry-after").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    context.close();
  }

  record Answer(int status, String body, String retryAfter) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}
}
