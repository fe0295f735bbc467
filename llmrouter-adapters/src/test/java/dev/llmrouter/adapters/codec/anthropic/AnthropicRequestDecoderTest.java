package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.CODEC;
import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.CacheControl;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.DocumentBlock;
import dev.llmrouter.api.model.ImageBlock;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.ReasoningConfig;
import dev.llmrouter.api.model.ResponseFormat;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server side: every legal request variant decodes, and malformed ones fail as bad requests naming the field. */
class AnthropicRequestDecoderTest {

  private static ChatRequest decode(String json) {
    return CODEC.decodeRequest(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String body(String fields) {
    return "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":100," + fields + "}";
  }

  @Test
  void stringSystemAndContentBecomeTextBlocks() {
    ChatRequest request = decode(body("\"system\":\"Be terse.\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));

    assertThat(request.system()).containsExactly(TextBlock.of("Be terse."));
    assertThat(request.messages()).containsExactly(Message.user("hi"));
    assertThat(request.settings().maxTokens()).isEqualTo(100);
    assertThat(request.stream()).isFalse();
  }

  @Test
  void systemRoleMessageKeepsItsPlaceAndItsOwnFields() {
    ChatRequest request = decode(body(
        "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
            + "{\"role\":\"system\",\"content\":\"# Environment\",\"output_config\":{\"effort\":\"medium\"}}]"));

    Message system = request.messages().get(1);
    assertThat(system.role()).isEqualTo(Role.SYSTEM);
    assertThat(system.content()).containsExactly(TextBlock.of("# Environment"));
    assertThat(system.extras().get("output_config")).isEqualTo("{\"effort\":\"medium\"}");
  }

  @Test
  void midConversationSystemBlockSplitsTheTurn() {
    ChatRequest request = decode(body(
        "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"before\"},"
            + "{\"type\":\"mid_conv_system\",\"content\":[{\"type\":\"text\",\"text\":\"be careful\"}]},"
            + "{\"type\":\"text\",\"text\":\"after\"}]}]"));

    assertThat(request.messages())
        .containsExactly(Message.user("before"), Message.system("be careful"), Message.user("after"));
  }

  @Test
  void toolUseInputBecomesCompactArgumentsAndToolResultsKeepTheirParts() {
    ChatRequest request = decode(body(
        "\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\","
            + "\"input\":{ \"a\" : [1, 2] }},{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"g\",\"input\":\"{\\\"b\\\":1}\"}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"is_error\":true,"
            + "\"content\":[{\"type\":\"text\",\"text\":\"boom\"},{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://x/y.png\"}}],"
            + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]}]"));

    assertThat(request.messages().get(0).content())
        .containsExactly(ToolCallBlock.of("toolu_1", "f", "{\"a\":[1,2]}"), ToolCallBlock.of("toolu_2", "g", "{\"b\":1}"));
    ToolResultBlock result = (ToolResultBlock) request.messages().get(1).content().get(0);
    assertThat(result.isError()).isTrue();
    assertThat(result.cacheControl()).isEqualTo(new CacheControl("ephemeral", "1h"));
    assertThat(result.content()).containsExactly(TextBlock.of("boom"), ImageBlock.url("https://x/y.png"));
  }

  @Test
  void thinkingBlocksAreAnthropicReasoningAndAnEnvelopeGivesBackTheForeignBlock() {
    ReasoningBlock foreign = new ReasoningBlock("plan", "gAAAAB-opaque", false, "rs_1", WireFormat.OPENAI_RESPONSES, null);
    ChatRequest request = decode(body(
        "\"messages\":[{\"role\":\"assistant\",\"content\":["
            + "{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"sig\"},"
            + "{\"type\":\"redacted_thinking\",\"data\":\"opaque\"},"
            + "{\"type\":\"thinking\",\"thinking\":\"plan\",\"signature\":\"" + ReasoningEnvelope.wrap(foreign) + "\"}]}]"));

    assertThat(request.messages().get(0).content())
        .containsExactly(
            ReasoningBlock.of("hmm", "sig", WireFormat.ANTHROPIC_MESSAGES),
            new ReasoningBlock("", "opaque", true, null, WireFormat.ANTHROPIC_MESSAGES, null),
            foreign);
  }

  @Test
  void documentSourcesMapToTheirCanonicalSlots() {
    ChatRequest request = decode(body(
        "\"messages\":[{\"role\":\"user\",\"content\":["
            + "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"JVBER\"},\"title\":\"t\"},"
            + "{\"type\":\"document\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"plain\"},\"context\":\"c\"},"
            + "{\"type\":\"document\",\"source\":{\"type\":\"url\",\"url\":\"https://x/a.pdf\"}},"
            + "{\"type\":\"document\",\"source\":{\"type\":\"content\",\"content\":[{\"type\":\"text\",\"text\":\"one\"},{\"type\":\"text\",\"text\":\"two\"}]}}]}]"));

    List<?> blocks = request.messages().get(0).content();
    DocumentBlock pdf = (DocumentBlock) blocks.get(0);
    assertThat(pdf.data()).isEqualTo("JVBER");
    assertThat(pdf.title()).isEqualTo("t");
    DocumentBlock text = (DocumentBlock) blocks.get(1);
    assertThat(text.text()).isEqualTo("plain");
    assertThat(text.extras().get("context")).isEqualTo("\"c\"");
    assertThat(((DocumentBlock) blocks.get(2)).url()).isEqualTo("https://x/a.pdf");
    DocumentBlock content = (DocumentBlock) blocks.get(3);
    assertThat(content.text()).isEqualTo("one\ntwo");

    byte[] reencoded = CODEC.encodeRequest(request, false);
    assertThat(tree(reencoded).path("messages").get(0).path("content").get(3).path("source"))
        .isEqualTo(tree("{\"type\":\"content\",\"content\":[{\"type\":\"text\",\"text\":\"one\"},{\"type\":\"text\",\"text\":\"two\"}]}"));
  }

  @Test
  void toolsKeepTheirAnthropicOnlyFieldsAndServerToolsTheirType() {
    ChatRequest request = decode(body(
        "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":["
            + "{\"type\":\"custom\",\"name\":\"f\",\"description\":\"d\",\"input_schema\":{\"type\":\"object\"},\"strict\":true,"
            + "\"defer_loading\":true,\"cache_control\":{\"type\":\"ephemeral\"}},"
            + "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":5}],"
            + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true}"));

    Tool function = request.tools().get(0);
    assertThat(function.isFunction()).isTrue();
    assertThat(function.inputSchema()).isEqualTo("{\"type\":\"object\"}");
    assertThat(function.strict()).isTrue();
    assertThat(function.cacheControl()).isEqualTo(CacheControl.ephemeral());
    assertThat(function.extras().asMap()).containsEntry("defer_loading", "true").containsEntry("type", "\"custom\"");
    Tool server = request.tools().get(1);
    assertThat(server.type()).isEqualTo("web_search_20250305");
    assertThat(server.extras().asMap()).containsEntry("type", "\"web_search_20250305\"").containsEntry("max_uses", "5");
    assertThat(request.toolChoice()).isEqualTo(ToolChoice.tool("f"));
    assertThat(request.settings().parallelToolCalls()).isFalse();
  }

  @Test
  void reasoningSettingsAndOutputConfig() {
    ChatRequest adaptive = decode(body(
        "\"messages\":[],\"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"},"
            + "\"output_config\":{\"effort\":\"high\",\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}}"));
    assertThat(adaptive.settings().reasoning())
        .isEqualTo(new ReasoningConfig(ReasoningConfig.Mode.ADAPTIVE, null, "high", false, null));
    assertThat(adaptive.settings().responseFormat()).isEqualTo(ResponseFormat.jsonSchema(null, "{\"type\":\"object\"}"));
    assertThat(adaptive.extras().isEmpty()).isTrue();

    ChatRequest enabled = decode(body("\"messages\":[],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}"));
    assertThat(enabled.settings().reasoning()).isEqualTo(ReasoningConfig.budget(2048));

    // effort alone tunes spending, it does not ask for reasoning: kept for Anthropic only
    ChatRequest effortOnly = decode(body("\"messages\":[],\"output_config\":{\"effort\":\"low\"}"));
    assertThat(effortOnly.settings().reasoning()).isNull();
    assertThat(effortOnly.extras().get("output_config")).isEqualTo("{\"effort\":\"low\"}");
    assertThat(tree(CODEC.encodeRequest(effortOnly, false)).path("output_config")).isEqualTo(tree("{\"effort\":\"low\"}"));
  }

  @Test
  void settingsUserAndUnknownFields() {
    ChatRequest request = decode(
        "{\"model\":\"m\",\"messages\":[],\"temperature\":0.5,\"top_p\":0.9,\"top_k\":40,\"stop_sequences\":[\"END\"],"
            + "\"service_tier\":\"auto\",\"stream\":true,\"metadata\":{\"user_id\":\"u-1\"},"
            + "\"context_management\":{\"edits\":[]},\"container\":\"c-1\",\"inference_geo\":\"us\"}");

    assertThat(request.settings().maxTokens()).isNull();
    assertThat(request.settings().temperature()).isEqualTo(0.5);
    assertThat(request.settings().topP()).isEqualTo(0.9);
    assertThat(request.settings().topK()).isEqualTo(40);
    assertThat(request.settings().stopSequences()).containsExactly("END");
    assertThat(request.settings().serviceTier()).isEqualTo("auto");
    assertThat(request.settings().user()).isEqualTo("u-1");
    assertThat(request.stream()).isTrue();
    assertThat(request.extras().origin()).isEqualTo(WireFormat.ANTHROPIC_MESSAGES);
    assertThat(request.extras().asMap()).containsOnlyKeys("context_management", "container", "inference_geo");
  }

  @Test
  void blocksWithoutACanonicalTypeTravelOpaqueAndComeBackExactly() {
    String serverUse = "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{\"query\":\"q\"}}";
    String searchResult = "{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[{\"type\":\"web_search_result\",\"url\":\"https://x\",\"title\":\"X\",\"encrypted_content\":\"e\"}]}";
    String fileImage = "{\"type\":\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"file_1\"}}";
    ChatRequest request = decode(body(
        "\"messages\":[{\"role\":\"user\",\"content\":[" + fileImage + "]},"
            + "{\"role\":\"assistant\",\"content\":[" + serverUse + "," + searchResult + ",{\"type\":\"text\",\"text\":\"done\"}]}]"));

    assertThat(request.messages().get(1).content().get(0)).isInstanceOf(TextBlock.class);
    assertThat(((TextBlock) request.messages().get(1).content().get(0)).text()).isEmpty();
    var messages = tree(CODEC.encodeRequest(request, false)).path("messages");
    assertThat(messages.get(0).path("content").get(0)).isEqualTo(tree(fileImage));
    assertThat(messages.get(1).path("content").get(0)).isEqualTo(tree(serverUse));
    assertThat(messages.get(1).path("content").get(1)).isEqualTo(tree(searchResult));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json | {\"model\": | request body is not valid JSON",
        "not an object | [1,2] | must be a JSON object",
        "no model | {\"max_tokens\":1,\"messages\":[]} | model: required",
        "empty model | {\"model\":\" \",\"messages\":[]} | model: must not be empty",
        "no messages | {\"model\":\"m\",\"max_tokens\":1} | messages: required",
        "messages not an array | {\"model\":\"m\",\"messages\":{}} | messages: expected an array",
        "bad role | {\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]} | messages[0].role: expected user, assistant or system",
        "no content | {\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]} | messages[0].content: required",
        "content a number | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]} | messages[0].content: expected a string or an array",
        "text not a string | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":1}]}]} | messages[0].content[0].text: expected a string",
        "block without type | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]} | messages[0].content[0].type: required",
        "tool_use without id | {\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"name\":\"f\",\"input\":{}}]}]} | messages[0].content[0].id: required",
        "max_tokens a string | {\"model\":\"m\",\"max_tokens\":\"9\",\"messages\":[]} | max_tokens: expected an integer",
        "negative max_tokens | {\"model\":\"m\",\"max_tokens\":-1,\"messages\":[]} | max_tokens: must not be negative",
        "temperature a string | {\"model\":\"m\",\"temperature\":\"hot\",\"messages\":[]} | temperature: expected a number",
        "stop sequence a number | {\"model\":\"m\",\"stop_sequences\":[1],\"messages\":[]} | stop_sequences[0]: expected a string",
        "tool without name | {\"model\":\"m\",\"messages\":[],\"tools\":[{\"input_schema\":{}}]} | tools[0].name: required",
        "bad tool_choice | {\"model\":\"m\",\"messages\":[],\"tool_choice\":{\"type\":\"sometimes\"}} | tool_choice.type: expected auto, any, tool or none",
        "bad thinking | {\"model\":\"m\",\"messages\":[],\"thinking\":{\"type\":\"deep\"}} | thinking.type: expected enabled, adaptive or disabled",
        "system a number | {\"model\":\"m\",\"messages\":[],\"system\":3} | system: expected a string or an array of text blocks",
        "system image | {\"model\":\"m\",\"messages\":[],\"system\":[{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"u\"}}]} | system[0]: expected a text block",
        "image without data | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\"}}]}]} | messages[0].content[0].source.data: required",
      })
  void malformedRequestsAreBadRequestsNamingTheField(String name, String json, String message) {
    assertThatThrownBy(() -> decode(json))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
        .hasMessageContaining(message);
  }

  @Test
  void anEmptyBodyIsABadRequest() {
    assertThatThrownBy(() -> CODEC.decodeRequest(new byte[0]))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
  }
}
