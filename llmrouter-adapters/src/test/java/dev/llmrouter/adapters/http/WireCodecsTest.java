package dev.llmrouter.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.WireFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireCodecsTest {

  @Test
  void findsTheCodecOfEachFormat() {
    FakeCodec chat = new FakeCodec(WireFormat.OPENAI_CHAT);
    FakeCodec gemini = new FakeCodec(WireFormat.GEMINI);

    var codecs = WireCodecs.index(List.of(chat, gemini));

    assertThat(WireCodecs.lookup(codecs, WireFormat.OPENAI_CHAT)).isSameAs(chat);
    assertThat(WireCodecs.lookup(codecs, WireFormat.GEMINI)).isSameAs(gemini);
  }

  @Test
  void theFirstCodecOfAFormatWins() {
    FakeCodec first = new FakeCodec(WireFormat.ANTHROPIC_MESSAGES);

    var codecs = WireCodecs.index(List.of(first, new FakeCodec(WireFormat.ANTHROPIC_MESSAGES)));

    assertThat(WireCodecs.lookup(codecs, WireFormat.ANTHROPIC_MESSAGES)).isSameAs(first);
  }

  @Test
  void aMissingCodecIsAClearError() {
    assertThatThrownBy(() -> WireCodecs.lookup(Map.of(), WireFormat.OPENAI_RESPONSES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no WireCodec is registered for wire format 'openai-responses'")
        .hasMessageContaining("META-INF/services/dev.llmrouter.api.spi.WireCodec");
  }

  @Test
  void theRegisteredCodecsAreFoundByTheFormatTheyServe() {
    for (WireFormat format : WireFormat.values()) {
      try {
        assertThat(WireCodecs.forFormat(format).format()).isEqualTo(format);
        assertThat(WireCodecs.forFormat(format)).isSameAs(WireCodecs.forFormat(format));
      } catch (IllegalStateException notYetRegistered) {
        assertThat(notYetRegistered).hasMessageContaining("'" + format.id() + "'");
      }
    }
  }
}
