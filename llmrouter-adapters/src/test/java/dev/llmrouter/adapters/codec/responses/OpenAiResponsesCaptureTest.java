package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.StreamSupport.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Tool;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every request real clients sent to {@code /v1/responses} (Codex CLI, including its non-public
 * "lite" body; opencode; the JS SDK) decodes and re-encodes with no field lost: the re-encoded body
 * equals the original once both are in the canonical encoder form (items typed, content as parts).
 */
class OpenAiResponsesCaptureTest {

  static Stream<Path> captures() {
    Stream<Path> sdk = Fixtures.captures("sdk-js").stream().filter(p -> p.getFileName().toString().contains("v1_responses"));
    return Stream.of(Fixtures.captures("codex").stream(), Fixtures.captures("opencode-responses").stream(), sdk)
        .flatMap(s -> s)
        .filter(p -> body(p).isObject());
  }

  private static JsonNode body(Path capture) {
    return JsonSupport.MAPPER.readTree(capture.toFile()).path("body");
  }

  @ParameterizedTest
  @MethodSource("captures")
  void decodesAndReencodesWithoutLosingFields(Path capture) {
    JsonNode body = body(capture);
    ChatRequest request = CODEC.decodeRequest(JsonSupport.writeBytes(body));
    JsonNode encoded = StreamSupport.json(CODEC.encodeRequest(request, request.stream()));
    assertThat(encoded).isEqualTo(canonicalForm(body));
  }

  @ParameterizedTest
  @MethodSource("captures")
  void everyToolKindComesBackAndNamespaceMembersAreFlatFunctions(Path capture) {
    JsonNode body = body(capture);
    ChatRequest request = CODEC.decodeRequest(JsonSupport.writeBytes(body));
    JsonNode encoded = StreamSupport.json(CODEC.encodeRequest(request, request.stream()));
    List<String> sent = canonicalForm(body).path("tools").valueStream().map(t -> t.get("type").stringValue()).toList();
    assertThat(encoded.path("tools").valueStream().map(t -> t.get("type").stringValue()).toList())
        .containsExactlyElementsOf(sent);
    for (JsonNode tool : canonicalForm(body).path("tools")) {
      if ("namespace".equals(tool.get("type").stringValue())) {
        String prefix = tool.get("name").stringValue() + "__";
        assertThat(request.tools()).filteredOn(t -> t.name().startsWith(prefix))
            .hasSize(tool.get("tools").size())
            .allMatch(Tool::isFunction);
      }
    }
  }

  /** Codex's "lite" body offers its tools in an {@code additional_tools} input item: they are the request's tools. */
  @org.junit.jupiter.api.Test
  void theToolsOfALiteBodyAreTheRequestsTools() {
    Path lite = Fixtures.captures("codex").stream()
        .filter(p -> p.getFileName().toString().equals("builtin-openai-0008-POST-v1_responses.json")).findFirst()
        .orElseThrow();
    ChatRequest request = CODEC.decodeRequest(JsonSupport.writeBytes(body(lite)));
    assertThat(request.tools()).extracting(Tool::name)
        .contains("functions__exec", "functions__wait", "clock__sleep", "collaboration__spawn_agent").hasSize(11);
    assertThat(request.messages()).noneSatisfy(m -> assertThat(m.toString()).contains("additional_tools"));
    // so another format's upstream is offered them too
    JsonNode anthropic = StreamSupport.json(new dev.llmrouter.adapters.codec.anthropic.AnthropicMessagesCodec()
        .encodeRequest(request, false));
    assertThat(anthropic.path("tools").size()).isEqualTo(11);
  }

  /**
   * The client's body as the encoder writes it: typed items, content parts, string arguments, explicit
   * store, and the tools of Codex's "lite" {@code additional_tools} items as top-level tools (first).
   */
  static JsonNode canonicalForm(JsonNode original) {
    ObjectNode body = (ObjectNode) original.deepCopy();
    JsonNode input = body.get("input");
    ArrayNode items = JsonSupport.NODES.arrayNode();
    ArrayNode offered = JsonSupport.NODES.arrayNode();
    if (input.isString()) {
      items.addObject().put("type", "message").put("role", "user").putArray("content")
          .addObject().put("type", "input_text").put("text", input.stringValue());
    } else {
      for (JsonNode node : input) {
        ObjectNode item = (ObjectNode) node.deepCopy();
        if ("additional_tools".equals(item.path("type").asString())) {
          item.path("tools").forEach(offered::add);
          continue;
        }
        if (!item.has("type")) {
          item.put("type", "message");
        }
        if ("message".equals(item.get("type").stringValue()) && item.path("content").isString()) {
          String role = item.get("role").stringValue();
          String text = item.get("content").stringValue();
          item.putArray("content").addObject().put("type", "assistant".equals(role) ? "output_text" : "input_text").put("text", text);
        }
        items.add(item);
      }
    }
    body.set("input", items);
    if (!offered.isEmpty()) {
      body.path("tools").forEach(offered::add);
      body.set("tools", offered);
    }
    if (!body.has("store")) {
      body.put("store", false);
    }
    if (body.has("stream") && !body.get("stream").asBoolean()) {
      body.remove("stream");
    }
    for (JsonNode tool : body.path("tools")) {
      if ("function".equals(tool.get("type").stringValue()) && !tool.has("strict")) {
        ((ObjectNode) tool).put("strict", false);
      }
      for (JsonNode member : tool.path("tools")) {
        if ("function".equals(member.get("type").stringValue()) && !member.has("strict")) {
          ((ObjectNode) member).put("strict", false);
        }
      }
    }
    return body;
  }
}
