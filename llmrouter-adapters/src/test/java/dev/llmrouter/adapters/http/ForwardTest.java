package dev.llmrouter.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.RateLimitedException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ForwardRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Passthrough: same format in and out, bytes unchanged but for the model. */
class ForwardTest {
  private static final Secret KEY = Secret.of("sk-live-FORWARD-SECRET-1");
  private static final String CLIENT_BODY =
      "{\"model\":\"claude-opus-5-5\", \"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hé\"}],"
          + "\"unknown_field\":{\"keep\":[1,2.50]}}";

  @StartStop private final MockWebServer server = new MockWebServer();
  private final HttpTransport transport = HttpTransport.createDefault();

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  private HttpProviderAdapter adapter(WireFormat format) {
    FakeCodec codec = new FakeCodec(format);
    Endpoint endpoint = Endpoint.of("up", format, server.url("/base").toString(), Map.of(), Map.of());
    return new HttpProviderAdapter("up", codec, endpoint, transport.client(null, Duration.ofSeconds(30)));
  }

  private static ForwardRequest forward(boolean stream, NativeRequest.Operation operation) {
    ChatRequest decoded = ChatRequest.builder().model("claude-sonnet-4-6").stream(stream)
        .addMessage(Message.user("hé")).build();
    return new ForwardRequest(decoded, CLIENT_BODY.getBytes(StandardCharsets.UTF_8), operation,
        Map.of("anthropic-beta", "interleaved-thinking-2025-05-14", "x-api-key", "client-proxy-key",
            "authorization", "Bearer client-proxy-key"));
  }

  private static String drain(NativeResponse response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] chunk : response.bodyStream()) {
      out.writeBytes(chunk);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theBodyGoesUpWithOnlyTheModelReplacedAndProtocolHeadersButNoClientCredentials() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json; charset=utf-8")
        .body("{\"text\":\"ok\", \"extra\" : 1}").build());

    NativeResponse response = adapter(WireFormat.ANTHROPIC_MESSAGES)
        .forward(forward(false, NativeRequest.Operation.GENERATE), CallOptions.of(KEY));

    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"ok\", \"extra\" : 1}");
    assertThat(response.headers()).containsEntry("content-type", "application/json; charset=utf-8");
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/base/v1/messages");
    assertThat(recorded.getBody().utf8()).isEqualTo(CLIENT_BODY.replace("claude-opus-5-5", "claude-sonnet-4-6"));
    assertThat(recorded.getHeaders().get("anthropic-beta")).isEqualTo("interleaved-thinking-2025-05-14");
    assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo(KEY.reveal());
    assertThat(recorded.getHeaders().get("authorization")).isNull();
  }

  @Test
  void aStreamIsForwardedByteForByteWhileTheTapSeesItsEvents() throws Exception {
    String upstream = "data: start\n\n: keep-alive\r\n\r\ndata: t:Hel\n\ndata: t:lo\n\ndata: stop\n\n";
    server.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream")
        .body(upstream).throttleBody(5, 1, TimeUnit.MILLISECONDS).build());

    try (NativeResponse response = adapter(WireFormat.OPENAI_CHAT)
        .forward(forward(true, NativeRequest.Operation.GENERATE), CallOptions.of(KEY))) {
      assertThat(response.isStream()).isTrue();
      assertThat(drain(response)).isEqualTo(upstream);
    }
    assertThat(server.takeRequest().getTarget()).isEqualTo("/base/chat/completions");
  }

  @Test
  void aStreamTheClientClosesEarlyReportsAtLeastTheOutputItDelivered() {
    String head = "data: start\n\ndata: t:" + "a".repeat(40) + "\n\n";
    // the rest would come five seconds later: the client has gone by then
    server.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream")
        .body(head + "data: t:more\n\ndata: stop\n\n").throttleBody(head.length(), 5, TimeUnit.SECONDS).build());

    NativeResponse response = adapter(WireFormat.OPENAI_CHAT)
        .forward(forward(true, NativeRequest.Operation.GENERATE), CallOptions.of(KEY));
    StringBuilder read = new StringBuilder();
    java.util.Iterator<byte[]> chunks = response.bodyStream().iterator();
    while (read.length() < head.length()) {
      read.append(new String(chunks.next(), StandardCharsets.UTF_8));
    }
    response.close();
    assertThat(read.toString()).isEqualTo(head);
    // 40 characters delivered, no usage reported: billed as about 10 output tokens, flagged
    assertThat(response.usage().outputTokens()).isEqualTo(10);
    assertThat(response.usage().estimated()).isTrue();
  }

  @Test
  void aStreamCutMidwayEndsWithTheFormatsInBandErrorNotASilentEnd() {
    String head = "data: start\n\ndata: t:Hel";
    server.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream")
        .body(head + "\n\n" + "data: pad:" + "x".repeat(6000) + "\n\ndata: stop\n\n")
        .onResponseBody(new SocketEffect.CloseSocket()).build());

    try (NativeResponse response = adapter(WireFormat.OPENAI_CHAT)
        .forward(forward(true, NativeRequest.Operation.GENERATE), CallOptions.of(KEY))) {
      String text = drain(response);
      assertThat(text).startsWith(head).endsWith("event: error\ndata: CONNECTION\n\n");
      assertThat(text).doesNotContain("data: stop");
    }
  }

  @Test
  void anErrorStatusIsThrownTypedSoTheRouterCanRetry() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "3").body("slow").build());

    assertThatThrownBy(() -> adapter(WireFormat.ANTHROPIC_MESSAGES)
            .forward(forward(true, NativeRequest.Operation.GENERATE), CallOptions.of(KEY)))
        .isInstanceOf(RateLimitedException.class)
        .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter()).isEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void geminiKeepsTheBodyUntouchedAndPutsTheModelInThePath() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream").body("data: stop\n\n").build());

    try (NativeResponse response = adapter(WireFormat.GEMINI)
        .forward(forward(true, NativeRequest.Operation.GENERATE), CallOptions.of(KEY))) {
      drain(response);
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/base/v1beta/models/claude-sonnet-4-6:streamGenerateContent?alt=sse");
    assertThat(recorded.getBody().utf8()).isEqualTo(CLIENT_BODY);
  }

  @Test
  void countTokensGoesToTheCountingEndpoint() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"input_tokens\":42}").build());
    server.enqueue(new MockResponse.Builder().body("{\"totalTokens\":42}").build());

    NativeResponse anthropic = adapter(WireFormat.ANTHROPIC_MESSAGES)
        .forward(forward(false, NativeRequest.Operation.COUNT_TOKENS), CallOptions.of(KEY));
    NativeResponse gemini = adapter(WireFormat.GEMINI)
        .forward(forward(false, NativeRequest.Operation.COUNT_TOKENS), CallOptions.of(KEY));

    assertThat(new String(anthropic.body(), StandardCharsets.UTF_8)).isEqualTo("{\"input_tokens\":42}");
    assertThat(new String(gemini.body(), StandardCharsets.UTF_8)).isEqualTo("{\"totalTokens\":42}");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/base/v1/messages/count_tokens");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/base/v1beta/models/claude-sonnet-4-6:countTokens");
  }

  @Test
  void aProviderWithoutACountingEndpointCountsNothing() {
    assertThat(adapter(WireFormat.OPENAI_CHAT).countTokens(
        ChatRequest.builder().model("m").addMessage(Message.user("x")).build(), CallOptions.of(KEY))).isEmpty();
  }
}
