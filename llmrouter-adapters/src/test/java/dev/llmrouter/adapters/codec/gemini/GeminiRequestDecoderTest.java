package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.assertJsonEquals;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.bytes;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.DocumentBlock;
import dev.llmrouter.api.model.ImageBlock;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.ReasoningConfig;
import dev.llmrouter.api.model.ResponseFormat;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Legal variants of a client's request, and what the canonical request makes of them. */
class GeminiRequestDecoderTest {

  private static ChatRequest decode(String body) {
    return CODEC.decodeRequest(bytes(body), "gemini-3-pro", false);
  }

  /** Decodes, re-encodes and checks that a Gemini peer gets exactly what the client sent. */
  private static ChatRequest roundTrip(String body) {
    ChatRequest request = decode(body);
    assertJsonEquals(json(body), json(CODEC.encodeRequest(request, false)));
    return request;
  }

  private static String withContents(String contents) {
    return "{\"contents\":" + contents + "}";
  }

  @Test
  void aMissingRoleAndTheOldFunctionRoleAreUser() {
    ChatRequest request = decode(withContents("[{\"parts\":[{\"text\":\"hi\"}]},"
        + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":{}}}]},"
        + "{\"role\":\"function\",\"parts\":[{\"functionResponse\":{\"name\":\"f\",\"response\":{\"output\":\"ok\"}}}]}]"));

    assertThat(request.messages()).extracting(m -> m.role()).containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
  }

  @Test
  void idLessCallsGetStableIdsAndResultsFindTheirCallByNameInOrder() {
    String body = withContents("[{\"role\":\"user\",\"parts\":[{\"text\":\"go\"}]},"
        + "{\"role\":\"model\",\"parts\":["
        + "{\"functionCall\":{\"name\":\"read\",\"args\":{\"p\":\"a\"}}},"
        + "{\"functionCall\":{\"name\":\"ls\",\"args\":{}}},"
        + "{\"functionCall\":{\"name\":\"read\",\"args\":{\"p\":\"b\"}}}]},"
        + "{\"role\":\"user\",\"parts\":["
        + "{\"functionResponse\":{\"name\":\"ls\",\"response\":{\"output\":\"a b\"}}},"
        + "{\"functionResponse\":{\"name\":\"read\",\"response\":{\"output\":\"A\"}}},"
        + "{\"functionResponse\":{\"name\":\"read\",\"response\":{\"output\":\"B\"}}}]}]");

    ChatRequest first = decode(body);
    ChatRequest again = decode(body);

    List<ContentBlock> calls = first.messages().get(1).content();
    List<ContentBlock> results = first.messages().get(2).content();
    String read1 = ((ToolCallBlock) calls.get(0)).id();
    String ls = ((ToolCallBlock) calls.get(1)).id();
    String read2 = ((ToolCallBlock) calls.get(2)).id();
    assertThat(List.of(read1, ls, read2)).doesNotHaveDuplicates().allMatch(id -> id.startsWith("call_") && id.length() <= 40);
    assertThat(results).extracting(r -> ((ToolResultBlock) r).toolCallId()).containsExactly(ls, read1, read2);
    assertThat(again).as("minting is a pure function of the history").isEqualTo(first);
  }

  @Test
  void idsGeminiGaveAreKeptExactly() {
    ChatRequest request = decode(withContents("[{\"role\":\"model\",\"parts\":["
        + "{\"functionCall\":{\"id\":\"run_shell_command_1795416824712_0\",\"name\":\"run\",\"args\":{}}}]},"
        + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"run_shell_command_1795416824712_0\",\"name\":\"run\",\"response\":{\"output\":\"hi\"}}}]}]"));

    assertThat(((ToolCallBlock) request.messages().get(0).content().get(0)).id()).isEqualTo("run_shell_command_1795416824712_0");
    assertThat(((ToolResultBlock) request.messages().get(1).content().get(0)).toolCallId())
        .isEqualTo("run_shell_command_1795416824712_0");
  }

