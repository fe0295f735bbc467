package dev.llmrouter.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/llmrouter env <cli>}: what the README tells users to eval. */
class LauncherScriptTest {
  private static final Path SCRIPT = Path.of("..", "..", "bin", "llmrouter").toAbsolutePath().normalize();

  @TempDir Path state;

  private record Result(int exit, String out, String err) {}

  private Result run(String... args) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder();
    builder.command().add("bash");
    builder.command().add(SCRIPT.toString());
    builder.command().addAll(List.of(args));
    Map<String, String> env = builder.environment();
    env.put("LLMROUTER_PORT", "9911");
    env.put("LLMROUTER_MASTER_KEY", "team-key");
    env.put("LLMROUTER_STATE_DIR", state.toString());
    Path out = state.resolve("out.txt");
    Path err = state.resolve("err.txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void claudeGetsTheBaseUrlAndTheProxyKeyAsABearerToken() throws Exception {
    Result result = run("env", "claude");
    assertThat(result.exit()).isZero();
    assertThat(result.out().lines()).containsExactly(
        "export ANTHROPIC_BASE_URL=http://127.0.0.1:9911",
        "export ANTHROPIC_AUTH_TOKEN=team-key",
        "unset ANTHROPIC_API_KEY");
  }

  @Test
  void codexGetsItsKeyVariableAndTheResponsesProviderBlock() throws Exception {
    Result result = run("env", "codex");
    assertThat(result.exit()).isZero();
    assertThat(result.out().lines()).contains(
        "export LLMROUTER_API_KEY=team-key",
        "# model = \"gpt-5-codex\"",
        "# model_provider = \"llmrouter\"",
        "# [model_providers.llmrouter]",
        "# base_url = \"http://127.0.0.1:9911/v1\"",
        "# env_key = \"LLMROUTER_API_KEY\"",
        "# wire_api = \"responses\"");
  }

  @Test
  void geminiGetsItsBaseUrlKeyAndTheAuthTypeToSelect() throws Exception {
    Result result = run("env", "gemini");
    assertThat(result.exit()).isZero();
    assertThat(result.out().lines()).contains(
        "export GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:9911",
        "export GEMINI_API_KEY=team-key");
    assertThat(result.out()).contains("\"selectedType\": \"gemini-api-key\"");
  }

  @Test
  void opencodeGetsAConfigFileWithEveryProtocolPointedAtTheProxy() throws Exception {
    Result result = run("env", "opencode");
    assertThat(result.exit()).isZero();
    Path config = state.resolve("opencode.json");
    assertThat(result.out().lines()).containsExactly("export OPENCODE_CONFIG=" + config);
    assertThat(Files.readString(config, StandardCharsets.UTF_8)).contains(
        "\"baseURL\": \"http://127.0.0.1:9911/v1\", \"apiKey\": \"team-key\"",
        "\"baseURL\": \"http://127.0.0.1:9911/v1beta\"",
        "\"model\": \"llmrouter/gpt-5.4-mini\"");
  }

  @Test
  void anUnknownCliIsAUsageError() throws Exception {
    Result result = run("env", "emacs");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("bin/llmrouter run claude|codex|gemini|opencode");
  }
}
