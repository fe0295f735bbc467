package dev.llmrouter.adapters.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.error.BadRequestException;
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
  }
}