  @Test
  void functionResponseShapesBecomeTextAndComeBackExactly() {
    ChatRequest request = roundTrip(withContents("[{\"role\":\"user\",\"parts\":[{\"text\":\"q\"}]},"
        + "{\"role\":\"model\",\"parts\":["
        + "{\"functionCall\":{\"id\":\"a\",\"name\":\"f\",\"args\":{}},\"thoughtSignature\":\"c2ln\"},"
        + "{\"functionCall\":{\"id\":\"b\",\"name\":\"f\",\"args\":{}}},"
        + "{\"functionCall\":{\"id\":\"c\",\"name\":\"bash\",\"args\":{}}},{\"functionCall\":{\"id\":\"d\",\"name\":\"f\",\"args\":{}}}]},"
        + "{\"role\":\"user\",\"parts\":["
        + "{\"functionResponse\":{\"id\":\"a\",\"name\":\"f\",\"response\":{\"output\":\"plain\"}}},"
        + "{\"functionResponse\":{\"id\":\"b\",\"name\":\"f\",\"response\":{\"error\":\"boom\"}}},"
        + "{\"functionResponse\":{\"id\":\"c\",\"name\":\"bash\",\"response\":{\"name\":\"bash\",\"content\":\"hi\\n\"}}},"
        + "{\"functionResponse\":{\"id\":\"d\",\"name\":\"f\",\"response\":{\"output\":{\"n\":1}},\"willContinue\":false}}]}]"));

    List<ContentBlock> results = request.messages().get(2).content();
    ToolResultBlock plain = (ToolResultBlock) results.get(0);
    ToolResultBlock error = (ToolResultBlock) results.get(1);
    ToolResultBlock other = (ToolResultBlock) results.get(2);
    ToolResultBlock object = (ToolResultBlock) results.get(3);
    assertThat(plain.textContent()).isEqualTo("plain");
    assertThat(plain.isError()).isFalse();
    assertThat(error.textContent()).isEqualTo("boom");
    assertThat(error.isError()).isTrue();
    assertThat(json(other.textContent())).isEqualTo(json("{\"name\":\"bash\",\"content\":\"hi\\n\"}"));
    assertThat(json(object.textContent())).isEqualTo(json("{\"n\":1}"));
    assertThat(plain.name()).isEqualTo("f");
  }

  @Test
  void thoughtsAndSignaturesComeBackOnTheirOwnParts() {
    ChatRequest request = roundTrip(withContents("[{\"role\":\"user\",\"parts\":[{\"text\":\"q\"}]},"
        + "{\"role\":\"model\",\"parts\":["
        + "{\"text\":\"thinking…\",\"thought\":true,\"thoughtSignature\":\"c2lnLTE=\"},"
        + "{\"text\":\"Answer.\",\"thoughtSignature\":\"c2lnLTI=\"},"
        + "{\"text\":\"\",\"thoughtSignature\":\"c2lnLTM=\"},"
        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBOR\"},\"thoughtSignature\":\"c2lnLTQ=\"}]}]"));

    List<ContentBlock> blocks = request.messages().get(1).content();
    assertThat(blocks).hasSize(6);
    assertThat(blocks.get(0)).isEqualTo(new ReasoningBlock("thinking…", "c2lnLTE=", false, null, WireFormat.GEMINI, null));
    assertThat(blocks.get(1)).isEqualTo(TextBlock.of("Answer."));
    assertThat(((ReasoningBlock) blocks.get(2)).signature()).isEqualTo("c2lnLTI=");
    assertThat(((ReasoningBlock) blocks.get(3)).signature()).isEqualTo("c2lnLTM=");
    assertThat(((ReasoningBlock) blocks.get(4)).signature()).isEqualTo("c2lnLTQ=");
    assertThat(blocks.get(5)).isInstanceOf(ImageBlock.class);
  }

  @Test
  void anEnvelopeInAThoughtSignatureIsTheOriginalBlockAgain() {
    ReasoningBlock claude = ReasoningBlock.of("I should check the weather.", "EqQBCkYIARgC", WireFormat.ANTHROPIC_MESSAGES);
    ChatRequest request = decode(withContents("[{\"role\":\"user\",\"parts\":[{\"text\":\"q\"}]},"
        + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"id\":\"x\",\"name\":\"f\",\"args\":{}},"
        + "\"thoughtSignature\":\"" + ReasoningEnvelope.wrap(claude) + "\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"x\",\"name\":\"f\",\"response\":{\"output\":\"ok\"}}}]}]"));

    List<ContentBlock> model = request.messages().get(1).content();
    assertThat(model.get(0)).isEqualTo(claude);
    assertThat(model.get(1)).isInstanceOf(ToolCallBlock.class);
    assertThat(json(CODEC.encodeRequest(request, false)).at("/contents/1/parts/0/thoughtSignature").asString())
        .as("towards Gemini the foreign block is dropped and the skip value stands in")
        .isEqualTo(GeminiRequestEncoder.SKIP_SIGNATURE);
  }

