package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.assertJsonEquals;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.testing.Fixtures;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class GeminiSchemasTest {

  private static JsonNode sanitise(String schema) {
    return GeminiSchemas.toOpenApiSubset(json(schema));
  }

  private static void assertSanitised(String input, String expected) {
    assertJsonEquals(json(expected), sanitise(input));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "$schema", "$id", "$comment", "additionalProperties", "patternProperties", "propertyNames",
      "unevaluatedProperties", "unevaluatedItems", "dependentRequired", "dependentSchemas", "contains",
      "uniqueItems", "multipleOf", "examples", "not", "if", "then", "else", "minContains", "deprecated"})
  void removesKeywordsTheSubsetLacks(String keyword) {
    JsonNode out = sanitise("{\"type\":\"object\",\"" + keyword + "\":{\"type\":\"string\"},\"properties\":{}}");

    assertThat(out.has(keyword)).isFalse();
    assertThat(out.path("type").asString()).isEqualTo("object");
  }

  @Test
  void constStringBecomesAOneValueEnum() {
    assertSanitised("{\"const\":\"text\",\"description\":\"d\"}", "{\"type\":\"string\",\"enum\":[\"text\"],\"description\":\"d\"}");
  }

  @Test
  void constOfAnotherTypeIsDescribed() {
    assertSanitised("{\"type\":\"integer\",\"const\":5}", "{\"type\":\"integer\",\"description\":\"(const: 5)\"}");
  }

  @Test
  void typeListWithNullBecomesNullable() {
    assertSanitised("{\"type\":[\"integer\",\"null\"],\"description\":\"d\"}",
        "{\"type\":\"integer\",\"nullable\":true,\"description\":\"d\"}");
  }

  @Test
  void typeListOfSeveralTypesBecomesAnyOf() {
    assertSanitised("{\"type\":[\"string\",\"number\"]}", "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}");
  }

  @Test
  void anyOfWithANullBranchBecomesTheOtherBranchNullable() {
    assertSanitised("{\"description\":\"when\",\"anyOf\":[{\"type\":\"string\",\"format\":\"date-time\"},{\"type\":\"null\"}]}",
        "{\"description\":\"when\",\"type\":\"string\",\"format\":\"date-time\",\"nullable\":true}");
  }

  @Test
  void anyOfWithSeveralBranchesKeepsThemAndMarksNullable() {
    assertSanitised("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"},{\"type\":\"null\"}]}",
        "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}],\"nullable\":true}");
  }

  @Test
  void oneOfBecomesAnyOf() {
    assertSanitised("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}",
        "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}");
  }

  @Test
  void allOfOfCompatibleObjectsIsMerged() {
    assertSanitised(
        "{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]},"
            + "{\"properties\":{\"b\":{\"type\":\"integer\"}},\"required\":[\"b\"]}]}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}");
  }

  @Test
  void allOfWithConflictingBranchesIsDropped() {
    assertSanitised("{\"description\":\"x\",\"allOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}",
        "{\"description\":\"x\"}");
  }

  @Test
  void exclusiveBoundsOnIntegersBecomeInclusive() {
    assertSanitised("{\"type\":\"integer\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":10}",
        "{\"type\":\"integer\",\"minimum\":1,\"maximum\":9}");
  }

  @Test
  void draft4ExclusiveFlagsOnIntegersBecomeInclusive() {
    assertSanitised("{\"type\":\"integer\",\"minimum\":0,\"exclusiveMinimum\":true}", "{\"type\":\"integer\",\"minimum\":1}");
  }

  @Test
  void exclusiveBoundsOnNumbersAreDescribed() {
    assertSanitised("{\"type\":\"number\",\"exclusiveMinimum\":0.5,\"description\":\"ratio\"}",
        "{\"type\":\"number\",\"description\":\"ratio (exclusiveMinimum: 0.5)\"}");
  }

  @Test
  void unsupportedFormatsMoveIntoTheDescription() {
    assertSanitised("{\"type\":\"string\",\"format\":\"uri\",\"description\":\"page\"}",
        "{\"type\":\"string\",\"description\":\"page (format: uri)\"}");
    assertSanitised("{\"type\":\"string\",\"format\":\"email\"}", "{\"type\":\"string\",\"description\":\"(format: email)\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"string:date-time", "string:enum", "integer:int32", "integer:int64", "number:float", "number:double"})
  void supportedFormatsStay(String typeAndFormat) {
    String[] pair = typeAndFormat.split(":");
    String schema = "{\"type\":\"" + pair[0] + "\",\"format\":\"" + pair[1] + "\"}";

    assertSanitised(schema, schema);
  }

  @Test
  void defaultMovesIntoTheDescription() {
    assertSanitised("{\"type\":\"integer\",\"default\":65536,\"description\":\"limit\"}",
        "{\"type\":\"integer\",\"description\":\"limit (default: 65536)\"}");
    assertSanitised("{\"type\":\"string\",\"default\":\"auto\"}", "{\"type\":\"string\",\"description\":\"(default: auto)\"}");
  }

  @Test
  void enumKeepsStringsOnlyAndDescribesOtherValues() {
    assertSanitised("{\"type\":\"string\",\"enum\":[\"a\",null]}", "{\"type\":\"string\",\"enum\":[\"a\"],\"nullable\":true}");
    assertSanitised("{\"type\":\"integer\",\"enum\":[1,2,3]}", "{\"type\":\"integer\",\"description\":\"(one of: 1, 2, 3)\"}");
  }

  @Test
  void refsAreInlinedFromDefsAndDefinitions() {
    assertSanitised(
        "{\"type\":\"object\",\"properties\":{\"p\":{\"$ref\":\"#/$defs/point\",\"description\":\"where\"},"
            + "\"q\":{\"$ref\":\"#/definitions/name\"}},"
            + "\"$defs\":{\"point\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"}}}},"
            + "\"definitions\":{\"name\":{\"type\":\"string\"}}}",
        "{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"object\",\"description\":\"where\","
            + "\"properties\":{\"x\":{\"type\":\"number\"}}},\"q\":{\"type\":\"string\"}}}");
  }

  @Test
  void recursiveRefsStopAtAnOpenObject() {
    JsonNode out = sanitise("{\"$ref\":\"#/$defs/node\",\"$defs\":{\"node\":{\"type\":\"object\","
        + "\"properties\":{\"child\":{\"$ref\":\"#/$defs/node\"}}}}}");

    assertJsonEquals(json("{\"type\":\"object\",\"properties\":{\"child\":{\"type\":\"object\"}}}"), out);
  }

  @Test
  void freeFormObjectsStayObjects() {
    assertSanitised("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"},\"description\":\"headers\"}",
        "{\"type\":\"object\",\"description\":\"headers\"}");
  }

  @Test
  void appliesRecursivelyToPropertiesItemsAndAnyOf() {
    assertSanitised(
        "{\"type\":\"object\",\"properties\":{\"list\":{\"type\":\"array\",\"uniqueItems\":true,"
            + "\"items\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"v\":{\"const\":\"x\"}}}},"
            + "\"choice\":{\"anyOf\":[{\"type\":\"string\",\"default\":\"a\"},{\"type\":\"integer\",\"exclusiveMinimum\":1}]}}}",
        "{\"type\":\"object\",\"properties\":{\"list\":{\"type\":\"array\","
            + "\"items\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"string\",\"enum\":[\"x\"]}}}},"
            + "\"choice\":{\"anyOf\":[{\"type\":\"string\",\"description\":\"(default: a)\"},{\"type\":\"integer\",\"minimum\":2}]}}}");
  }

  @Test
  void requiredKeepsOnlyDeclaredProperties() {
    assertSanitised("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":false},\"required\":[\"a\",\"b\",\"a\"]}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]}");
  }

  @Test
  void upperCaseTypesAreLowerCasedAndKeptKeywordsSurvive() {
    String kept = "{\"type\":\"object\",\"title\":\"T\",\"description\":\"D\",\"minProperties\":1,\"maxProperties\":3,"
        + "\"propertyOrdering\":[\"s\",\"n\",\"a\"],\"properties\":{"
        + "\"s\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":5,\"pattern\":\"^a\",\"example\":\"ab\"},"
        + "\"n\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1},"
        + "\"a\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":2,\"items\":{\"type\":\"boolean\"}}},\"required\":[\"s\"]}";

    assertSanitised(kept.replace("\"object\"", "\"OBJECT\"").replace("\"string\"", "\"STRING\""), kept);
  }

  @Test
  void onlySubsetKeywordsEverComeOut() {
    Set<String> allowed = Set.of("type", "format", "title", "description", "nullable", "enum", "items", "minItems",
        "maxItems", "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern",
        "minimum", "maximum", "anyOf", "example", "propertyOrdering");
    JsonNode claudeCodeStyle = Fixtures.json("gemini/11-tool-schema-sanitize.request.json")
        .at("/tools/0/functionDeclarations/0/parametersJsonSchema");

    JsonNode out = GeminiSchemas.toOpenApiSubset(claudeCodeStyle);

    assertThat(out.propertyNames()).isSubsetOf(allowed);
    out.get("properties").forEach(p -> assertThat(p.propertyNames()).isSubsetOf(allowed));
    assertThat(claudeCodeStyle.has("additionalProperties")).as("the input is left alone").isTrue();
  }

  @Test
  void openApiIsReadBackAsJsonSchema() {
    JsonNode openApi = json("{\"type\":\"OBJECT\",\"properties\":{\"t\":{\"type\":\"INTEGER\",\"nullable\":true},"
        + "\"u\":{\"anyOf\":[{\"type\":\"STRING\"}],\"nullable\":true}}}");

    assertJsonEquals(json("{\"type\":\"object\",\"properties\":{\"t\":{\"type\":[\"integer\",\"null\"]},"
        + "\"u\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}}}"), GeminiSchemas.fromOpenApi(openApi));
  }

  @Test
  void parametersVariantSurvivesAReadAndASanitise() {
    JsonNode parameters = Fixtures.json("gemini/11-tool-schema-sanitize.parameters.request.json")
        .at("/tools/0/functionDeclarations/0/parameters");

    assertJsonEquals(parameters, GeminiSchemas.toOpenApiSubset(GeminiSchemas.fromOpenApi(parameters)));
  }
}
