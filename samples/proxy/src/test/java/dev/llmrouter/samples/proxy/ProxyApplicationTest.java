package dev.llmrouter.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.core.LlmRouter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

class ProxyApplicationTest {

  @Test
  void theConfigFlagWinsOverTheEnvironmentVariable() {
    assertThat(ProxyApplication.configFile(new String[] {"--config=a.yml"}, "b.yml")).isEqualTo("a.yml");
    assertThat(ProxyApplication.configFile(new String[] {"--debug"}, "b.yml")).isEqualTo("b.yml");
    assertThat(ProxyApplication.configFile(new String[0], " ")).isNull();
  }

  /** The whole runnable proxy on a free port, configured by a YAML file as the README shows. */
  @Test
  void aYamlFileNamedOnTheCommandLineConfiguresTheProxy(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("llmrouter.yml");
    Files.writeString(config, String.join("\n",
        "server:",
        "  port: 0",
        "llmrouter:",
        "  discover-from-environment: false",
        "  providers:",
        "    canned:",
        "      type: mock",
        "      wire-format: openai-chat",
        "  routes:",
        "    - model: gpt-5.4-mini",
        "      provider: canned",
        "  proxy:",
        "    master-key: file-key",
        ""));
    try (ConfigurableApplicationContext context =
        ProxyApplication.application(new String[] {"--config=" + config}, null).run("--config=" + config)) {
      LlmRouter router = context.getBean(LlmRouter.class);
      assertThat(router.providers()).containsExactly("canned");
      assertThat(router.models()).containsExactly("gpt-5.4-mini");
      String port = context.getEnvironment().getProperty("local.server.port");
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
              .header("authorization", "Bearer file-key")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"model\":\"gpt-5.4-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
              .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains("llmrouter mock provider");
    }
  }

  @Test
  void aShellPreparedForACliDoesNotMakeTheProxyCallItself() {
    assertThat(SelfLoopGuard.pointsAt("http://127.0.0.1:8787", 8787)).isTrue();
    assertThat(SelfLoopGuard.pointsAt("http://localhost:8787/v1", 8787)).isTrue();
    assertThat(SelfLoopGuard.pointsAt("http://127.0.0.1:8788", 8787)).isFalse();
    assertThat(SelfLoopGuard.pointsAt("https://api.openai.com/v1", 8787)).isFalse();
    assertThat(SelfLoopGuard.pointsAt("not a url", 8787)).isFalse();
  }

  @Test
  void theStartUpTextTellsEachCliWhatToSet() {
    String text = ClientSetup.text("http://127.0.0.1:8787", "llmrouter", List.of("mock"));
    assertThat(text).contains(
        "built-in MOCK",
        "export ANTHROPIC_BASE_URL=http://127.0.0.1:8787",
        "export ANTHROPIC_AUTH_TOKEN=llmrouter",
        "base_url = \"http://127.0.0.1:8787/v1\"",
        "wire_api = \"responses\"",
        "export GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:8787",
        "\"selectedType\": \"gemini-api-key\"",
        "\"baseURL\": \"http://127.0.0.1:8787/v1\"");
    String keyed = ClientSetup.text("http://127.0.0.1:8787", null, List.of("openai"));
    assertThat(keyed).contains("export ANTHROPIC_AUTH_TOKEN=$LLMROUTER_MASTER_KEY").doesNotContain("MOCK");
  }
}
