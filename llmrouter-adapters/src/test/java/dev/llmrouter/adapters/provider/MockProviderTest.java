package dev.llmrouter.adapters.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.GenerationSettings;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ResponseFormat;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import dev.llmrouter.api.stream.ChatResponseAccumulator;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MockProviderTest {
  private static final Tool BASH = Tool.function("Bash", "Runs a command", "{\"type\":\"object\"}");
  private static final Tool READ = Tool.function("Read", "Reads a file", "{\"type\":\"object\"}");

  private LlmRouter router = router(WireFormat.OPENAI_CHAT);

  private static LlmRouter router(WireFormat mockFormat) {
    return LlmRouter.builder()
        .addProvider(ProviderConfig.builder("mock", "mock").wireFormat(mockFormat).build())
        .routePattern("*", "mock")
        .build();
  }

  @AfterEach
  void close() {
    router.close();
  }

  @Test
  void answersAnyModelSayingWhatItIsAndEchoingTheLastUserText() {
    ChatRequest request = ChatRequest.builder().model("any-model-at-all")
        .addMessage(Message.of(Role.USER, List.of(TextBlock.of("<reminder>ignore</reminder>"), TextBlock.of("hello there"))))
        .addMessage(Message.system("a system turn inside the conversation"))
        .build();
    ChatResponse reply = router.chat(request);
    assertThat(reply.text()).startsWith("This is the llmrouter mock provider").endsWith("You said: hello there");
    assertThat(reply.toolCalls()).isEmpty();
    assertThat(reply.model()).isEqualTo("any-model-at-all");
    assertThat(reply.provider()).isEqualTo("mock");
    assertThat(reply.usage().inputTokens()).isPositive();
    assertThat(reply.usage().outputTokens()).isPositive();
  }

  @Test
  void callsTheShellToolWithAHarmlessEchoWhenToolsAreOffered() {
    ChatResponse reply = router.chat(ChatRequest.builder().model("m")
        .addMessage(Message.user("list files")).addTool(READ).addTool(BASH).build());
    assertThat(reply.stopReason().kind()).isEqualTo(StopReason.Kind.TOOL_USE);
    assertThat(reply.toolCalls()).singleElement().satisfies(call -> {
      assertThat(call.name()).isEqualTo("Bash");
      assertThat(call.arguments()).isEqualTo("{\"command\":\"echo llmrouter-mock\"}");
    });
  }

  @Test
  void callsTheFirstToolWithEmptyArgumentsWhenThereIsNoShellAndNoneWhenToolsAreOff() {
    ChatRequest.Builder request = ChatRequest.builder().model("m").addMessage(Message.user("read it")).addTool(READ);
    assertThat(router.chat(request.build()).toolCalls()).singleElement()
        .satisfies(call -> assertThat(call.arguments()).isEqualTo("{}"));
    assertThat(router.chat(request.toolChoice(ToolChoice.none()).build()).toolCalls()).isEmpty();
  }

  @Test
  void answersAStructuredOutputRequestWithJsonThatFitsTheSchemaAndNoToolCall() {
    ChatRequest request = ChatRequest.builder().model("m").addMessage(Message.user("classify")).addTool(BASH)
        .settings(GenerationSettings.builder().responseFormat(ResponseFormat.jsonSchema("route",
            "{\"type\":\"OBJECT\",\"properties\":{\"complexity_score\":{\"type\":\"INTEGER\",\"minimum\":1}}}"))
            .build())
        .build();
    ChatResponse reply = router.chat(request);
    assertThat(reply.text()).isEqualTo("{\"complexity_score\":1}");
    assertThat(reply.toolCalls()).isEmpty();
  }

  @Test
  void answersAToolResultWithTextSoThatTheToolLoopEnds() {
    ChatResponse reply = router.chat(ChatRequest.builder().model("m").addTool(BASH)
        .addMessage(Message.user("run it"))
        .addMessage(Message.of(Role.ASSISTANT, List.of(ToolCallBlock.of("call_1", "Bash", "{}"))))
        .addMessage(Message.of(Role.USER, List.of(ToolResultBlock.text("call_1", "llmrouter-mock\n"))))
        .build());
    assertThat(reply.toolCalls()).isEmpty();
    assertThat(reply.stopReason().kind()).isEqualTo(StopReason.Kind.END_TURN);
    assertThat(reply.text()).endsWith("The tool Bash returned: llmrouter-mock");
  }

  @Test
  void streamsTheSameAnswerInSeveralTextDeltas() {
    ChatRequest request = ChatRequest.builder().model("m").addMessage(Message.user("stream please"))
        .addTool(BASH).stream(true).build();
    ChatResponseAccumulator accumulator = new ChatResponseAccumulator();
    int textDeltas = 0;
    try (ChatStream stream = router.stream(request)) {
      for (StreamEvent event : stream) {
        accumulator.accept(event);
        textDeltas += event instanceof StreamEvent.TextDelta ? 1 : 0;
      }
    }
    assertThat(accumulator.isComplete()).isTrue();
    ChatResponse streamed = accumulator.toResponse();
    ChatResponse whole = router.chat(request);
    assertThat(streamed.text()).isEqualTo(whole.text());
    assertThat(streamed.toolCalls()).singleElement().satisfies(call -> {
      assertThat(call.name()).isEqualTo("Bash");
      assertThat(call.arguments()).isEqualTo(whole.toolCalls().get(0).arguments());
    });
    assertThat(streamed.usage()).isEqualTo(whole.usage());
    assertThat(textDeltas).isGreaterThan(1);
  }

  /** OPENAI_CHAT: the router forwards to the mock (passthrough); GEMINI: it translates through the canonical model. */
  @ParameterizedTest
  @EnumSource(value = WireFormat.class, names = {"OPENAI_CHAT", "GEMINI"})
  void answersANativeChatClientWholeAndStreamedWhateverItsOwnFormat(WireFormat mockFormat) throws Exception {
    router.close();
    router = router(mockFormat);
    String body = "{\"model\":\"gpt-x\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]";
    try (NativeResponse whole = router.handle(native_(body + "}"))) {
      assertThat(whole.status()).isEqualTo(200);
      assertThat(new String(whole.body(), StandardCharsets.UTF_8))
          .contains("\"chat.completion\"", "llmrouter mock provider", "You said: ping", "\"prompt_tokens\"");
    }
    try (NativeResponse streamed = router.handle(native_(body + ",\"stream\":true}"))) {
      assertThat(streamed.isStream()).isTrue();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int chunks = 0;
      for (byte[] chunk : streamed.bodyStream()) {
        out.writeBytes(chunk);
        chunks++;
      }
      assertThat(chunks).isGreaterThan(2);
      String sse = out.toString(StandardCharsets.UTF_8);
      assertThat(sse).contains("chat.completion.chunk", "\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
      StringBuilder text = new StringBuilder();
      Matcher content = Pattern.compile("\"content\":\"([^\"]*)\"").matcher(sse);
      while (content.find()) {
        text.append(content.group(1));
      }
      assertThat(text.toString()).startsWith("This is the llmrouter mock provider").endsWith("You said: ping");
    }
  }

  private static NativeRequest native_(String body) {
    return NativeRequest.builder(WireFormat.OPENAI_CHAT, body.getBytes(StandardCharsets.UTF_8)).build();
  }
}
