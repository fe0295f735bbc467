package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.StreamSupport.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolResultBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.stream.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class OpenAiResponsesStreamTest {
  private static final ChatRequest REQUEST = ChatRequest.builder().model("gpt-5.4-mini").addMessage(Message.user("hi")).build();

  /** An SSE event from JSON written with single quotes. */
  private static SseEvent ev(String json) {
    String data = json.replace('\'', '"');
    return new SseEvent(JsonSupport.MAPPER.readTree(data).get("type").stringValue(), data);
  }

  private static final SseEvent CREATED = ev("{'type':'response.created','response':{'id':'resp_1','model':'gpt-5','status':'in_progress','output':[]}}");

  private static List<StreamEvent> decode(SseEvent... events) {
    return StreamSupport.decode(List.of(events));
  }

  private static StreamEvent last(List<StreamEvent> events) {
    return events.get(events.size() - 1);
  }

  private static List<JsonNode> data(List<SseEvent> events) {
    return StreamSupport.data(events);
  }

  // ---------------------------------------------------------------- decoding upstream streams

  @Test
  void eventsWithoutEventLinesAndATrailingDoneDecodeTheSame() {
    List<SseEvent> events = new ArrayList<>();
    for (SseEvent event : Fixtures.sse("openai-responses/03-tool-call.response.sse")) {
      events.add(SseEvent.data(event.data()));
    }
    events.add(SseEvent.data("[DONE]"));
    ChatResponse expected = CODEC.decodeResponse(Fixtures.bytes("openai-responses/03-tool-call.response.json"));
    List<StreamEvent> decoded = StreamSupport.decode(events);
    assertThat(last(decoded)).isInstanceOf(StreamEvent.MessageStop.class);
    assertThat(StreamSupport.accumulate(decoded)).isEqualTo(expected);
  }

  @Test
  void argumentsGivenOnlyInTheirDoneEventAreNotLost() {
    List<StreamEvent> events = decode(
        CREATED,
        ev("{'type':'response.output_item.added','output_index':0,'item':{'id':'fc_1','type':'function_call','status':'in_progress','arguments':'','call_id':'call_1','name':'bash'}}"),
        ev("{'type':'response.function_call_arguments.done','output_index':0,'item_id':'fc_1','arguments':'{}'}".replace("'{}'", "'{\\'cmd\\':\\'ls\\'}'")),
        ev("{'type':'response.output_item.done','output_index':0,'item':{'id':'fc_1','type':'function_call','status':'completed','arguments':'{\\'cmd\\':\\'ls\\'}','call_id':'call_1','name':'bash'}}"),
        ev("{'type':'response.completed','response':{'id':'resp_1','status':'completed','output':[]}}"));
    ChatResponse response = StreamSupport.accumulate(events);
    assertThat(response.toolCalls()).containsExactly(
        new ToolCallBlock("call_1", "bash", "{\"cmd\":\"ls\"}", null, ProviderFields.of(WireFormat.OPENAI_RESPONSES, Map.of("id", "\"fc_1\""))));
    assertThat(response.stopReason().kind()).isEqualTo(StopReason.Kind.TOOL_USE);
  }

  @Test
  void itemsGivenOnlyInOutputItemDoneOrInTheTerminalResponseAreNotLost() {
    String message = "{'id':'msg_1','type':'message','status':'completed','role':'assistant','content':[{'type':'output_text','text':'Hello','annotations':[]}]}";
    String call = "{'id':'fc_1','type':'function_call','status':'completed','arguments':'{}','call_id':'call_1','name':'f'}";
    String reasoning = "{'id':'rs_1','type':'reasoning','summary':[{'type':'summary_text','text':'Hm.'}],'encrypted_content':'gAAAx'}";
    String usage = "{'input_tokens':10,'input_tokens_details':{'cached_tokens':4},'output_tokens':5,'output_tokens_details':{'reasoning_tokens':2},'total_tokens':15}";
    String whole = "{'id':'resp_1','model':'gpt-5','status':'completed','output':[" + reasoning + "," + message + "," + call + "],'usage':" + usage + "}";
    ChatResponse expected = CODEC.decodeResponse(whole.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8));

    ChatResponse onlyDone = StreamSupport.accumulate(decode(
        CREATED,
        ev("{'type':'response.output_item.done','output_index':0,'item':" + reasoning + "}"),
        ev("{'type':'response.output_item.done','output_index':1,'item':" + message + "}"),
        ev("{'type':'response.output_item.done','output_index':2,'item':" + call + "}"),
        ev("{'type':'response.completed','response':" + whole + "}")));
    ChatResponse onlyTerminal = StreamSupport.accumulate(decode(CREATED, ev("{'type':'response.completed','response':" + whole + "}")));

    assertThat(onlyDone).isEqualTo(expected);
    assertThat(onlyTerminal).isEqualTo(expected);
    assertThat(expected.usage()).isEqualTo(Usage.builder().inputTokens(6).cacheReadTokens(4).outputTokens(5).reasoningTokens(2).build());
    assertThat(expected.text()).isEqualTo("Hello");
  }

  @Test
  void responseDoneAndResponseIncompleteEndTheStreamWithTheirStopReason() {
    List<StreamEvent> done = decode(CREATED, ev("{'type':'response.done','response':{'status':'incomplete','incomplete_details':{'reason':'max_output_tokens'},'output':[]}}"));
    assertThat(done).contains(new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.MAX_TOKENS, "max_output_tokens"), null));
    assertThat(last(done)).isInstanceOf(StreamEvent.MessageStop.class);

    List<StreamEvent> filtered = decode(CREATED, ev("{'type':'response.incomplete','response':{'status':'incomplete','incomplete_details':{'reason':'content_filter'},'output':[]}}"));
    assertThat(filtered).contains(new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.CONTENT_FILTER, "content_filter"), null));
  }

  @Test
  void errorEventsAndFailedResponsesBecomeTypedStreamErrors() {
    List<StreamEvent> rateLimited = decode(
        CREATED,
        ev("{'type':'error','code':'rate_limit_exceeded','message':'Rate limit reached. Please try again in 1.5s.','param':null}"),
        ev("{'type':'response.failed','response':{'status':'failed','error':{'code':'server_error','message':'x'}}}"));
    assertThat(rateLimited).hasSize(2);
    LlmException error = ((StreamEvent.StreamError) last(rateLimited)).error();
    assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(error.retryAfter()).isEqualTo(Duration.ofMillis(1500));

    List<StreamEvent> tooLong = decode(
        CREATED,
        ev("{'type':'response.failed','response':{'status':'failed','error':{'code':'context_length_exceeded','message':'Your input exceeds the context window of this model.'}}}"));
    assertThat(((StreamEvent.StreamError) last(tooLong)).error().kind()).isEqualTo(ErrorKind.CONTEXT_WINDOW_EXCEEDED);
  }

  @Test
  void aStreamCutBeforeResponseCompletedEndsWithAConnectionError() {
    List<StreamEvent> events = decode(
        CREATED,
        ev("{'type':'response.output_item.added','output_index':0,'item':{'id':'msg_1','type':'message','status':'in_progress','role':'assistant','content':[]}}"),
        ev("{'type':'response.output_text.delta','output_index':0,'item_id':'msg_1','content_index':0,'delta':'Hel'}"));
    assertThat(events).contains(new StreamEvent.TextDelta(0, "Hel"));
    LlmException error = ((StreamEvent.StreamError) last(events)).error();
    assertThat(error.kind()).isEqualTo(ErrorKind.CONNECTION);
    assertThat(error.getMessage()).contains("before response.completed");
  }

  @Test
  void summaryPartsJoinWithABlankLineAndEncryptedContentComesJustBeforeTheStop() {
    String done = "{'id':'rs_1','type':'reasoning','summary':[{'type':'summary_text','text':'A'},{'type':'summary_text','text':'B'}],'encrypted_content':'gAAAenc'}";
    List<StreamEvent> events = decode(
        CREATED,
        ev("{'type':'response.output_item.added','output_index':0,'item':{'id':'rs_1','type':'reasoning','summary':[]}}"),
        ev("{'type':'response.reasoning_summary_part.added','output_index':0,'item_id':'rs_1','summary_index':0,'part':{'type':'summary_text','text':''}}"),
        ev("{'type':'response.reasoning_summary_text.delta','output_index':0,'item_id':'rs_1','summary_index':0,'delta':'A'}"),
        ev("{'type':'response.reasoning_summary_part.done','output_index':0,'item_id':'rs_1','summary_index':0,'part':{'type':'summary_text','text':'A'}}"),
        ev("{'type':'response.reasoning_summary_part.added','output_index':0,'item_id':'rs_1','summary_index':1,'part':{'type':'summary_text','text':''}}"),
        ev("{'type':'response.reasoning_summary_text.done','output_index':0,'item_id':'rs_1','summary_index':1,'text':'B'}"),
        ev("{'type':'response.output_item.done','output_index':0,'item':" + done + "}"),
        ev("{'type':'response.completed','response':{'status':'completed','output':[" + done + "]}}"));
    assertThat(events.subList(1, 7)).containsExactly(
        new StreamEvent.BlockStart(0, new ReasoningBlock("", null, false, "rs_1", WireFormat.OPENAI_RESPONSES, ProviderFields.EMPTY)),
        new StreamEvent.ReasoningDelta(0, "A"),
        new StreamEvent.ReasoningDelta(0, "\n\n"),
        new StreamEvent.ReasoningDelta(0, "B"),
        new StreamEvent.SignatureDelta(0, "gAAAenc"),
        new StreamEvent.BlockStop(0));
    ReasoningBlock streamed = (ReasoningBlock) StreamSupport.accumulate(events).content().get(0);
    assertThat(streamed.text()).isEqualTo("A\n\nB");
    assertThat(streamed.signature()).isEqualTo("gAAAenc");
  }

  @Test
  void rawReasoningTextAndUnexpectedPartsAreReadWithoutBreakingTheStream() {
    List<StreamEvent> events = decode(
        CREATED,
        ev("{'type':'response.output_item.added','output_index':0,'item':{'id':'rs_1','type':'reasoning','summary':[]}}"),
        ev("{'type':'response.content_part.added','output_index':0,'item_id':'rs_1','content_index':0,'part':{'type':'reasoning_text','text':''}}"),
        ev("{'type':'response.reasoning_text.delta','output_index':0,'item_id':'rs_1','content_index':0,'delta':'raw thought'}"),
        ev("{'type':'response.output_item.done','output_index':0,'item':{'id':'rs_1','type':'reasoning','summary':[],'content':[{'type':'reasoning_text','text':'raw thought'}]}}"),
        ev("{'type':'response.output_item.added','output_index':1,'item':{'id':'msg_1','type':'message','status':'in_progress','role':'assistant','content':[]}}"),
        ev("{'type':'response.content_part.added','output_index':1,'item_id':'msg_1','content_index':0,'part':{'type':'output_audio','transcript':''}}"),
        ev("{'type':'response.output_text.delta','output_index':1,'item_id':'msg_1','content_index':0,'delta':'Hi'}"),
        ev("{'type':'response.completed','response':{'status':'completed','output':[]}}"));
    ChatResponse response = StreamSupport.accumulate(events);
    assertThat(((ReasoningBlock) response.content().get(0)).text()).isEqualTo("raw thought");
    assertThat(response.text()).isEqualTo("Hi");
    assertThat(last(events)).isInstanceOf(StreamEvent.MessageStop.class);
  }

  @Test
  void customToolInputStreamsAsTheSameArgumentsAsTheWholeAnswer() {
    String done = "{'id':'ctc_1','type':'custom_tool_call','status':'completed','call_id':'call_p','name':'apply_patch','input':'*** Begin Patch\\n\\'quoted\\'\\n*** End Patch'}";
    List<StreamEvent> events = decode(
        CREATED,
        ev("{'type':'response.output_item.added','output_index':0,'item':{'id':'ctc_1','type':'custom_tool_call','status':'in_progress','call_id':'call_p','name':'apply_patch','input':''}}"),
        ev("{'type':'response.custom_tool_call_input.delta','output_index':0,'item_id':'ctc_1','delta':'*** Begin Patch\\n\\'quo'}"),
        ev("{'type':'response.custom_tool_call_input.delta','output_index':0,'item_id':'ctc_1','delta':'ted\\'\\n*** End Patch'}"),
        ev("{'type':'response.output_item.done','output_index':0,'item':" + done + "}"),
        ev("{'type':'response.completed','response':{'status':'completed','output':[" + done + "]}}"));
    ChatResponse whole = CODEC.decodeResponse(("{'status':'completed','output':[" + done + "]}").replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ChatResponse streamed = StreamSupport.accumulate(events);
    assertThat(streamed.content()).isEqualTo(whole.content());
    assertThat(JsonSupport.MAPPER.readTree(streamed.toolCalls().get(0).arguments()).get("input").stringValue())
        .isEqualTo("*** Begin Patch\n\"quoted\"\n*** End Patch");

    // and back to a Responses client as a custom tool call
    List<SseEvent> encoded = StreamSupport.encode(events, REQUEST);
    OpenAiResponsesStreamGrammar.validate(encoded);
    JsonNode item = data(encoded).get(encoded.size() - 2).get("item");
    assertThat(item.get("type").stringValue()).isEqualTo("custom_tool_call");
    assertThat(item.get("input").stringValue()).isEqualTo("*** Begin Patch\n\"quoted\"\n*** End Patch");
  }

  @Test
  void itemsWithoutACanonicalBlockTravelWhole() {
    String search = "{'id':'ws_1','type':'web_search_call','status':'completed','action':{'type':'search','query':'weather'}}";
    List<StreamEvent> events = decode(
        CREATED,
        ev("{'type':'response.output_item.added','output_index':0,'item':{'id':'ws_1','type':'web_search_call','status':'in_progress'}}"),
        ev("{'type':'response.web_search_call.completed','output_index':0,'item_id':'ws_1'}"),
        ev("{'type':'response.output_item.done','output_index':0,'item':" + search + "}"),
        ev("{'type':'response.completed','response':{'status':'completed','output':[" + search + "]}}"));
    ReasoningBlock carried = (ReasoningBlock) StreamSupport.accumulate(events).content().get(0);
    assertThat(carried.origin()).isEqualTo(WireFormat.OPENAI_RESPONSES);

    List<SseEvent> encoded = StreamSupport.encode(events, REQUEST);
    OpenAiResponsesStreamGrammar.validate(encoded);
    JsonNode output = data(encoded).get(encoded.size() - 1).get("response").get("output");
    assertThat(output).containsExactly(JsonSupport.MAPPER.readTree(search.replace('\'', '"')));
  }

  // ---------------------------------------------------------------- encoding for a Responses client

  @Test
  void foreignReasoningTravelsInAnEnvelopeAndComesBackOnTheNextRequest() {
    ReasoningBlock thinking = new ReasoningBlock("Let me check.", "EqQBsig==", false, null, WireFormat.ANTHROPIC_MESSAGES, ProviderFields.EMPTY);
    List<StreamEvent> canonical = List.of(
        new StreamEvent.MessageStart("msg_01abc", "claude-sonnet-4-6", Usage.ZERO),
        new StreamEvent.BlockStart(0, new ReasoningBlock("", null, false, null, WireFormat.ANTHROPIC_MESSAGES, ProviderFields.EMPTY)),
        new StreamEvent.ReasoningDelta(0, "Let me "),
        new StreamEvent.ReasoningDelta(0, "check."),
        new StreamEvent.SignatureDelta(0, "EqQBsig=="),
        new StreamEvent.BlockStop(0),
        new StreamEvent.BlockStart(1, TextBlock.of("")),
        new StreamEvent.TextDelta(1, "Checking."),
        new StreamEvent.BlockStop(1),
        new StreamEvent.BlockStart(2, ToolCallBlock.of("toolu_01", "get_weather", "")),
        new StreamEvent.ToolArgumentsDelta(2, "{\"location\":"),
        new StreamEvent.ToolArgumentsDelta(2, "\"Paris\"}"),
        new StreamEvent.BlockStop(2),
        new StreamEvent.UsageUpdate(Usage.builder().inputTokens(30).outputTokens(40).build()),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE, "tool_use"), null),
        new StreamEvent.MessageStop());
    List<SseEvent> encoded = StreamSupport.encode(canonical, REQUEST);
    OpenAiResponsesStreamGrammar.validate(encoded);

    JsonNode completed = data(encoded).get(encoded.size() - 1).get("response");
    assertThat(completed.get("status").stringValue()).isEqualTo("completed");
    assertThat(completed.get("id").stringValue()).startsWith("resp_");
    ArrayNode output = (ArrayNode) completed.get("output");
    assertThat(output).extracting(i -> i.get("type").stringValue()).containsExactly("reasoning", "message", "function_call");
    JsonNode reasoning = output.get(0);
    assertThat(reasoning.get("id").stringValue()).startsWith("rs_");
    assertThat(reasoning.get("summary").get(0).get("text").stringValue()).isEqualTo("Let me check.");
    assertThat(ReasoningEnvelope.unwrap(reasoning.get("encrypted_content").stringValue())).isEqualTo(thinking);
    assertThat(output.get(2).get("arguments").stringValue()).isEqualTo("{\"location\":\"Paris\"}");
    assertThat(output.get(2).get("call_id").stringValue()).isEqualTo("toolu_01");

    // Codex replays the done items with the tool's output: the Anthropic block comes back unchanged
    ArrayNode input = JsonSupport.NODES.arrayNode();
    input.addObject().put("role", "user").put("content", "weather?");
    output.forEach(input::add);
    input.addObject().put("type", "function_call_output").put("call_id", "toolu_01").put("output", "18C");
    ObjectNode next = JsonSupport.NODES.objectNode().put("model", "m");
    next.set("input", input);
    ChatRequest request = CODEC.decodeRequest(JsonSupport.writeBytes(next));
    List<ContentBlock> assistant = request.messages().get(1).content();
    assertThat(assistant.get(0)).isEqualTo(thinking);
    assertThat(((ToolCallBlock) assistant.get(2)).id()).isEqualTo("toolu_01");
    assertThat(((ToolResultBlock) request.messages().get(2).content().get(0)).toolCallId()).isEqualTo("toolu_01");

    // the whole (non-streaming) answer names and wraps the items the same way
    JsonNode whole = StreamSupport.json(CODEC.encodeResponse(StreamSupport.accumulate(canonical), REQUEST));
    assertThat(whole.get("output").get(0).get("encrypted_content")).isEqualTo(reasoning.get("encrypted_content"));
    assertThat(whole.get("output").get(2).get("id")).isEqualTo(output.get(2).get("id"));
  }

  @Test
  void interleavedToolCallsAreWrittenOneItemAtATime() {
    List<StreamEvent> canonical = List.of(
        new StreamEvent.MessageStart("chatcmpl-1", "gpt-4o", Usage.ZERO),
        new StreamEvent.BlockStart(0, ToolCallBlock.of("call_a", "f", "")),
        new StreamEvent.BlockStart(1, ToolCallBlock.of("call_b", "g", "")),
        new StreamEvent.ToolArgumentsDelta(1, "{\"b\""),
        new StreamEvent.ToolArgumentsDelta(0, "{\"a\""),
        new StreamEvent.ToolArgumentsDelta(0, ":1}"),
        new StreamEvent.ToolArgumentsDelta(1, ":2}"),
        new StreamEvent.BlockStop(1),
        new StreamEvent.BlockStop(0),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE, "tool_calls"), null),
        new StreamEvent.MessageStop());
    List<SseEvent> encoded = StreamSupport.encode(canonical, REQUEST);
    OpenAiResponsesStreamGrammar.validate(encoded);

    List<ToolCallBlock> calls = StreamSupport.accumulate(StreamSupport.decode(encoded)).toolCalls();
    assertThat(calls).extracting(ToolCallBlock::id).containsExactly("call_a", "call_b");
    assertThat(calls).extracting(ToolCallBlock::arguments).containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test
  void aCallWithoutArgumentFragmentsGetsAnEmptyObject() {
    List<StreamEvent> canonical = List.of(
        new StreamEvent.MessageStart(null, null, Usage.ZERO),
        new StreamEvent.BlockStart(0, ToolCallBlock.of("toolu_9", "get_goal", "")),
        new StreamEvent.BlockStop(0),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.TOOL_USE), null),
        new StreamEvent.MessageStop());
    List<SseEvent> encoded = StreamSupport.encode(canonical, REQUEST);
    OpenAiResponsesStreamGrammar.validate(encoded);
    assertThat(data(encoded).get(encoded.size() - 2).get("item").get("arguments").stringValue()).isEqualTo("{}");
    JsonNode whole = StreamSupport.json(CODEC.encodeResponse(StreamSupport.accumulate(canonical), REQUEST));
    assertThat(whole.get("output").get(0).get("arguments").stringValue()).isEqualTo("{}");
  }

  @Test
  void consecutiveTextBlocksShareOneMessageItemAndRefusalsUseTheirOwnEvents() {
    TextBlock refusal = new TextBlock("", null, ProviderFields.of(WireFormat.OPENAI_RESPONSES, Map.of("type", "\"refusal\"")));
    List<StreamEvent> canonical = List.of(
        new StreamEvent.MessageStart(null, null, Usage.ZERO),
        new StreamEvent.BlockStart(0, TextBlock.of("")),
        new StreamEvent.TextDelta(0, "First."),
        new StreamEvent.BlockStop(0),
        new StreamEvent.BlockStart(1, refusal),
        new StreamEvent.TextDelta(1, "I can't help with that."),
        new StreamEvent.BlockStop(1),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.END_TURN), null),
        new StreamEvent.MessageStop());
    List<SseEvent> encoded = StreamSupport.encode(canonical, REQUEST);
    OpenAiResponsesStreamGrammar.validate(encoded);
    assertThat(encoded).extracting(SseEvent::event).containsSubsequence(
        "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.content_part.done",
        "response.content_part.added", "response.refusal.delta", "response.refusal.done", "response.output_item.done");
    JsonNode item = data(encoded).get(encoded.size() - 1).get("response").get("output").get(0);
    assertThat(item.get("content")).hasSize(2);
    assertThat(item.get("content").get(1)).isEqualTo(JsonSupport.MAPPER.readTree("{\"type\":\"refusal\",\"refusal\":\"I can't help with that.\"}"));
    List<ContentBlock> back = StreamSupport.accumulate(StreamSupport.decode(encoded)).content();
    assertThat(back).extracting(b -> ((TextBlock) b).text()).containsExactly("First.", "I can't help with that.");
    assertThat(back.get(1).extras().get("type")).isEqualTo("\"refusal\"");
    assertThat(back.get(0).extras().get(Items.ITEM)).isEqualTo(back.get(1).extras().get(Items.ITEM)); // one item
  }

  @Test
  void maxTokensEndsWithResponseIncompleteAndUsageIsAlwaysThere() {
    List<SseEvent> encoded = StreamSupport.encode(List.of(
        new StreamEvent.MessageStart(null, null, Usage.ZERO),
        new StreamEvent.BlockStart(0, TextBlock.of("")),
        new StreamEvent.TextDelta(0, "Once upon"),
        new StreamEvent.BlockStop(0),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.MAX_TOKENS, "length"), null),
        new StreamEvent.MessageStop()), REQUEST);
    OpenAiResponsesStreamGrammar.validate(encoded);
    JsonNode terminal = data(encoded).get(encoded.size() - 1);
    assertThat(terminal.get("type").stringValue()).isEqualTo("response.incomplete");
    assertThat(terminal.get("response").get("incomplete_details").get("reason").stringValue()).isEqualTo("max_output_tokens");
    assertThat(terminal.get("response").get("usage").get("total_tokens").asInt()).isZero();
    assertThat(StreamSupport.accumulate(StreamSupport.decode(encoded)).stopReason().kind()).isEqualTo(StopReason.Kind.MAX_TOKENS);
  }

  @Test
  void usageFollowsTheResponsesAccountingBothWays() {
    Usage usage = Usage.builder().inputTokens(18).cacheReadTokens(2006).cacheWriteTokens(10).outputTokens(100).reasoningTokens(20).build();
    List<SseEvent> encoded = StreamSupport.encode(List.of(
        new StreamEvent.MessageStart(null, null, Usage.ZERO),
        new StreamEvent.UsageUpdate(usage),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.END_TURN), null),
        new StreamEvent.MessageStop()), REQUEST);
    OpenAiResponsesStreamGrammar.validate(encoded);
    assertThat(data(encoded).get(encoded.size() - 1).get("response").get("usage")).isEqualTo(JsonSupport.MAPPER.readTree("""
        {"input_tokens":2034,"input_tokens_details":{"cached_tokens":2006,"cache_write_tokens":10},
         "output_tokens":100,"output_tokens_details":{"reasoning_tokens":20},"total_tokens":2134}"""));
    assertThat(StreamSupport.accumulate(StreamSupport.decode(encoded)).usage()).isEqualTo(usage);
  }

  @Test
  void aStreamErrorEndsWithResponseFailedThatCodexCanRetry() {
    LlmException limited = LlmException.builder(ErrorKind.RATE_LIMITED, "Too many requests.").retryAfter(Duration.ofSeconds(7)).build();
    List<SseEvent> encoded = StreamSupport.encode(List.of(
        new StreamEvent.MessageStart(null, null, Usage.ZERO),
        new StreamEvent.BlockStart(0, TextBlock.of("")),
        new StreamEvent.TextDelta(0, "Hel"),
        new StreamEvent.StreamError(limited),
        new StreamEvent.TextDelta(0, "lo"),
        new StreamEvent.MessageStop()), REQUEST);
    OpenAiResponsesStreamGrammar.validate(encoded);
    JsonNode failed = data(encoded).get(encoded.size() - 1);
    assertThat(failed.get("type").stringValue()).isEqualTo("response.failed");
    assertThat(failed.get("response").get("error")).isEqualTo(JsonSupport.MAPPER.readTree(
        "{\"code\":\"rate_limit_exceeded\",\"message\":\"Too many requests. Please try again in 7s.\"}"));
    assertThat(failed.get("response").get("output").get(0).get("status").stringValue()).isEqualTo("incomplete");

    LlmException back = ((StreamEvent.StreamError) last(StreamSupport.decode(encoded))).error();
    assertThat(back.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(back.retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void anErrorBeforeAnyOutputStillOpensTheResponse() {
    List<SseEvent> encoded = StreamSupport.encode(List.of(new StreamEvent.StreamError(
        LlmException.builder(ErrorKind.CONTEXT_WINDOW_EXCEEDED, "prompt is too long").build())), REQUEST);
    OpenAiResponsesStreamGrammar.validate(encoded);
    assertThat(encoded).extracting(SseEvent::event).containsExactly("response.created", "response.in_progress", "response.failed");
    assertThat(data(encoded).get(2).get("response").get("error").get("code").stringValue()).isEqualTo("context_length_exceeded");
  }

  @Test
  void theGrammarValidatorRejectsBrokenStreams() {
    List<SseEvent> good = Fixtures.sse("openai-responses/03-tool-call.response.sse");
    List<SseEvent> noCompleted = good.subList(0, good.size() - 1);
    List<SseEvent> gap = new ArrayList<>(good);
    gap.remove(5);
    List<SseEvent> misnamed = new ArrayList<>(good);
    misnamed.set(0, new SseEvent("response.in_progress", good.get(0).data()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenAiResponsesStreamGrammar.validate(noCompleted))
        .hasMessageContaining("last event");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenAiResponsesStreamGrammar.validate(gap))
        .hasMessageContaining("sequence_number");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenAiResponsesStreamGrammar.validate(misnamed))
        .hasMessageContaining("differs from the type");
  }
}
