package dev.llmrouter.spring.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUnion;
import com.anthropic.models.messages.ToolUseBlock;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI, Anthropic and Google GenAI Java SDKs against the running proxy, with fake
 * upstreams answering the golden fixtures ("Hello there, friend!"), through passthrough and through
 * translation. The upstream must see the proxy's provider key, never the client's.
 */
class ProxySdkTest extends ProxyTestBase {
  private static final String HELLO = "Hello there, friend!";

  private OpenAIClient openAi() {
    return OpenAIOkHttpClient.builder().baseUrl(base() + "/v1").apiKey(PROXY_KEY).maxRetries(0).build();
  }

  private AnthropicClient anthropic() {
    return AnthropicOkHttpClient.builder().baseUrl(base()).apiKey(PROXY_KEY).maxRetries(0).build();
  }

  private Client genai(String apiVersion) {
    return Client.builder().apiKey(PROXY_KEY)
        .httpOptions(HttpOptions.builder().baseUrl(base()).apiVersion(apiVersion).build()).build();
  }

  private static void assertUpstreamCall(RecordedRequest request, String path, String keyHeader, String keyValue) {
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get(keyHeader)).isEqualTo(keyValue);
    assertThat(request.getHeaders().toString()).doesNotContain(PROXY_KEY);
  }

  @Test
  void openAiChatPassthrough() throws Exception {
    OPENAI.answerJson(Upstream.fixture("openai-chat", "01-simple-text.response.json"));
    ChatCompletion completion = openAi().chat().completions().create(
        ChatCompletionCreateParams.builder().model("chat-up").addUserMessage("Hi").build());
    assertThat(completion.choices().get(0).message().content()).contains(HELLO);
    RecordedRequest upstream = OPENAI.request();
    assertUpstreamCall(upstream, "/v1/chat/completions", "Authorization", "Bearer " + UPSTREAM_KEY);
    assertThat(upstream.getBody().utf8()).contains("\"model\":\"upstream-chat-up\"");
  }

  @Test
  void openAiChatStreamTranslatedFromAnthropic() throws Exception {
    ANTHROPIC.answerSse(Upstream.fixture("anthropic", "01-simple-text.response.sse"));
    StringBuilder text = new StringBuilder();
    try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions()
        .createStreaming(ChatCompletionCreateParams.builder().model("claude-up").addUserMessage("Hi").build())) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    }
    assertThat(text).hasToString(HELLO);
    assertUpstreamCall(ANTHROPIC.request(), "/v1/messages", "x-api-key", UPSTREAM_KEY);
  }

  @Test
  void openAiResponsesPassthrough() throws Exception {
    RESPONSES.answerJson(Upstream.fixture("openai-responses", "01-simple-text.response.json"));
    Response response = openAi().responses().create(
        ResponseCreateParams.builder().model("responses-up").input("Hi").build());
    StringBuilder text = new StringBuilder();
    response.output().forEach(item -> item.message().ifPresent(
        message -> message.content().forEach(part -> part.outputText().ifPresent(t -> text.append(t.text())))));
    assertThat(text).hasToString(HELLO);
    assertUpstreamCall(RESPONSES.request(), "/v1/responses", "Authorization", "Bearer " + UPSTREAM_KEY);
  }

  @Test
  void openAiResponsesStreamTranslatedFromGemini() throws Exception {
    GEMINI.answerSse(Upstream.fixture("gemini", "01-simple-text.response.sse"));
    StringBuilder text = new StringBuilder();
    boolean[] completed = {false};
    try (com.openai.core.http.StreamResponse<ResponseStreamEvent> stream = openAi().responses()
        .createStreaming(ResponseCreateParams.builder().model("gemini-up").input("Hi").build())) {
      stream.stream().forEach(event -> {
        event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
        completed[0] |= event.completed().isPresent();
      });
    }
    assertThat(text).hasToString(HELLO);
    assertThat(completed[0]).isTrue();
    assertUpstreamCall(GEMINI.request(), "/v1beta/models/upstream-gemini-up:streamGenerateContent",
        "x-goog-api-key", UPSTREAM_KEY);
  }

  @Test
  void anthropicMessagesPassthrough() throws Exception {
    ANTHROPIC.answerJson(Upstream.fixture("anthropic", "01-simple-text.response.json"));
    Message message = anthropic().messages().create(
        MessageCreateParams.builder().model("claude-up").maxTokens(100).addUserMessage("Hi").build());
    assertThat(message.content()).singleElement().satisfies(block -> assertThat(block.text()).hasValueSatisfying(
        t -> assertThat(t.text()).isEqualTo(HELLO)));
    assertUpstreamCall(ANTHROPIC.request(), "/v1/messages", "x-api-key", UPSTREAM_KEY);
  }

  @Test
  void anthropicStreamTranslatedFromOpenAiChat() throws Exception {
    OPENAI.answerSse(Upstream.fixture("openai-chat", "01-simple-text.response.sse"));
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = anthropic().messages().createStreaming(
        MessageCreateParams.builder().model("chat-up").maxTokens(100).addUserMessage("Hi").build())) {
      stream.stream().forEach(accumulator::accumulate);
    }
    Message message = accumulator.message();
    assertThat(message.content()).singleElement()
        .satisfies(block -> assertThat(block.text().orElseThrow().text()).isEqualTo(HELLO));
    assertThat(message.usage().outputTokens()).isPositive();
    assertUpstreamCall(OPENAI.request(), "/v1/chat/completions", "Authorization", "Bearer " + UPSTREAM_KEY);
  }

  @Test
  void anthropicToolUseRoundTripTranslatedThroughOpenAiChat() throws Exception {
    Tool weather = Tool.builder().name("get_weather").description("Current weather")
        .inputSchema(Tool.InputSchema.builder()
            .properties(Tool.InputSchema.Properties.builder()
                .putAdditionalProperty("location", JsonValue.from(Map.of("type", "string"))).build())
            .required(List.of("location")).build())
        .build();
    MessageCreateParams.Builder conversation = MessageCreateParams.builder().model("chat-up").maxTokens(200)
        .addTool(ToolUnion.ofTool(weather)).addUserMessage("What is the weather in Paris?");

    OPENAI.answerJson(Upstream.fixture("openai-chat", "03-tool-call.response.json"));
    Message first = anthropic().messages().create(conversation.build());
    ToolUseBlock call = first.content().stream().map(ContentBlock::toolUse).flatMap(java.util.Optional::stream)
        .findFirst().orElseThrow();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.id()).isEqualTo("toolu_01WsE9mPq3Xz7Hc2Ld8Ny4Fa");
    assertThat(first.stopReason()).hasValueSatisfying(reason -> assertThat(reason.asString()).isEqualTo("tool_use"));
    OPENAI.request();

    OPENAI.answerJson(Upstream.fixture("openai-chat", "04-tool-result.response.json"));
    Message second = anthropic().messages().create(conversation.addMessage(first.toParam())
        .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
            .toolUseId(call.id()).content("18°C, partly cloudy").build())))
        .build());
    assertThat(second.content().get(0).text().orElseThrow().text()).contains("18°C");
    String followUp = OPENAI.request().getBody().utf8();
    assertThat(followUp).contains("\"role\":\"tool\"", "\"tool_call_id\":\"toolu_01WsE9mPq3Xz7Hc2Ld8Ny4Fa\"",
        "18°C, partly cloudy");
  }

  @Test
  void googleGenAiStreamPassthrough() throws Exception {
    GEMINI.answerSse(Upstream.fixture("gemini", "01-simple-text.response.sse"));
    StringBuilder text = new StringBuilder();
    try (ResponseStream<GenerateContentResponse> stream =
        genai("v1beta").models.generateContentStream("gemini-up", "Hi", null)) {
      for (GenerateContentResponse chunk : stream) {
        if (chunk.text() != null) { // the closing chunk carries only the finish reason
          text.append(chunk.text());
        }
      }
    }
    assertThat(text).hasToString(HELLO);
    RecordedRequest upstream = GEMINI.request();
    assertUpstreamCall(upstream, "/v1beta/models/upstream-gemini-up:streamGenerateContent", "x-goog-api-key",
        UPSTREAM_KEY);
    assertThat(upstream.getUrl().queryParameter("alt")).isEqualTo("sse");
  }

  @Test
  void googleGenAiStreamOnTheV1PathTranslatedFromAnthropic() throws Exception {
    ANTHROPIC.answerSse(Upstream.fixture("anthropic", "01-simple-text.response.sse"));
    StringBuilder text = new StringBuilder();
    try (ResponseStream<GenerateContentResponse> stream =
        genai("v1").models.generateContentStream("claude-up", "Hi", null)) {
      for (GenerateContentResponse chunk : stream) {
        if (chunk.text() != null) { // the closing chunk carries only the finish reason
          text.append(chunk.text());
        }
      }
    }
    assertThat(text).hasToString(HELLO);
    assertUpstreamCall(ANTHROPIC.request(), "/v1/messages", "x-api-key", UPSTREAM_KEY);
  }

  @Test
  void theMockAnswersEverySdk() {
    String marker = "llmrouter mock provider";
    assertThat(openAi().chat().completions().create(ChatCompletionCreateParams.builder().model("mock-model")
        .addUserMessage("ping").build()).choices().get(0).message().content()).hasValueSatisfying(
            t -> assertThat(t).contains(marker, "You said: ping"));
    assertThat(anthropic().messages().create(MessageCreateParams.builder().model("mock-model").maxTokens(50)
        .addUserMessage("ping").build()).content().get(0).text().orElseThrow().text()).contains(marker);
    assertThat(genai("v1beta").models.generateContent("mock-model", "ping", null).text()).contains(marker);
    assertThat(OPENAI.requestCount() + ANTHROPIC.requestCount() + GEMINI.requestCount()).isZero();
  }
}
