package dev.llmrouter.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.AuthenticationException;
import dev.llmrouter.api.error.BadRequestException;
import dev.llmrouter.api.spi.CallOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTest {
  private static final Secret KEY = Secret.of("sk-test-0123456789abcdef");
  private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

  private static Endpoint endpoint(WireFormat format, String base) {
    return Endpoint.of("p", format, base, Map.of(), Map.of());
  }

  @ParameterizedTest
  @CsvSource({
      "OPENAI_CHAT, https://api.openai.com/v1, false, https://api.openai.com/v1/chat/completions",
      "OPENAI_CHAT, https://api.openai.com/v1/, true, https://api.openai.com/v1/chat/completions",
      "OPENAI_CHAT, http://localhost:11434/v1, true, http://localhost:11434/v1/chat/completions",
      "OPENAI_RESPONSES, https://api.openai.com/v1, true, https://api.openai.com/v1/responses",
      "ANTHROPIC_MESSAGES, https://api.anthropic.com, true, https://api.anthropic.com/v1/messages",
      "ANTHROPIC_MESSAGES, https://api.anthropic.com/, false, https://api.anthropic.com/v1/messages",
      "GEMINI, https://generativelanguage.googleapis.com, false, "
          + "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
      "GEMINI, https://generativelanguage.googleapis.com, true, "
          + "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
  })
  void pathsFollowTheWireFormat(WireFormat format, String base, boolean stream, String expected) {
    assertThat(endpoint(format, base).url("gemini-2.5-flash", stream)).hasToString(expected);
  }

  @Test
  void geminiAcceptsTheModelsPrefixAndKeepsTheModelOutOfTheQuery() {
    assertThat(endpoint(WireFormat.GEMINI, "https://generativelanguage.googleapis.com").url("models/gemini-2.5-pro", true))
        .hasToString("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
  }

  @Test
  void theBaseUrlQueryIsKept() {
    Endpoint azure = endpoint(WireFormat.OPENAI_CHAT, "https://res.openai.azure.com/openai/deployments/d?api-version=2024-10-21");
    assertThat(azure.url("ignored", false))
        .hasToString("https://res.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21");
  }

  @ParameterizedTest
  @CsvSource({
      "OPENAI_CHAT, Authorization, Bearer sk-test-0123456789abcdef",
      "OPENAI_RESPONSES, Authorization, Bearer sk-test-0123456789abcdef",
      "ANTHROPIC_MESSAGES, x-api-key, sk-test-0123456789abcdef",
      "GEMINI, x-goog-api-key, sk-test-0123456789abcdef",
  })
  void theKeyGoesInTheFormatsHeaderOnly(WireFormat format, String header, String value) {
    Request request = endpoint(format, "https://h.example").request("m", true, BODY, CallOptions.of(KEY));

    assertThat(request.header(header)).isEqualTo(value);
    long authHeaders = request.headers().names().stream()
        .filter(n -> n.equalsIgnoreCase("authorization") || n.equalsIgnoreCase("x-api-key")
            || n.equalsIgnoreCase("x-goog-api-key") || n.equalsIgnoreCase("api-key"))
        .count();
    assertThat(authHeaders).isEqualTo(1);
    assertThat(request.url().toString()).doesNotContain(KEY.reveal()).doesNotContain("key=");
  }

  @Test
  void noKeyMeansNoAuthenticationHeader() {
    Request request = endpoint(WireFormat.OPENAI_CHAT, "http://localhost:8000/v1")
        .request("m", false, BODY, CallOptions.of(null));

    assertThat(request.header("Authorization")).isNull();
    assertThat(request.headers().names()).containsExactlyInAnyOrder("accept");
  }

  @Test
  void theAuthOptionOverridesTheFormatsStyle() {
    Endpoint azure = Endpoint.of("azure", WireFormat.OPENAI_CHAT, "https://res.openai.azure.com/openai/v1",
        Map.of(), Map.of("auth", "api-key"));

    Request request = azure.request("m", false, BODY, CallOptions.of(KEY));

    assertThat(request.header("api-key")).isEqualTo(KEY.reveal());
    assertThat(request.header("Authorization")).isNull();
  }

  @Test
  void anUnknownAuthOptionIsRejected() {
    assertThatThrownBy(() -> Endpoint.of("p", WireFormat.OPENAI_CHAT, "https://h.example", Map.of(), Map.of("auth", "basic")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider 'p'")
        .hasMessageContaining("auth='basic'")
        .hasMessageContaining("bearer, x-api-key, x-goog-api-key, api-key");
  }

  @Test
  void streamsAskForEventsAndBodiesAreJson() throws Exception {
    Request stream = endpoint(WireFormat.OPENAI_CHAT, "https://h.example").request("m", true, BODY, CallOptions.of(KEY));
    Request whole = endpoint(WireFormat.OPENAI_CHAT, "https://h.example").request("m", false, BODY, CallOptions.of(KEY));

    assertThat(stream.header("accept")).isEqualTo("text/event-stream");
    assertThat(whole.header("accept")).isEqualTo("application/json");
    assertThat(stream.method()).isEqualTo("POST");
    assertThat(stream.body().contentType()).hasToString("application/json");
    Buffer sent = new Buffer();
    stream.body().writeTo(sent);
    assertThat(sent.readUtf8()).isEqualTo("{}");
  }

  @Test
  void anthropicVersionDefaultsAndCanBeConfigured() {
    Request byDefault = endpoint(WireFormat.ANTHROPIC_MESSAGES, "https://api.anthropic.com")
        .request("m", false, BODY, CallOptions.of(KEY));
    Request byOption = Endpoint.of("p", WireFormat.ANTHROPIC_MESSAGES, "https://api.anthropic.com", Map.of(),
        Map.of("anthropic-version", "2024-01-01")).request("m", false, BODY, CallOptions.of(KEY));
    Request byHeader = Endpoint.of("p", WireFormat.ANTHROPIC_MESSAGES, "https://api.anthropic.com",
        Map.of("Anthropic-Version", "2025-01-01"), Map.of()).request("m", false, BODY, CallOptions.of(KEY));

    assertThat(byDefault.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(byOption.header("anthropic-version")).isEqualTo("2024-01-01");
    assertThat(byHeader.headers("anthropic-version")).containsExactly("2025-01-01");
    assertThat(endpoint(WireFormat.OPENAI_CHAT, "https://h.example").request("m", false, BODY, CallOptions.of(KEY))
        .header("anthropic-version")).isNull();
  }

  @Test
  void configuredAndPerCallHeadersAreSentButNeverCredentialsOrTransportHeadersFromACall() {
    Endpoint endpoint = Endpoint.of("p", WireFormat.ANTHROPIC_MESSAGES, "https://api.anthropic.com",
        Map.of("x-team", "blue", "anthropic-beta", "a"), Map.of());
    CallOptions options = new CallOptions("req-1", KEY, Map.of(
        "anthropic-beta", "b",
        "Authorization", "Bearer client-virtual-key",
        "x-api-key", "client-virtual-key",
        "Host", "localhost:8080",
        "Accept-Encoding", "br",
        "Content-Length", "3"), null);

    Request request = endpoint.request("m", true, BODY, options);

    assertThat(request.header("x-team")).isEqualTo("blue");
    assertThat(request.headers("anthropic-beta")).containsExactly("b");
    assertThat(request.headers("x-api-key")).containsExactly(KEY.reveal());
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.header("Host")).isNull();
    assertThat(request.header("Accept-Encoding")).isNull();
    assertThat(request.header("Content-Length")).isNull();
  }

  @Test
  void aConfiguredTransportHeaderIsRejected() {
    assertThatThrownBy(() -> Endpoint.of("p", WireFormat.OPENAI_CHAT, "https://h.example", Map.of("Host", "x"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider 'p'")
        .hasMessageContaining("'Host'");
  }

  @ParameterizedTest
  @CsvSource({"not a url", "ftp://h.example/v1", "''"})
  void anUnusableBaseUrlIsRejectedWithoutEchoingIt(String base) {
    assertThatThrownBy(() -> endpoint(WireFormat.OPENAI_CHAT, base))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provider 'p': base-url must be an http or https URL");
  }

  @Test
  void aKeyThatCannotBeAHeaderValueFailsWithoutShowingIt() {
    Secret bad = Secret.of("sk-secret\u00e9value");

    assertThatThrownBy(() -> endpoint(WireFormat.ANTHROPIC_MESSAGES, "https://api.anthropic.com")
            .request("m", false, BODY, CallOptions.of(bad)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining(bad.fingerprint())
        .hasMessageNotContaining("secret")
        .satisfies(e -> assertThat(e.toString()).doesNotContain("secret"));
  }

  @Test
  void aPerCallHeaderThatCannotBeSentIsABadRequest() {
    CallOptions options = new CallOptions(null, KEY, Map.of("x-note", "line\nbreak"), null);

    assertThatThrownBy(() -> endpoint(WireFormat.OPENAI_CHAT, "https://h.example").request("m", false, BODY, options))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'x-note'")
        .hasMessageNotContaining("line");
  }
}
