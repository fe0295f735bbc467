package dev.llmrouter.adapters.codec.matrix;

import static dev.llmrouter.adapters.codec.matrix.Format.ANTHROPIC;
import static dev.llmrouter.adapters.codec.matrix.Format.CHAT;
import static dev.llmrouter.adapters.codec.matrix.Format.GEMINI;
import static dev.llmrouter.adapters.codec.matrix.Format.RESPONSES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.gemini.GeminiCodec;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolResultBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pitfalls that broke other gateways (protocols README §9, P1–P32, and PEERS.md), one test each.
 * Where a codec test or the translation matrix already shows the rule, the test here names that test
 * and checks it still exists, so the catalogue cannot silently lose its coverage and no case is tested
 * twice; the others are tested here, across every pair they concern.
 */
class PitfallsTest {

  // ---------------------------------------------------------------- streams towards Anthropic clients

  /** P1: {@code message_start} reports real (or estimated, never zero) input usage; the final usage is in {@code message_delta}. */
  @Test
  void p01_messageStartUsageIsNeverZeroAndTheFinalUsageArrives() {
    coveredBy("anthropic.AnthropicStreamEncoderTest", "messageStartNeverReportsZeroInputAndMessageDeltaWaitsForTheFinalUsage");
    coveredBy("anthropic.AnthropicStreamEncoderTest", "anUpstreamThatNeverReportsInputStillGetsTheEstimateAtTheEnd");
    coveredBy("matrix.TranslationMatrixTest", "streamTranslatesEventByEventAndReassemblesToTheWholeTranslation");
  }

  /** P2: every streamed tool call, dense block indices, one open block at a time, explicit stops and {@code tool_use}. */
  @Test
  void p02_everyStreamedToolCallGetsItsOwnDenseClosedBlock() {
    coveredBy("anthropic.AnthropicStreamEncoderTest", "interleavedToolCallsOfAChatUpstreamAreSerialisedInOrder");
    coveredBy("anthropic.AnthropicStreamGrammarTest", "rejectsEachBreak");
  }

  /** P3: tool input accumulated per index, also when the arguments come only in {@code .done} or whole. */
  @Test
  void p03_toolInputIsNeverLostWhateverTheArgumentsArrive() {
    coveredBy("responses.OpenAiResponsesStreamTest", "argumentsGivenOnlyInTheirDoneEventAreNotLost");
    coveredBy("responses.OpenAiResponsesStreamTest", "itemsGivenOnlyInOutputItemDoneOrInTheTerminalResponseAreNotLost");
    coveredBy("openai.OpenAiChatStreamTest", "wholeArgumentsWithStopStillMeanToolUse");
  }