  @Test
  void mediaPartsBecomeImagesAndDocuments() {
    ChatRequest request = roundTrip(withContents("[{\"role\":\"user\",\"parts\":["
        + "{\"inlineData\":{\"mimeType\":\"application/pdf\",\"data\":\"JVBERi0\"}},"
        + "{\"fileData\":{\"mimeType\":\"image/jpeg\",\"fileUri\":\"https://generativelanguage.googleapis.com/v1beta/files/abc\"}},"
        + "{\"fileData\":{\"mimeType\":\"video/mp4\",\"fileUri\":\"gs://b/v.mp4\"},\"videoMetadata\":{\"startOffset\":\"1s\"}}]}]"));

    List<ContentBlock> blocks = request.messages().get(0).content();
    assertThat(blocks.get(0)).isEqualTo(DocumentBlock.pdf("JVBERi0"));
    assertThat(((ImageBlock) blocks.get(1)).url()).endsWith("/files/abc");
    assertThat(((DocumentBlock) blocks.get(2)).url()).isEqualTo("gs://b/v.mp4");
  }

  @Test
  void partsWithoutACanonicalBlockAreCarriedForAGeminiPeer() {
    roundTrip(withContents("[{\"role\":\"model\",\"parts\":["
        + "{\"executableCode\":{\"language\":\"PYTHON\",\"code\":\"print(1)\"}},"
        + "{\"codeExecutionResult\":{\"outcome\":\"OUTCOME_OK\",\"output\":\"1\"}}]}]"));
  }

  @Test
  void systemInstructionMayBeAStringOrPartsWithARole() {
    assertThat(decode("{\"contents\":[],\"systemInstruction\":\"Be brief.\"}").systemText()).isEqualTo("Be brief.");
    ChatRequest request = roundTrip("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
        + "\"systemInstruction\":{\"role\":\"user\",\"parts\":[{\"text\":\"A\"},{\"text\":\"B\"}]}}");
    assertThat(request.system()).extracting(TextBlock::text).containsExactly("A", "B");
  }

  @Test
  void toolChoiceModes() {
    String tools = "\"tools\":[{\"functionDeclarations\":[{\"name\":\"a\"},{\"name\":\"b\"}]}]";
    String prefix = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]," + tools + ",\"toolConfig\":";

