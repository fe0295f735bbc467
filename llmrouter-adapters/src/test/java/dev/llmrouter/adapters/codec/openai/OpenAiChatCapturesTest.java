package dev.llmrouter.adapters.codec.openai;

import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.assertSameJson;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolResultBlock;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What real Chat clients sent (opencode, the official JS SDK) survives decode and re-encode. */
class OpenAiChatCapturesTest {

  static Stream<Path> chatCaptures() {
    return Stream.concat(Fixtures.captures("opencode-chat").stream(), Fixtures.captures("sdk-js").stream())
        .filter(p -> "/v1/chat/completions".equals(capture(p).get("path").stringValue()));
  }

  private static JsonNode capture(Path file) {
    return JsonSupport.MAPPER.readTree(file.toFile());
  }

  /**
   * Equal to what the client sent, except for the two canonical-form rules the encoder applies on
   * purpose: an assistant message with only tool calls has {@code content: null} (opencode sends
   * {@code ""}), and a stream always asks for usage ({@code stream_options.include_usage}).
   */
  @ParameterizedTest
  @MethodSource("chatCaptures")
  void captureDecodesAndReEncodesWithoutLosingFields(Path file) {
    ObjectNode body = (ObjectNode) capture(file).get("body");
    ChatRequest request = CODEC.decodeRequest(JsonSupport.writeBytes(body));

    JsonNode reEncoded = json(CODEC.encodeRequest(request, request.stream()));

    ObjectNode expected = body.deepCopy();
    for (JsonNode message : expected.get("messages")) {
      if (message.has("tool_calls") && "".equals(message.path("content").asString(null))) {
        ((ObjectNode) message).putNull("content");
      }
    }
    if (request.stream()) {
      expected.withObject("stream_options").put("include_usage", true);
    }
    assertSameJson(reEncoded, expected);
  }

  @Test
  void opencodeTitleRequestKeepsItsSystemPromptAndBothUserMessages() {
    ChatRequest request = decode("opencode-chat", "text-0001");

    assertThat(request.system()).hasSize(1);
    assertThat(request.system().get(0).text()).startsWith("You are a title generator.");
    assertThat(request.messages()).extracting(Message::role).containsExactly(Role.USER, Role.USER);
    assertThat(request.settings().maxTokens()).isEqualTo(32000);
    assertThat(request.stream()).isTrue();
  }

  @Test
  void opencodeToolFollowUpHasNoEmptyTextAndANamedResult() {
    ChatRequest request = decode("opencode-chat", "tool-0003");

    Message assistant = request.messages().get(1);
    assertThat(assistant.content()).containsExactly(
        ToolCallBlock.of("call_b42fa5addd06452194a6580d", "bash", "{\"command\":\"echo hi\"}"));
    Message results = request.messages().get(2);
    assertThat(results.role()).isEqualTo(Role.USER);
    ToolResultBlock result = (ToolResultBlock) results.content().get(0);
    assertThat(result.toolCallId()).isEqualTo("call_b42fa5addd06452194a6580d");
    assertThat(result.name()).isEqualTo("bash");
    assertThat(result.textContent()).isEqualTo("hi\n");
  }

  private static ChatRequest decode(String client, String prefix) {
    Path file = Fixtures.captures(client).stream()
        .filter(p -> p.getFileName().toString().startsWith(prefix))
        .findFirst()
        .orElseThrow();
    return CODEC.decodeRequest(JsonSupport.writeBytes(capture(file).get("body")));
  }
}
