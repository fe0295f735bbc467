package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.assertJsonContains;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ResponseFormat;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolResultBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Gemini CLI, opencode and the GenAI JS SDK really sent: every capture decodes with the model and
 * the stream switch of its path, and re-encodes without losing a field.
 */
class GeminiCapturesTest {

  static Stream<Path> captures() {
    Stream<Path> sdk = Fixtures.captures("sdk-js").stream().filter(p -> p.getFileName().toString().contains("models_gemini"));
    return Stream.concat(Stream.concat(Fixtures.captures("gemini").stream(), Fixtures.captures("opencode-gemini").stream()), sdk);
  }

  @ParameterizedTest
  @MethodSource("captures")
  void decodesWithThePathsModelAndReEncodesWithoutLoss(Path capture) throws IOException {
    JsonNode recorded = json(Files.readAllBytes(capture));
    String path = recorded.get("path").stringValue();
    String model = path.substring(path.indexOf("/models/") + "/models/".length(), path.lastIndexOf(':'));
    String method = path.substring(path.lastIndexOf(':') + 1);
    byte[] body = JsonSupport.writeBytes(recorded.get("body"));

    if ("countTokens".equals(method)) {
      ChatRequest request = CODEC.decodeCountTokensRequest(body, model);
      assertThat(request.model()).isEqualTo(model);
      JsonNode encoded = json(CODEC.encodeCountTokensRequest(request)).get("generateContentRequest");
      assertJsonContains(recorded.get("body"), encoded, Set.of("model"));
      return;
    }
    boolean stream = "streamGenerateContent".equals(method);
    if (stream) {
      assertThat(recorded.path("query").path("alt").asString("")).isEqualTo("sse");
    }

    ChatRequest request = CODEC.decodeRequest(body, model, stream);

    assertThat(request.model()).isEqualTo(model);
    assertThat(request.stream()).isEqualTo(stream);
    assertJsonContains(normalised(recorded.get("body")), json(CODEC.encodeRequest(request, stream)),
        // ids minted for id-less calls go back in the ids Gemini has for them
        Set.of("id"));
  }

  @ParameterizedTest
  @MethodSource("captures")
  void idLessCallsAndResultsGetTheSameMintedId(Path capture) throws IOException {
    JsonNode recorded = json(Files.readAllBytes(capture));
    if (!recorded.get("path").stringValue().contains("GenerateContent")) {
      return;
    }
    ChatRequest request = CODEC.decodeRequest(JsonSupport.writeBytes(recorded.get("body")), "m", false);

    List<String> callIds = request.messages().stream().flatMap(m -> m.content().stream())
        .filter(b -> b instanceof ToolCallBlock).map(b -> ((ToolCallBlock) b).id()).toList();
    List<String> resultIds = request.messages().stream().flatMap(m -> m.content().stream())
        .filter(b -> b instanceof ToolResultBlock).map(b -> ((ToolResultBlock) b).toolCallId()).toList();
    assertThat(resultIds).isEqualTo(callIds);
    assertThat(callIds).allMatch(id -> !id.isEmpty());
  }

  @ParameterizedTest
  @MethodSource("captures")
  void geminiCliClassifierSchemaIsReadAsPlainJsonSchema(Path capture) throws IOException {
    JsonNode body = json(Files.readAllBytes(capture)).get("body");
    if (!body.path("generationConfig").has("responseJsonSchema")) {
      return;
    }
    ChatRequest request = CODEC.decodeRequest(JsonSupport.writeBytes(body), "m", false);

    ResponseFormat format = request.settings().responseFormat();
    assertThat(format.type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
    assertThat(format.schema()).doesNotContain("\"OBJECT\"", "\"STRING\"", "\"INTEGER\"");
    assertThat(json(format.schema()).path("type").asString()).isEqualTo("object");
  }

  /**
   * What the encoder is allowed to change: schema types in lower case (the classifier sends OBJECT),
   * {@code $schema} removed from tool schemas, an empty {@code generationConfig} left out.
   */
  private static JsonNode normalised(JsonNode body) {
    ObjectNode copy = (ObjectNode) body.deepCopy();
    JsonNode responseSchema = copy.path("generationConfig").get("responseJsonSchema");
    if (responseSchema != null) {
      ((ObjectNode) copy.get("generationConfig")).set("responseJsonSchema", lowerTypes(responseSchema));
    }
    for (JsonNode tool : copy.path("tools")) {
      for (JsonNode declaration : tool.path("functionDeclarations")) {
        if (declaration.get("parametersJsonSchema") instanceof ObjectNode schema) {
          schema.remove("$schema");
        }
      }
    }
    if (copy.path("generationConfig").isEmpty()) {
      copy.remove("generationConfig");
    }
    return copy;
  }

  private static JsonNode lowerTypes(JsonNode schema) {
    if (schema instanceof ObjectNode object) {
      ObjectNode out = JsonSupport.NODES.objectNode();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if ("type".equals(field.getKey()) && field.getValue().isString()) {
          out.put("type", field.getValue().stringValue().toLowerCase(Locale.ROOT));
        } else {
          out.set(field.getKey(), lowerTypes(field.getValue()));
        }
      }
      return out;
    }
    return schema;
  }
}
