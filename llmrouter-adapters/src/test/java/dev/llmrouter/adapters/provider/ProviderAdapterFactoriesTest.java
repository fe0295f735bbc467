package dev.llmrouter.adapters.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.adapters.http.HttpTransport;
import dev.llmrouter.adapters.http.TestSettings;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.WireCodec;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderAdapterFactoriesTest {
  private static final Map<String, ProviderAdapterFactory> FACTORIES = ServiceLoader.load(ProviderAdapterFactory.class)
      .stream()
      .map(ServiceLoader.Provider::get)
      .collect(Collectors.toMap(ProviderAdapterFactory::type, f -> f));

  @Test
  void theRouterFindsEveryTypeByName() {
    assertThat(FACTORIES).containsOnlyKeys("openai", "anthropic", "gemini", "openai-compatible", "mock");
  }

  @Test
  void anOpenAiCompatibleProviderNeedsABaseUrl() {
    TestSettings.Resources resources = new TestSettings.Resources();
    for (String missing : new String[] {null, " "}) {
      assertThatThrownBy(() -> FACTORIES.get("openai-compatible").create(
              TestSettings.of("ollama", "openai-compatible", WireFormat.OPENAI_CHAT, missing), resources))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("provider 'ollama' of type 'openai-compatible' needs a base-url, e.g. "
              + "http://localhost:11434/v1 for Ollama");
    }
  }

  @ParameterizedTest
  @CsvSource({
      "openai, GEMINI, 'speaks openai-chat or openai-responses at its default URL; set a base-url to speak gemini'",
      "anthropic, OPENAI_CHAT, 'speaks anthropic at its default URL; set a base-url to speak openai-chat'",
      "gemini, ANTHROPIC_MESSAGES, 'speaks gemini at its default URL; set a base-url to speak anthropic'",
  })
  void aDefaultBaseUrlServesOnlyItsTypesFormats(String type, WireFormat format, String message) {
    assertThatThrownBy(() -> FACTORIES.get(type).create(TestSettings.of("p", type, format, null),
            new TestSettings.Resources()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  /** Runs once the codecs are on the class path: a factory then builds an adapter on the router's shared transport. */
  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "openai, null, null, OPENAI_CHAT, openai-chat at https://api.openai.com:443/v1",
      "openai, OPENAI_RESPONSES, null, OPENAI_RESPONSES, openai-responses at https://api.openai.com:443/v1",
      "anthropic, null, null, ANTHROPIC_MESSAGES, anthropic at https://api.anthropic.com:443/",
      "gemini, null, null, GEMINI, gemini at https://generativelanguage.googleapis.com:443/",
      "openai-compatible, null, http://localhost:11434/v1, OPENAI_CHAT, openai-chat at http://localhost:11434/v1",
      "openai-compatible, ANTHROPIC_MESSAGES, http://localhost:11434, ANTHROPIC_MESSAGES, "
          + "anthropic at http://localhost:11434/",
  })
  void factoriesResolveFormatAndBaseUrl(
      String type, WireFormat configured, String baseUrl, WireFormat expected, String endpoint) {
    assertThat(ServiceLoader.load(WireCodec.class).stream().map(p -> p.get().format()))
        .as("a codec for %s is registered", expected).contains(expected);
    TestSettings.Resources resources = new TestSettings.Resources();

    ProviderAdapter first = FACTORIES.get(type).create(TestSettings.of("p", type, configured, baseUrl), resources);
    ProviderAdapter second = FACTORIES.get(type).create(TestSettings.of("q", type, configured, baseUrl), resources);

    assertThat(first.name()).isEqualTo("p");
    assertThat(first.wireFormat()).isEqualTo(expected);
    assertThat(first.toString()).contains(endpoint);
    assertThat(second.name()).isEqualTo("q");
    HttpTransport shared = resources.shared(HttpTransport.class, () -> {
      throw new AssertionError("the factories should have created the transport");
    });
    shared.close();
  }
}
