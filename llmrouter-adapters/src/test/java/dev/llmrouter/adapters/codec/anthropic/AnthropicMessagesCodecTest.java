package dev.llmrouter.adapters.codec.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.TokenCountCodec;
import dev.llmrouter.api.spi.WireCodec;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class AnthropicMessagesCodecTest {

  @Test
  void isFoundByServiceLoaderAsTheAnthropicCodecWithTokenCounting() {
    WireCodec codec = ServiceLoader.load(WireCodec.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(c -> c.format() == WireFormat.ANTHROPIC_MESSAGES)
        .findFirst()
        .orElseThrow();

    assertThat(codec).isInstanceOf(AnthropicMessagesCodec.class).isInstanceOf(TokenCountCodec.class);
  }
}