  /** P3, long arguments: a large input streamed in small fragments by any upstream reaches every client whole. */
  @ParameterizedTest(name = "{0} upstream -> {1} client")
  @MethodSource("pairs")
  void p03_longToolArgumentsCrossEveryPairIntact(Format upstream, Format client) {
    String content = "x".repeat(20_000) + " \\\"quoted\\\" é";
    String arguments = "{\"path\":\"a.txt\",\"content\":\"" + content + "\"}";
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.MessageStart("m1", "model", Usage.ZERO));
    events.add(new StreamEvent.BlockStart(0, ToolCallBlock.of("call_1", "write", "")));
    for (int i = 0; i < arguments.length(); i += 7) {
      events.add(new StreamEvent.ToolArgumentsDelta(0, arguments.substring(i, Math.min(arguments.length(), i + 7))));
    }
    events.add(new StreamEvent.BlockStop(0));
    events.add(new StreamEvent.UsageUpdate(Usage.builder().inputTokens(5).outputTokens(9).build()));
    events.add(new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE), null));
    events.add(new StreamEvent.MessageStop());
    // the upstream's own encoder writes the stream its server would send, its decoder reads it back
    ChatRequest request = client.streamingRequest("03-tool-call.request.json");
    List<SseEvent> upstreamWire = encode(upstream, upstream.streamingRequest("03-tool-call.request.json"), events);
    List<SseEvent> written = new ArrayList<>();
    StreamDecoder decoder = upstream.codec().newStreamDecoder();
    StreamEncoder encoder = client.codec().newStreamEncoder(request);
    upstreamWire.forEach(e -> decoder.decode(e, c -> encoder.encode(c, written::add)));
    decoder.finish(c -> encoder.encode(c, written::add));

    client.validateStream(written, request);
    ToolCallBlock call = MatrixAssertions.accumulate(client, written).toolCalls().get(0);
    assertThat(JsonSupport.parseOrNull(call.arguments())).isEqualTo(JsonSupport.parseOrNull(arguments));
  }

  /** P4: thinking never inside a text block, one {@code message_start}. */
  @Test
  void p04_thinkingHasItsOwnBlockAndTheMessageStartsOnce() {
    coveredBy("anthropic.AnthropicStreamGrammarTest", "rejectsEachBreak");
    coveredBy("matrix.TranslationMatrixTest", "streamTranslatesEventByEventAndReassemblesToTheWholeTranslation");
  }

  // ---------------------------------------------------------------- opaque reasoning state

  /** P5: Anthropic thinking is replayed unchanged; without it, thinking is off for an open tool loop. */
  @Test
  void p05_thinkingBlocksAreReplayedOrThinkingIsTurnedOff() {
    coveredBy("anthropic.AnthropicRequestEncoderTest", "onlyAnthropicsOwnReasoningIsReplayed");
    coveredBy("anthropic.AnthropicRequestEncoderTest", "enabledThinkingIsLeftOutWhenTheOpenToolLoopLostItsThinkingBlock");
  }

  static Stream<Arguments> opaqueState() {
    List<Arguments> out = new ArrayList<>();
    for (Format client : List.of(ANTHROPIC, RESPONSES, GEMINI)) {
      out.add(Arguments.of(ANTHROPIC, "07-thinking", client));
      out.add(Arguments.of(RESPONSES, "07-thinking", client));
      out.add(Arguments.of(GEMINI, "03-tool-call", client));
      out.add(Arguments.of(GEMINI, "07-thinking", client));
    }
    return out.stream();
  }

  /**
   * P6 and P8: the opaque reasoning state of an answer (Anthropic signature, Responses
   * {@code encrypted_content} with its {@code rs_} id, Gemini {@code thoughtSignature} on its part)
   * travels through any client with a slot for it and comes back byte for byte, on the right item,
   * in the client's next request to that provider.
   */
  @ParameterizedTest(name = "{0} upstream, case {1}, {2} client")
  @MethodSource("opaqueState")
  void p06_p08_opaqueReasoningStateComesBackUnchangedThroughEveryClientWithASlot(
      Format upstream, String caseFile, Format client) {
    ChatRequest first = client.codec().decodeRequest(Fixtures.bytes(client.file(caseFile + ".request.json")));
    byte[] answer = client.codec().encodeResponse(MatrixAssertions.upstreamAnswer(upstream, caseFile), first);
    byte[] next = nextRequest(client, caseFile, answer);

    ChatRequest replayed = decodeClient(client, next);
    JsonNode upstreamBody = JsonSupport.MAPPER.readTree(
        upstream.codec().encodeRequest(replayed.toBuilder().model(upstream.fixtureModel()).build(), false));
    JsonNode original = Fixtures.json(upstream.file(caseFile + ".response.json"));
    switch (upstream) {
      case ANTHROPIC: {
        JsonNode thinking = original.path("content").get(0);
        JsonNode sent = upstreamBody.path("messages").get(1).path("content").get(0);
        assertThat(sent).isEqualTo(thinking);
        break;
      }
      case RESPONSES: {
        JsonNode reasoning = original.path("output").get(0);
        JsonNode sent = upstreamBody.path("input").get(1);
        assertThat(sent.path("type").asString()).isEqualTo("reasoning");
        assertThat(sent.path("id")).isEqualTo(reasoning.path("id"));
        assertThat(sent.path("encrypted_content")).isEqualTo(reasoning.path("encrypted_content"));
        break;
      }
      default: {
        JsonNode parts = original.path("candidates").get(0).path("content").path("parts");
        JsonNode sentParts = lastModelContent(upstreamBody).path("parts");
        for (int i = 0; i < parts.size(); i++) {
          if (parts.get(i).has("thoughtSignature")) {
            JsonNode sentPart = findPartLike(sentParts, parts.get(i));
            assertThat(sentPart.path("thoughtSignature")).as("signature on its own part").isEqualTo(parts.get(i).path("thoughtSignature"));
          }
        }
      }
    }
  }

  /** P6, last resort: a Chat client cannot keep a Gemini signature, so its replayed call gets the documented skip value. */
  @Test
  void p06_withoutASlotAGeminiCallIsReplayedWithTheSkipValue() {
    coveredBy("gemini.GeminiRequestEncoderTest", "unsignedStepsOfTheCurrentTurnOnlyGetTheSkipSignature");
  }

  /** P7: signatures never ride in tool-call ids: every client sees the upstream's call ids exactly. */
  @ParameterizedTest(name = "{0} upstream -> {1} client")
  @MethodSource("pairs")
  void p07_callIdsAreTheUpstreamsOwnNeverCarryingSignatures(Format upstream, Format client) {
    for (String caseFile : List.of("03-tool-call", "05-parallel-tool-calls")) {
      ChatRequest request = client.codec().decodeRequest(Fixtures.bytes(client.file(caseFile + ".request.json")));
      ChatResponse upstreamAnswer = MatrixAssertions.upstreamAnswer(upstream, caseFile);
      ChatResponse seen = client.codec().decodeResponse(client.codec().encodeResponse(upstreamAnswer, request));
      assertThat(seen.toolCalls()).extracting(ToolCallBlock::id)
          .containsExactlyElementsOf(upstreamAnswer.toolCalls().stream().map(ToolCallBlock::id).toList());
    }
  }

  // ---------------------------------------------------------------- schemas, ids, names

  /** P9: Gemini gets {@code parametersJsonSchema}; the {@code parameters} fallback is sanitised exhaustively. */
  @Test
  void p09_geminiSchemasAreJsonSchemaOrSanitised() {
    coveredBy("gemini.GeminiRequestEncoderTest", "toolsUseParametersJsonSchemaWithoutDollarSchemaAndOtherProvidersBuiltInsAreDropped");
    coveredBy("gemini.GeminiSchemasTest", "removesKeywordsTheSubsetLacks");
    coveredBy("gemini.GeminiFixturesTest", "schemaSanitiserGivesTheParametersVariant");
  }

  /** P10: ids such as Kimi's {@code functions.Bash:0} are rewritten purely and the same way on call and result. */
  @Test
  void p10_foreignToolIdFormatsAreRewrittenSymmetrically() {
    coveredBy("anthropic.AnthropicRequestEncoderTest", "toolIdsAreRewrittenTheSameWayOnCallAndResult");
  }

  /** P11: ids beyond OpenAI's 40 characters are capped the same way on call and result; Responses uses {@code call_id}. */
  @ParameterizedTest(name = "{0} client -> Chat upstream")
  @EnumSource(value = Format.class, names = {"ANTHROPIC", "RESPONSES", "GEMINI"})
  void p11_longCallIdsFitOpenAisLimitOnCallAndResultAlike(Format client) {
    String id = "toolu_" + "0123456789abcdefghij".repeat(3);
    ChatRequest request = ChatRequest.builder().model("m")
        .addTool(Tool.function("f", null, "{\"type\":\"object\"}"))
        .addMessage(Message.user("go"))
        .addMessage(Message.of(Role.ASSISTANT, List.of(ToolCallBlock.of(id, "f", "{}"))))
        .addMessage(Message.of(Role.USER, List.of(ToolResultBlock.text(id, "ok"))))
        .build();
    ChatRequest decoded = decodeClient(client, client.codec().encodeRequest(request, false));

    JsonNode chat = JsonSupport.MAPPER.readTree(CHAT.codec().encodeRequest(decoded, false));
    String callId = chat.path("messages").get(1).path("tool_calls").get(0).path("id").asString();
    assertThat(callId).hasSizeLessThanOrEqualTo(40).isEqualTo(chat.path("messages").get(2).path("tool_call_id").asString());
    JsonNode responses = JsonSupport.MAPPER.readTree(RESPONSES.codec().encodeRequest(decoded, false));
    assertThat(responses.path("input").get(1).path("call_id").asString())
        .isEqualTo(responses.path("input").get(2).path("call_id").asString());
  }

  /** P12: tool names a target rejects (OpenAI's 64 characters, Gemini's first letter) map purely and come back. */
  @Test
  void p12_toolNamesMapPurelyAndComeBack() {
    coveredBy("ToolNamesTest", "rejectedNamesBecomeValidStableAndDistinct");
    coveredBy("matrix.CrossCodecRulesTest", "aToolNameTheTargetRejectsIsRewrittenTheSameWayEverywhereAndComesBackToTheClient");
  }

  // ---------------------------------------------------------------- tool results

  /** P13: results right after the calls, before any user text (Chat: tool messages, then the user message). */
  @Test
  void p13_toolResultsComeFirst() {
    coveredBy("openai.OpenAiChatRequestTest", "toolResultsBecomeToolMessagesRightAfterTheCallsWithImagesAndOtherBlocksInAFollowingUserMessage");
    coveredBy("anthropic.AnthropicRequestEncoderTest", "toolResultsComeFirstAndConsecutiveTurnsOfOneRoleMerge");
    coveredBy("gemini.GeminiRequestEncoderTest", "resultsComeBeforeTheTextOfTheirUserTurn");
  }

  /** P14: Gemini gets one user content with as many function responses as there were calls. */
  @Test
  void p14_geminiGetsAllResultsOfATurnInOneContent() {
    coveredBy("gemini.GeminiRequestEncoderTest", "resultsSplitOverSeveralMessagesJoinOneUserContentInTheCallsOrder");
    coveredBy("matrix.TranslationMatrixTest", "requestTranslatesToTheUpstreamsFixture"); // 05 follow-up, Chat -> Gemini
  }

  // ---------------------------------------------------------------- content

  /** P15: no empty text block towards Anthropic; a tool-only assistant turn is {@code content: null} in Chat. */
  @Test
  void p15_emptyTextIsNeverSent() {
    coveredBy("anthropic.AnthropicRequestEncoderTest", "emptyTextIsDroppedEverywhereAndAnEmptiedTurnDisappears");
    coveredBy("gemini.GeminiRequestEncoderTest", "emptyTextAndEmptyTurnsAreNotSent");
    coveredBy("matrix.CrossCodecRulesTest", "blocksWithoutACanonicalTypeNeverBecomeEmptyTextElsewhere");
    coveredBy("matrix.TranslationMatrixTest", "requestTranslatesToTheUpstreamsFixture"); // 10: Chat "content": null
  }

  /** P16, and several system blocks: the system prompt always reaches the target, block by block where it can. */
  @Test
  void p16_theSystemPromptIsAlwaysMapped() {
    coveredBy("matrix.CrossCodecRulesTest", "codexsLeadingDeveloperItemsAreTheSystemPromptOfEveryTargetAndLaterOnesStayInPlace");
    coveredBy("matrix.CapturesMatrixTest", "aCapturedRequestTranslatesToAnotherFormatAndBackKeepingItsShape");
    coveredBy("matrix.TranslationMatrixTest", "requestTranslatesToTheUpstreamsFixture"); // 02: two system blocks
  }

  /** P17: Anthropic always gets {@code max_tokens}, above the thinking budget. Per-model caps are the router's. */
  @Test
  void p17_anthropicAlwaysGetsMaxTokens() {
    coveredBy("anthropic.AnthropicRequestEncoderTest", "maxTokensDefaultsAndLeavesRoomAboveTheThinkingBudget");
  }

  /** P18: with thinking, sampling settings are dropped and a forced tool choice relaxed. */
  @Test
  void p18_thinkingDropsSamplingAndForcedToolChoice() {
    coveredBy("anthropic.AnthropicRequestEncoderTest", "withThinkingSamplingIsDroppedAndAForcedToolChoiceRelaxed");
  }

  // ---------------------------------------------------------------- stop reasons

  /** P19: Gemini's {@code STOP} after function calls is tool use for every client. */
  @Test
  void p19_geminiStopWithCallsIsToolUse() {
    coveredBy("gemini.GeminiResponseTest", "stopAfterAFunctionCallIsToolUse");
    coveredBy("matrix.TranslationMatrixTest", "responseTranslatesToTheClientsFixture"); // 03, 05 from Gemini
  }

  static Stream<Arguments> stops() {
    List<Arguments> out = new ArrayList<>();
    for (Format upstream : Format.values()) {
      for (Format client : Format.values()) {
        out.add(Arguments.of(upstream, client, StopReason.Kind.CONTENT_FILTER));
        out.add(Arguments.of(upstream, client, StopReason.Kind.MAX_TOKENS));
      }
    }
    return out.stream();
  }

  /**
   * P29: a content filter or a length stop of any upstream, in its own spelling, reaches every client as
   * that same stop in the client's spelling, never as an ordinary end of turn.
   */
  @ParameterizedTest(name = "{0} upstream -> {1} client: {2}")
  @MethodSource("stops")
  void p29_filteredAndTruncatedAnswersKeepTheirStopReason(Format upstream, Format client, StopReason.Kind kind) {
    ChatResponse answer = upstream.codec().decodeResponse(stoppedAnswer(upstream, kind));
    assertThat(answer.stopReason().kind()).as("read from the upstream").isEqualTo(kind);

    ChatRequest request = client.codec().decodeRequest(Fixtures.bytes(client.file("01-simple-text.request.json")));
    ChatResponse seen = client.codec().decodeResponse(client.codec().encodeResponse(answer, request));
    assertThat(seen.stopReason().kind()).isEqualTo(kind);
  }

  /** A text answer of {@code format} stopped for {@code kind}, in the format's own words. */
  private static byte[] stoppedAnswer(Format format, StopReason.Kind kind) {
    boolean filter = kind == StopReason.Kind.CONTENT_FILTER;
    ObjectNode body = (ObjectNode) Fixtures.json(format.file("01-simple-text.response.json")).deepCopy();
    switch (format) {
      case ANTHROPIC:
        body.put("stop_reason", filter ? "refusal" : "max_tokens");
        break;
      case CHAT:
        ((ObjectNode) body.path("choices").get(0)).put("finish_reason", filter ? "content_filter" : "length");
        break;
      case RESPONSES:
        body.put("status", "incomplete");
        body.putObject("incomplete_details").put("reason", filter ? "content_filter" : "max_output_tokens");
        break;
      default:
        ((ObjectNode) body.path("candidates").get(0)).put("finishReason", filter ? "SAFETY" : "MAX_TOKENS");
    }
    return JsonSupport.writeBytes(body);
  }

  // ---------------------------------------------------------------- streams

  /** P20: CRLF framing splits into events; Gemini streams are always asked for with {@code alt=sse}. */
  @Test
  void p20_crlfFramingAndAltSse() {
    coveredBy("sse.SseParserTest", "geminiCrlfFixtureSplitsIntoOneEventPerChunk", "dev.llmrouter.adapters.");
    coveredBy("http.HttpProviderAdapterTest", "geminiStreamsAtTheModelsPathWithAltSseAndTheKeyInAHeader", "dev.llmrouter.adapters.");
  }

  /** P21 and P32: Responses streams have every lifecycle event, sequence numbers, and a full terminal response. */
  @Test
  void p21_p32_responsesStreamsHaveTheFullGrammarAndTerminalResponse() {
    coveredBy("responses.OpenAiResponsesStreamTest", "theGrammarValidatorRejectsBrokenStreams");
    coveredBy("responses.OpenAiResponsesStreamTest", "responseDoneAndResponseIncompleteEndTheStreamWithTheirStopReason");
    coveredBy("responses.OpenAiResponsesStreamTest", "maxTokensEndsWithResponseIncompleteAndUsageIsAlwaysThere");
    coveredBy("matrix.TranslationMatrixTest", "streamTranslatesEventByEventAndReassemblesToTheWholeTranslation");
  }

  /** P22: Codex custom and namespace tools work through every upstream; hosted tools are dropped, not a 500. */
  @Test
  void p22_codexToolKindsWorkThroughEveryUpstream() {
    coveredBy("matrix.CrossCodecRulesTest", "codexCustomAndNamespaceToolsAreFunctionsUpstreamAndHostedToolsAreDropped");
    coveredBy("matrix.CrossCodecRulesTest", "callsToCustomAndNamespaceToolsComeBackToCodexInTheirOwnItems");
    coveredBy("matrix.CrossCodecRulesTest", "aStreamedCallToACustomToolComesBackToCodexAsCustomToolInputEvents");
  }

  /** P23: {@code function_call_output.output} is a string unless it holds images. */
  @Test
  void p23_functionCallOutputIsAStringUnlessItHoldsImages() {
    coveredBy("responses.OpenAiResponsesRequestTest", "toolOutputsWithImagesStayPartArraysAndTextOutputsStayStrings");
  }

  /** P24: a Chat chunk with content, finish reason and usage is split before translating. */
  @Test
  void p24_aCombinedChatChunkIsSplit() {
    coveredBy("openai.OpenAiChatStreamTest", "aChunkWithContentFinishReasonAndUsageIsSplitInOrder");
  }

  /** P27: an upstream stream cut mid-answer ends every client's stream with its in-band error, never cleanly. */
  @ParameterizedTest(name = "{0} upstream -> {1} client")
  @MethodSource("pairs")
  void p27_aCutUpstreamStreamEndsWithTheClientsInBandError(Format upstream, Format client) {
    List<SseEvent> full = Fixtures.sse(upstream.file("02-system-multiturn.response.sse"));
    StreamDecoder decoder = upstream.codec().newStreamDecoder();
    ChatRequest request = client.streamingRequest("02-system-multiturn.request.json");
    StreamEncoder encoder = client.codec().newStreamEncoder(request);
    List<SseEvent> written = new ArrayList<>();
    boolean[] text = {false};
    for (SseEvent event : full) {
      decoder.decode(event, c -> {
        text[0] |= c instanceof StreamEvent.TextDelta;
        encoder.encode(c, written::add);
      });
      if (text[0]) {
        break; // the connection drops right after the first text
      }
    }
    decoder.finish(c -> encoder.encode(c, written::add));

    client.validateStream(written, request);
    List<StreamEvent> seen = new ArrayList<>();
    StreamDecoder clientDecoder = client.codec().newStreamDecoder();
    written.forEach(e -> clientDecoder.decode(e, seen::add));
    clientDecoder.finish(seen::add);
    assertThat(seen.get(seen.size() - 1)).isInstanceOf(StreamEvent.StreamError.class);
    assertThat(seen).noneMatch(e -> e instanceof StreamEvent.MessageStop);
  }

  /** P31: Gemini's own call ids are kept; parallel calls, one per chunk, all arrive with distinct ids. */
  @Test
  void p31_geminiIdsAreKeptAndParallelCallsAccumulate() {
    coveredBy("gemini.GeminiRequestDecoderTest", "idsGeminiGaveAreKeptExactly");
    coveredBy("gemini.GeminiStreamTest", "parallelCallsOneChunkEachAreAllKeptWithDistinctIds");
  }

  /** P30: text produced alongside tool calls is kept, text first. */
  @Test
  void p30_textBesideToolCallsIsKept() {
    coveredBy("matrix.TranslationMatrixTest", "responseTranslatesToTheClientsFixture"); // 03: text, then the call
  }

  // ---------------------------------------------------------------- errors

  /** P25 and P28: errors in the client's envelope and status; Gemini's RetryInfo read and written. */
  @Test
  void p25_p28_errorsReachTheClientInItsOwnEnvelope() {
    coveredBy("matrix.TranslationMatrixTest", "rateLimitErrorMapsAcrossThePair");
    coveredBy("matrix.TranslationMatrixTest", "streamErrorBecomesTheClientsInBandError");
    coveredBy("gemini.GeminiErrorsTest", "retryInfoWithNanosecondsAndTheMessageFallback");
  }

  static Stream<Arguments> pairs() {
    List<Arguments> out = new ArrayList<>();
    for (Format upstream : Format.values()) {
      for (Format client : Format.values()) {
        out.add(Arguments.of(upstream, client));
      }
    }
    return out.stream();
  }

  private static final Map<Format, String> CONTEXT_WINDOW_ERRORS = Map.of(
      ANTHROPIC, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
          + "\"message\":\"prompt is too long: 212000 tokens > 200000 maximum\"}}",
      CHAT, "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. However, your messages "
          + "resulted in 130000 tokens.\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
          + "\"code\":\"context_length_exceeded\"}}",
      RESPONSES, "{\"error\":{\"message\":\"Your input exceeds the context window of this model.\","
          + "\"type\":\"invalid_request_error\",\"param\":\"input\",\"code\":\"context_length_exceeded\"}}",
      GEMINI, "{\"error\":{\"code\":400,\"message\":\"The input token count (1200000) exceeds the maximum number of "
          + "tokens allowed (1048576).\",\"status\":\"INVALID_ARGUMENT\"}}");

  /**
   * P26: an upstream's context-window error stays a 400 that every client recognises as its own
   * context-window error (CLIs compact on it), not a generic failure.
   */
  @ParameterizedTest(name = "{0} upstream -> {1} client")
  @MethodSource("pairs")
  void p26_aContextWindowErrorStaysTheClientsOwnContextWindowError(Format upstream, Format client) {
    Function<String, String> noHeaders = name -> null;
    LlmException error = upstream.codec().decodeError(400, noHeaders,
        CONTEXT_WINDOW_ERRORS.get(upstream).getBytes(StandardCharsets.UTF_8));
    assertThat(error.kind()).as("read from the upstream").isEqualTo(ErrorKind.CONTEXT_WINDOW_EXCEEDED);

    EncodedError encoded = client.codec().encodeError(error);
    assertThat(encoded.status()).isEqualTo(400);
    assertThat(client.codec().decodeError(encoded.status(), h -> encoded.headers().get(h), encoded.body()).kind())
        .isEqualTo(ErrorKind.CONTEXT_WINDOW_EXCEEDED);
  }

  // ---------------------------------------------------------------- images (PEERS.md, issue 3)

  /** Images by base64 and by URL travel in each format's own spelling (data URLs, inline data, file data). */
  @Test
  void imagesTravelInEachFormatsSpelling() {
    coveredBy("matrix.TranslationMatrixTest", "requestTranslatesToTheUpstreamsFixture"); // 06 and its URL variant
    coveredBy("anthropic.AnthropicRequestEncoderTest", "aDataUrlImageIsSentAsBase64");
    coveredBy("gemini.GeminiRequestEncoderTest", "imagesAndDocumentsBecomeInlineOrFileData");
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * Checks that the test that shows a pitfall's rule still exists, under its name, as a JUnit test
   * ({@code testClass} relative to {@code dev.llmrouter.adapters.codec.}).
   */
  private static void coveredBy(String testClass, String method) {
    coveredBy(testClass, method, "dev.llmrouter.adapters.codec.");
  }

  private static void coveredBy(String testClass, String method, String packagePrefix) {
    Class<?> type;
    try {
      type = Class.forName(packagePrefix + testClass);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("the test class " + testClass + " that covers this pitfall is gone", e);
    }
    List<Method> tests = Arrays.stream(type.getDeclaredMethods())
        .filter(m -> m.getName().equals(method))
        .filter(m -> m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class))
        .toList();
    assertThat(tests).as("%s#%s, the test that covers this pitfall", testClass, method).isNotEmpty();
  }

  private static List<SseEvent> encode(Format format, ChatRequest request, List<StreamEvent> events) {
    StreamEncoder encoder = format.codec().newStreamEncoder(request);
    List<SseEvent> out = new ArrayList<>();
    events.forEach(e -> encoder.encode(e, out::add));
    return out;
  }

  private static ChatRequest decodeClient(Format client, byte[] body) {
    return client == GEMINI
        ? ((GeminiCodec) client.codec()).decodeRequest(body, client.fixtureModel(), false)
        : client.codec().decodeRequest(body);
  }

  /**
   * The client's next request as the client writes it: its first request, its answer replayed as
   * history the way the client replays it, and one more user turn.
   */
  private static byte[] nextRequest(Format client, String caseFile, byte[] answer) {
    ObjectNode body = (ObjectNode) Fixtures.json(client.file(caseFile + ".request.json")).deepCopy();
    JsonNode reply = JsonSupport.MAPPER.readTree(answer);
    switch (client) {
      case ANTHROPIC: {
        ArrayNode messages = (ArrayNode) body.get("messages");
        messages.addObject().put("role", "assistant").set("content", reply.get("content"));
        messages.addObject().put("role", "user").putArray("content").addObject().put("type", "text").put("text", "Thanks.");
        break;
      }
      case RESPONSES: {
        ArrayNode input = (ArrayNode) body.get("input");
        for (JsonNode item : reply.get("output")) {
          input.add(item);
        }
        input.addObject().put("type", "message").put("role", "user").putArray("content")
            .addObject().put("type", "input_text").put("text", "Thanks.");
        break;
      }
      default: {
        ArrayNode contents = (ArrayNode) body.get("contents");
        contents.add(reply.path("candidates").get(0).path("content"));
        contents.addObject().put("role", "user").putArray("parts").addObject().put("text", "Thanks.");
      }
    }
    return JsonSupport.writeBytes(body);
  }

  private static JsonNode lastModelContent(JsonNode geminiBody) {
    JsonNode found = null;
    for (JsonNode content : geminiBody.path("contents")) {
      if ("model".equals(content.path("role").asString(""))) {
        found = content;
      }
    }
    return found;
  }

  /** The part of {@code parts} of the same kind and payload as {@code like}, signature aside. */
  private static JsonNode findPartLike(JsonNode parts, JsonNode like) {
    for (JsonNode part : parts) {
      if (like.has("functionCall") && part.has("functionCall")
          && part.get("functionCall").path("id").equals(like.get("functionCall").path("id"))) {
        return part;
      }
      if (like.has("text") && !like.path("thought").asBoolean(false) && part.path("text").equals(like.get("text"))
          && !part.path("thought").asBoolean(false)) {
        return part;
      }
    }
    throw new AssertionError("no part like " + like + " in " + parts);
  }
}
