package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.CODEC;
import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Claude Code, opencode and the Anthropic JS SDK really sent decodes, and encodes back to the
 * same body in the canonical encoder form: every field survives, and the only changes are the
 * documented ones.
 */
class AnthropicCapturesTest {

  static Stream<Path> captures() {
    return Stream.of("claude", "opencode-anthropic", "sdk-js")
        .flatMap(client -> Fixtures.captures(client).stream())
        .filter(file -> capture(file).path("path").asString("").startsWith("/v1/messages"));
  }

  private static JsonNode capture(Path file) {
    return JsonSupport.MAPPER.readTree(file.toFile());
  }

  @ParameterizedTest
  @MethodSource("captures")
  void captureDecodesAndReencodesWithoutLosingAField(Path file) {
    JsonNode capture = capture(file);
    ObjectNode body = (ObjectNode) capture.get("body");
    boolean countTokens = capture.path("path").asString("").endsWith("/count_tokens");
    byte[] bytes = JsonSupport.writeBytes(body);

    ChatRequest request = countTokens ? CODEC.decodeCountTokensRequest(bytes) : CODEC.decodeRequest(bytes);
    ObjectNode reencoded = (ObjectNode) tree(
        countTokens ? CODEC.encodeCountTokensRequest(request) : CODEC.encodeRequest(request, request.stream()));

    List<ObjectNode> movedInstructions = new ArrayList<>();
    ObjectNode expected = canonicalForm(body.deepCopy(), movedInstructions);
    for (ObjectNode instruction : movedInstructions) {
      assertThat(removeBlock(reencoded, instruction))
          .as("a system message after the first user turn comes back as a 'System: ' user text block")
          .isTrue();
    }
    assertThat(reencoded).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("captures")
  void claudeCodeSystemMessagesDecodeAsSystemRole(Path file) {
    ObjectNode body = (ObjectNode) capture(file).get("body");
    long systemMessages = 0;
    for (JsonNode message : body.path("messages")) {
      systemMessages += message.path("role").asString("").equals("system") ? 1 : 0;
    }
    ChatRequest request = CODEC.decodeRequest(JsonSupport.writeBytes(body));

    assertThat(request.messages().stream().map(Message::role).filter(Role.SYSTEM::equals).count())
        .isEqualTo(systemMessages);
  }

  /**
   * The capture as the encoder writes it: content and system as block arrays, no {@code is_error:
   * false} or {@code stream: false} (the defaults), system messages after the first user turn taken
   * out (they are checked separately, as user text) and those before it appended to {@code system}.
   */
  private static ObjectNode canonicalForm(ObjectNode body, List<ObjectNode> movedInstructions) {
    if (body.path("system").isString()) {
      ArrayNode system = JsonSupport.NODES.arrayNode();
      system.addObject().put("type", "text").put("text", body.get("system").stringValue());
      body.set("system", system);
    }
    if (body.path("stream").isBoolean() && !body.get("stream").booleanValue()) {
      body.remove("stream");
    }
    boolean seenUser = false;
    Iterator<JsonNode> messages = body.path("messages").iterator();
    while (messages.hasNext()) {
      ObjectNode message = (ObjectNode) messages.next();
      if (message.path("content").isString()) {
        ArrayNode content = JsonSupport.NODES.arrayNode();
        content.addObject().put("type", "text").put("text", message.get("content").stringValue());
        message.set("content", content);
      }
      for (JsonNode block : message.path("content")) {
        if (block.path("is_error").isBoolean() && !block.get("is_error").booleanValue()) {
          ((ObjectNode) block).remove("is_error");
        }
      }
      String role = message.path("role").asString("");
      if (role.equals("system")) {
        messages.remove();
        for (JsonNode block : message.path("content")) {
          ObjectNode moved = (ObjectNode) block.deepCopy();
          if (seenUser) {
            moved.put("text", RequestEncoder.SYSTEM_PREFIX + moved.path("text").asString(""));
            movedInstructions.add(moved);
          } else {
            body.withArray("system").add(moved);
          }
        }
      }
      seenUser |= role.equals("user");
    }
    return body;
  }

  private static boolean removeBlock(ObjectNode body, ObjectNode block) {
    for (JsonNode message : body.path("messages")) {
      ArrayNode content = (ArrayNode) message.path("content");
      for (int i = 0; i < content.size(); i++) {
        if (content.get(i).equals(block)) {
          content.remove(i);
          return true;
        }
      }
    }
    return false;
  }
}