    assertThat(roundTrip(prefix + "{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}}").toolChoice()).isEqualTo(ToolChoice.auto());
    assertThat(roundTrip(prefix + "{\"functionCallingConfig\":{\"mode\":\"NONE\"}}}").toolChoice()).isEqualTo(ToolChoice.none());
    assertThat(roundTrip(prefix + "{\"functionCallingConfig\":{\"mode\":\"ANY\"}}}").toolChoice()).isEqualTo(ToolChoice.any());
    assertThat(roundTrip(prefix + "{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"b\"]}}}").toolChoice())
        .isEqualTo(ToolChoice.tool("b"));
    assertThat(roundTrip(prefix + "{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"a\",\"b\"]}}}")
        .toolChoice()).isEqualTo(ToolChoice.any());
    assertThat(roundTrip(prefix + "{\"functionCallingConfig\":{\"mode\":\"VALIDATED\"}}}").toolChoice()).isEqualTo(ToolChoice.auto());
    assertThat(roundTrip(prefix + "{\"retrievalConfig\":{\"languageCode\":\"en\"}}}").toolChoice()).isNull();
  }

  @Test
  void generationConfigMapsToSettingsAndTheRestRidesAlong() {
    ChatRequest request = roundTrip("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
        + "\"generationConfig\":{\"maxOutputTokens\":100,\"temperature\":0.5,\"topP\":0.9,\"topK\":64,"
        + "\"stopSequences\":[\"X\"],\"seed\":3,\"presencePenalty\":0.1,\"frequencyPenalty\":0.2,\"candidateCount\":1,"
        + "\"responseModalities\":[\"TEXT\"],\"thinkingConfig\":{\"thinkingBudget\":1024,\"includeThoughts\":true}},"
        + "\"safetySettings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"BLOCK_NONE\"}],"
        + "\"cachedContent\":\"cachedContents/abc\",\"labels\":{\"team\":\"a\"},\"serviceTier\":\"flex\"}");

    var settings = request.settings();
    assertThat(settings.maxTokens()).isEqualTo(100);
    assertThat(settings.temperature()).isEqualTo(0.5);
    assertThat(settings.topP()).isEqualTo(0.9);
    assertThat(settings.topK()).isEqualTo(64);
    assertThat(settings.stopSequences()).containsExactly("X");
    assertThat(settings.seed()).isEqualTo(3L);
    assertThat(settings.presencePenalty()).isEqualTo(0.1);
    assertThat(settings.frequencyPenalty()).isEqualTo(0.2);
    assertThat(settings.serviceTier()).isEqualTo("flex");
    assertThat(settings.reasoning()).isEqualTo(new ReasoningConfig(ReasoningConfig.Mode.ENABLED, 1024, null, true, null));
    assertThat(request.extras().asMap()).containsKeys("safetySettings", "cachedContent", "labels", "generationConfig");
    assertThat(request.extras().origin()).isEqualTo(WireFormat.GEMINI);
  }

  @Test
  void thinkingConfigVariants() {
    assertThat(thinking("{\"thinkingBudget\":0}")).isEqualTo(ReasoningConfig.disabled());
    assertThat(thinking("{\"thinkingBudget\":-1}"))
        .isEqualTo(new ReasoningConfig(ReasoningConfig.Mode.ENABLED, null, null, null, null));
    assertThat(thinking("{\"thinkingLevel\":\"HIGH\",\"includeThoughts\":true}"))
        .isEqualTo(new ReasoningConfig(ReasoningConfig.Mode.ENABLED, null, "high", true, null));
    assertThat(thinking("{\"includeThoughts\":true}"))
        .isEqualTo(new ReasoningConfig(ReasoningConfig.Mode.ENABLED, null, null, true, null));
  }

  private static ReasoningConfig thinking(String config) {
    return decode("{\"contents\":[],\"generationConfig\":{\"thinkingConfig\":" + config + "}}").settings().reasoning();
  }

  @Test
  void responseSchemasOfBothSlotsBecomeJsonSchema() {
    ChatRequest openApi = roundTrip("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
        + "\"generationConfig\":{\"responseMimeType\":\"application/json\","
        + "\"responseSchema\":{\"type\":\"OBJECT\",\"properties\":{\"n\":{\"type\":\"INTEGER\",\"nullable\":true}}}}}");
    ChatRequest plainJson = decode("{\"contents\":[],\"generationConfig\":{\"responseMimeType\":\"application/json\"}}");
    ChatRequest enumType = roundTrip("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
        + "\"generationConfig\":{\"responseMimeType\":\"text/x.enum\",\"responseSchema\":{\"type\":\"STRING\",\"enum\":[\"a\"]}}}");

    assertThat(json(openApi.settings().responseFormat().schema()))
        .isEqualTo(json("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":[\"integer\",\"null\"]}}}"));
    assertThat(plainJson.settings().responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_OBJECT);
    assertThat(enumType.settings().responseFormat()).isNull();
  }

  @Test
  void toolsOfBothSchemaSlotsAndBuiltInTools() {
    ChatRequest request = roundTrip("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
        + "\"tools\":[{\"functionDeclarations\":["
        + "{\"name\":\"a\",\"description\":\"A\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"s\":{\"type\":\"STRING\"}}}},"
        + "{\"name\":\"b\",\"parametersJsonSchema\":{\"type\":\"object\"},\"behavior\":\"NON_BLOCKING\"}]},"
        + "{\"googleSearch\":{}},{\"codeExecution\":{}}]}");

    List<Tool> tools = request.tools();
    assertThat(tools).extracting(Tool::name).containsExactly("a", "b", "googleSearch", "codeExecution");
    assertThat(json(tools.get(0).inputSchema()))
        .isEqualTo(json("{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\"}}}"));
    assertThat(tools.get(2).isFunction()).isFalse();
    assertThat(tools.get(2).type()).isEqualTo("googleSearch");
  }

  @Test
  void theModelComesFromThePathThenTheBodyThenThePlaceholder() {
    byte[] body = bytes("{\"model\":\"models/gemini-2.5-pro\",\"contents\":[]}");

    assertThat(CODEC.decodeRequest(body, "gemini-3-pro", true).model()).isEqualTo("gemini-3-pro");
    assertThat(CODEC.decodeRequest(body).model()).isEqualTo("gemini-2.5-pro");
    assertThat(CODEC.decodeRequest(bytes("{\"contents\":[]}")).model()).isEqualTo("gemini");
    assertThat(CODEC.decodeCountTokensRequest(bytes("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}"), "m").model())
        .isEqualTo("m");
  }

  @Test
  void theEncodedBodyNeverNamesTheModel() {
    JsonNode encoded = json(CODEC.encodeRequest(decode("{\"model\":\"models/x\",\"contents\":[]}"), false));

    assertThat(encoded.has("model")).isFalse();
  }
}
