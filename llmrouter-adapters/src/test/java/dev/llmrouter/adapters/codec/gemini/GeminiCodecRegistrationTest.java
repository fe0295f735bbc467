package dev.llmrouter.adapters.codec.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.TokenCountCodec;
import dev.llmrouter.api.spi.WireCodec;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class GeminiCodecRegistrationTest {

  @Test
  void theServiceLoaderFindsTheGeminiCodec() {
    WireCodec codec = ServiceLoader.load(WireCodec.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(c -> c.format() == WireFormat.GEMINI)
        .findFirst()
        .orElseThrow();

    assertThat(codec).isInstanceOf(GeminiCodec.class).isInstanceOf(TokenCountCodec.class);
  }
}
