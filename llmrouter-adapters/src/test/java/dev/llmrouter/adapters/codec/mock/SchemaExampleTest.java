package dev.llmrouter.adapters.codec.mock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaExampleTest {

  @Test
  void fillsEveryPropertyWithAValueOfItsTypeHonouringMinimumsAndEnums() {
    String schema = "{\"type\":\"OBJECT\",\"properties\":{"
        + "\"reasoning\":{\"type\":\"STRING\"},"
        + "\"complexity_score\":{\"type\":\"INTEGER\",\"minimum\":1,\"maximum\":100},"
        + "\"mode\":{\"type\":\"string\",\"enum\":[\"fast\",\"slow\"]},"
        + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"boolean\"}},"
        + "\"ratio\":{\"type\":[\"number\",\"null\"]}},\"required\":[\"reasoning\"]}";
    assertThat(SchemaExample.of(schema, "mock")).isEqualTo(
        "{\"reasoning\":\"mock\",\"complexity_score\":1,\"mode\":\"fast\",\"tags\":[true],\"ratio\":1.0}");
  }

  @Test
  void withoutAUsableSchemaTheTextGoesInAnObject() {
    assertThat(SchemaExample.of(null, "mock")).isEqualTo("{\"text\":\"mock\"}");
    assertThat(SchemaExample.of("not json", "mock")).isEqualTo("{\"text\":\"mock\"}");
  }
}
