package dev.llmrouter.adapters.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.error.BadRequestException;
import dev.llmrouter.api.spi.RequestHead;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelFieldTest {
  private static String replace(String body, String model) {
    return new String(ModelField.replace(body.getBytes(StandardCharsets.UTF_8), model), StandardCharsets.UTF_8);
  }

  @Test
  void replacesOnlyTheTopLevelModelAndKeepsEveryOtherByte() {
    String body = "{ \"messages\":[{\"model\":\"inner\",\"content\":\"é 🌧\"}],\n  \"model\" : \"claude-opus-5-5\" ,"
        + "\"x\":1.50,\"tools\":{\"model\":{}}}";
    assertThat(replace(body, "claude-sonnet-4-6")).isEqualTo(body.replace("\"claude-opus-5-5\"", "\"claude-sonnet-4-6\""));
  }

  @Test
  void escapesTheNewModelAndHandlesEscapedOldOnes() {
    assertThat(replace("{\"model\":\"a\\\"b\",\"n\":1}", "x\"y")).isEqualTo("{\"model\":\"x\\\"y\",\"n\":1}");
  }

  @Test
  void insertsAModelWhenTheBodyHasNone() {
    assertThat(replace("{\"n\":1}", "m")).isEqualTo("{\"model\":\"m\",\"n\":1}");
    assertThat(replace(" { } ", "m")).isEqualTo(" {\"model\":\"m\" } ");
  }

  @Test
  void rejectsWhatIsNotAJsonObject() {
    assertThatThrownBy(() -> replace("[1]", "m")).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> replace("{\"model\":", "m")).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> replace("{\"a\":\"open", "m")).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> replace("{\"a\":[1}", "m")).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> replace("{\"a\":1} {}", "m")).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> replace("{\"a\" 1}", "m")).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> replace("{\"a\":1 \"b\":2}", "m")).isInstanceOf(BadRequestException.class);
  }

  @Test
  void skipsBracketsQuotesAndBackslashesInsideStringsAndNestedValues() {
    String body = "{\"system\":\"} \\\" {\\\\\",\"messages\":[{\"content\":[\"]\",{\"model\":\"x\"}]}],"
        + "\"model\":\"old\",\"n\":[[]],\"t\":true}";
    assertThat(replace(body, "new")).isEqualTo(body.replace("\"old\"", "\"new\""));
  }

  @Test
  void replacesTheModelTheParserKeeps() {
    // a duplicated field: JSON parsers keep the last value, so that is the one the router routed
    assertThat(replace("{\"model\":\"a\",\"model\":\"b\"}", "m")).isEqualTo("{\"model\":\"a\",\"model\":\"m\"}");
    // an escaped name is the same name
    assertThat(replace("{\"mod\\u0065l\":\"a\"}", "m")).isEqualTo("{\"mod\\u0065l\":\"m\"}");
    assertThat(replace("{\"model\":null,\"n\":1}", "m")).isEqualTo("{\"model\":\"m\",\"n\":1}");
  }

  @Test
  void leavesTheBodyAloneWhenTheModelIsAlreadyRight() {
    byte[] body = "{\"model\":\"gpt-5.4-mini\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThat(ModelField.replace(body, "gpt-5.4-mini")).isSameAs(body);
  }

  @Test
  void keepsMultiByteTextAndWritesSlashesInModelNames() {
    String body = "{\"messages\":[{\"content\":\"日本語 🌧 \\u00e9\"}],\"model\":\"a\"}";
    assertThat(replace(body, "openai/gpt-5.4-mini"))
        .isEqualTo(body.replace("\"a\"", "\"openai/gpt-5.4-mini\""));
  }

  private static RequestHead peek(String body) {
    return ModelField.peek(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void peekReadsTheTopLevelModelAndStreamAsAParserKeepsThem() {
    assertThat(peek("{\"messages\":[{\"model\":\"inner\",\"stream\":true}],\"model\":\"m\",\"stream\":true}"))
        .isEqualTo(new RequestHead("m", true));
    assertThat(peek("{\"model\":\"m\"}")).isEqualTo(new RequestHead("m", false));
    assertThat(peek("{\"stream\":false,\"model\":\"a\",\"model\":\"b\",\"stream\":true}"))
        .isEqualTo(new RequestHead("b", true));
    assertThat(peek("{\"str\\u0065am\":true,\"model\":\"m\"}")).isEqualTo(new RequestHead("m", true));
    assertThat(peek("{\"n\":1}")).isEqualTo(new RequestHead(null, false));
    assertThat(peek(" {\"model\" : \"é-model\" } ")).isEqualTo(new RequestHead("é-model", false));
  }

  /** What a decoder might read differently gives no answer: the router then decodes the whole body. */
  @Test
  void peekGivesUpOnWhatOnlyADecoderCanJudge() {
    assertThat(peek("{\"model\":\"a\\\"b\"}")).isNull();
    assertThat(peek("{\"model\":42}")).isNull();
    assertThat(peek("{\"model\":null}")).isNull();
    assertThat(peek("{\"model\":\"a\",\"model\":{\"x\":1}}")).isNull();
    assertThat(peek("{\"model\":\"m\",\"stream\":\"true\"}")).isNull();
    assertThat(peek("{\"model\":\"m\",\"stream\":1}")).isNull();
    assertThat(peek("[1]")).isNull();
    assertThat(peek("{\"model\":\"m\"")).isNull();
    assertThat(peek("{\"model\":\"m\"} x")).isNull();
  }

  /** Strings are skipped eight bytes at a time: quotes and backslashes at every offset must still stop it. */
  @Test
  void findsTheEndOfStringsWhateverTheOffsetOfTheirQuotesAndEscapes() {
    for (int before = 0; before < 20; before++) {
      for (int after = 0; after < 20; after++) {
        String text = "é".repeat(before % 3) + "x".repeat(before) + "\\\"}\\\\" + "y".repeat(after) + "\\\"";
        String body = "{\"messages\":[{\"content\":\"" + text + "\"}],\"model\":\"old\",\"s\":\"" + text + "\"}";
        assertThat(replace(body, "new")).isEqualTo(body.replace("\"old\"", "\"new\""));
        assertThat(JsonSupport.MAPPER.readTree(body).get("s").asString()).endsWith("\"");
        assertThat(peek(body)).isEqualTo(new RequestHead("old", false));
      }
    }
  }
}
