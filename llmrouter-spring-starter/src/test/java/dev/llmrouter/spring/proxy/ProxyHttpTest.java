package dev.llmrouter.spring.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The proxy over plain HTTP: auth, errors in each protocol's envelope, request ids, health, disconnects. */
class ProxyHttpTest extends ProxyTestBase {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired WebServerApplicationContext context;

  /** One front door per protocol: its path for a model, a minimal body, and how its error envelope looks. */
  enum Door {
    ANTHROPIC("/v1/messages", "{\"model\":\"%s\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}"),
    CHAT("/v1/chat/completions", "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}"),
    RESPONSES("/v1/responses", "{\"model\":\"%s\",\"input\":\"ping\"}"),
    GEMINI("/v1beta/models/%s:generateContent", "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"ping\"}]}]}");

    final String path;
    final String body;

    Door(String path, String body) {
      this.path = path;
      this.body = body;
    }

    String path(String model) {
      return this == GEMINI ? String.format(path, model) : path;
    }

    String body(String model) {
      return this == GEMINI ? body : String.format(body, model);
    }

    String unknownPath() {
      return this == GEMINI ? "/v1beta/models/x:embedEverything" : path + "/nope";
    }

    /** Asserts the body is this protocol's error envelope. */
    void assertEnvelope(String body) {
      JsonNode root = JSON.readTree(body);
      switch (this) {
        case ANTHROPIC:
          assertThat(root.path("type").asString()).isEqualTo("error");
          assertThat(root.path("error").path("type").asString()).isNotBlank();
          break;
        case GEMINI:
          assertThat(root.path("error").path("status").asString()).isNotBlank();
          assertThat(root.path("error").path("code").isNumber()).isTrue();
          break;
        default:
          assertThat(root.path("error").path("message").asString()).isNotBlank();
          assertThat(root.path("error").has("status")).isFalse();
          assertThat(root.has("type")).isFalse();
      }
    }
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void aMissingOrWrongKeyIs401InTheCallersProtocol(Door door) throws Exception {
    for (HttpResponse<String> response : List.of(
        post(door.path("mock-model"), door.body("mock-model")),
        post(door.path("mock-model"), door.body("mock-model"), "authorization", "Bearer wrong", "x-api-key", "wrong"))) {
      assertThat(response.statusCode()).isEqualTo(401);
      door.assertEnvelope(response.body());
      assertThat(response.body()).doesNotContain("wrong");
    }
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void anUnknownModelOrPathIs404InTheCallersProtocol(Door door) throws Exception {
    HttpResponse<String> unknownModel = post(door.path("no-such-model"), door.body("no-such-model"), "x-api-key", PROXY_KEY);
    assertThat(unknownModel.statusCode()).isEqualTo(404);
    door.assertEnvelope(unknownModel.body());
    assertThat(unknownModel.body()).contains("no-such-model");

    HttpResponse<String> unknownPath = post(door.unknownPath(), door.body("mock-model"), "x-api-key", PROXY_KEY);
    assertThat(unknownPath.statusCode()).isEqualTo(404);
    door.assertEnvelope(unknownPath.body());
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void aBodyOverTheLimitIs413InTheCallersProtocolAndNeverReachesTheUpstream(Door door) throws Exception {
    String huge = door.body("chat-up").replace("ping", "x".repeat(70 * 1024));
    HttpResponse<String> response = post(door.path("chat-up"), huge, "x-api-key", PROXY_KEY);
    assertThat(response.statusCode()).isEqualTo(413);
    door.assertEnvelope(response.body());
    assertThat(OPENAI.requestCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void theMockAnswersEveryFrontDoorWithEveryWayOfSendingTheKey(Door door) throws Exception {
    String[][] credentials = {
        {"authorization", "Bearer " + PROXY_KEY}, {"x-api-key", PROXY_KEY}, {"x-goog-api-key", "second-proxy-key"}};
    for (String[] credential : credentials) {
      HttpResponse<String> response = post(door.path("mock-model"), door.body("mock-model"), credential);
      assertThat(response.statusCode()).as(credential[0]).isEqualTo(200);
      assertThat(response.body()).contains("llmrouter mock provider", "You said: ping");
    }
    String withQueryKey = door.path("mock-model") + "?key=" + PROXY_KEY;
    assertThat(post(withQueryKey, door.body("mock-model")).statusCode()).isEqualTo(200);
  }

  @Test
  void realClientRequestsFromTheCapturesAreAnsweredByTheMock() throws Exception {
    String claude = capture("claude/tool-0001-POST-v1_messages.json", "mock-model");
    HttpResponse<String> claudeAnswer = post("/v1/messages?beta=true", claude, "authorization", "Bearer " + PROXY_KEY,
        "anthropic-version", "2023-06-01", "anthropic-beta", "claude-code-20250219");
    assertThat(claudeAnswer.statusCode()).isEqualTo(200);
    assertThat(claudeAnswer.body()).contains("event: message_start", "\"name\":\"Bash\"", "echo llmrouter-mock",
        "event: message_stop");

    String codex = capture("codex/text-0001-POST-v1_responses.json", "mock-model");
    HttpResponse<String> codexAnswer = post("/v1/responses", codex, "authorization", "Bearer " + PROXY_KEY);
    assertThat(codexAnswer.statusCode()).isEqualTo(200);
    assertThat(codexAnswer.body()).contains("response.completed");

    String gemini = capture("gemini/text-0002-POST-v1beta_models_gemini_3_8_flash_streamGenerateContent.json", null);
    HttpResponse<String> geminiAnswer = post("/v1beta/models/mock-model:streamGenerateContent?alt=sse", gemini,
        "x-goog-api-key", PROXY_KEY);
    assertThat(geminiAnswer.statusCode()).isEqualTo(200);
    assertThat(geminiAnswer.body()).contains("This is the llmrouter mock ", "\"functionCall\"", "\"finishReason\"");
  }

  /** A captured request body ({@code shared/protocols/captures}), with its model replaced when it has one. */
  private static String capture(String file, String model) throws IOException {
    String shared = System.getProperty("llmrouter.shared.dir", "../../shared");
    JsonNode body = JSON.readTree(Files.readString(Path.of(shared, "protocols", "captures", file))).get("body");
    if (model != null) {
      ((ObjectNode) body).put("model", model);
    }
    return JSON.writeValueAsString(body);
  }

  @Test
  void everyResponseCarriesARequestIdTheClientsWhenSane() throws Exception {
    HttpResponse<String> echoed = post(Door.CHAT.path, Door.CHAT.body("mock-model"),
        "authorization", "Bearer " + PROXY_KEY, "x-request-id", "req-42.abc:1");
    assertThat(echoed.headers().firstValue("x-request-id")).contains("req-42.abc:1");
    HttpResponse<String> replaced = post(Door.CHAT.path, Door.CHAT.body("mock-model"), "x-request-id", "not a sane id; " + "x".repeat(200));
    assertThat(replaced.statusCode()).isEqualTo(401);
    assertThat(replaced.headers().firstValue("x-request-id")).hasValueSatisfying(
        id -> assertThat(id).matches("[0-9a-f-]{36}"));
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aGeneratedRequestIdIsTheSameInTheAnswerAndTheProxyLog(CapturedOutput output) throws Exception {
    HttpResponse<String> answered = post(Door.CHAT.path, Door.CHAT.body("mock-model"), "authorization", "Bearer " + PROXY_KEY);
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.headers().allValues("x-request-id")).hasSize(1);
    String id = answered.headers().firstValue("x-request-id").orElseThrow();
    assertThat(awaitLine(output, "request_id=" + id))
        .contains("llm call operation=chat model=mock-model provider=mock", "outcome=ok status=200",
            "format=openai-chat method=POST path=/v1/chat/completions request_id=" + id);
  }

  /**
   * A request that made a call is logged by the router's line, which the servlet's method and path
   * join; one refused before the router by the servlet's own. Never both, never a key, query or body.
   */
  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void oneLogLinePerRequestWithoutKeysQueriesOrBodies(CapturedOutput output) throws Exception {
    post(Door.GEMINI.path("mock-model") + "?key=" + PROXY_KEY, Door.GEMINI.body("mock-model"), "x-request-id", "log-gemini");
    post(Door.CHAT.path, Door.CHAT.body("mock-model").replace("ping", "my secret prompt"),
        "authorization", "Bearer " + PROXY_KEY, "x-request-id", "log-line-test");
    assertThat(post(Door.CHAT.path, Door.CHAT.body("mock-model"), "authorization", "Bearer wrong-" + PROXY_KEY,
        "x-request-id", "log-refused").statusCode()).isEqualTo(401);

    assertThat(awaitLine(output, "request_id=log-gemini"))
        .contains("model=mock-model", "status=200", "format=gemini method=POST path=/v1beta/models/mock-model:generateContent");
    assertThat(awaitLine(output, "request_id=log-line-test"))
        .contains("model=mock-model", "status=200", "format=openai-chat method=POST path=/v1/chat/completions");
    assertThat(awaitLine(output, "id=log-refused"))
        .containsPattern("POST /v1/chat/completions openai-chat model=- -> 401 in \\d+ ms id=log-refused$");
    assertThat(output.getOut())
        .doesNotContain(PROXY_KEY)
        .doesNotContain("my secret prompt");
  }

  /**
   * The one log line that holds {@code fragment}, waited for within a bound: the router logs a call
   * when it ends, which may be after the client holds the answer. Fails when there are more.
   */
  private static String awaitLine(CapturedOutput output, String fragment) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (!output.getOut().contains(fragment) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    List<String> lines = output.getOut().lines().filter(line -> line.contains(fragment)).toList();
    assertThat(lines).as("log lines with " + fragment).hasSize(1);
    return lines.get(0);
  }

  @Test
  void healthAndReadinessNeedNoKey() throws Exception {
    HttpResponse<String> health = get("/healthz");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("up");
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"ready\"", "anthropic-up", "gemini-up", "mock", "openai-up", "responses-up");
    assertThat(ready.headers().firstValue("x-request-id")).isPresent();
  }

  @Test
  void modelListsComeInTheFormatTheClientsHeadersTell() throws Exception {
    assertThat(get("/v1/models", "authorization", "Bearer " + PROXY_KEY).body())
        .contains("\"object\":\"list\"", "\"id\":\"chat-up\"");
    assertThat(get("/v1/models", "x-api-key", PROXY_KEY, "anthropic-version", "2023-06-01").body())
        .contains("\"has_more\"", "\"type\":\"model\"");
    assertThat(get("/v1/models?key=" + PROXY_KEY).body()).contains("\"models\":[", "models/gemini-up");
    assertThat(get("/v1beta/models", "x-goog-api-key", PROXY_KEY).body()).contains("models/claude-up");
  }

  /** Tomcat's own default is on too; the customizer keeps it on whatever that default becomes. */
  @Test
  void tomcatSendsWithTcpNoDelay() {
    Connector running = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
    assertThat(String.valueOf(running.getProperty("socket.tcpNoDelay"))).isEqualTo("true");
    Connector off = new Connector();
    off.setProperty("socket.tcpNoDelay", "false");
    context.getBean("llmRouterTcpNoDelay", TomcatConnectorCustomizer.class).customize(off);
    assertThat(String.valueOf(off.getProperty("socket.tcpNoDelay"))).isEqualTo("true");
  }

  /**
   * The client reads the first event and resets its connection; the proxy's next write fails, it closes
   * the answer, and that cancels the upstream call: the fake upstream's own writes then fail.
   */
  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aClientThatDisconnectsMidStreamCancelsTheUpstreamCall(CapturedOutput output) throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    CompletableFuture<Boolean> upstreamSawClose = new CompletableFuture<>();
    ANTHROPIC.answer(new MockResponse.Builder().addHeader("content-type", "text/event-stream")
        .body(new EndlessAnthropicStream(clientGone, upstreamSawClose)).build());

    String body = Door.ANTHROPIC.body("claude-up").replace("{", "{\"stream\":true,");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-request-id: gone-client\r\nx-api-key: " + PROXY_KEY
          + "\r\nanthropic-version: 2023-06-01\r\ncontent-type: application/json\r\ncontent-length: "
          + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      byte[] buffer = new byte[4096];
      while (!seen.toString().contains("content_block_delta")) {
        int n = in.read(buffer);
        assertThat(n).as("the stream ended before its first delta").isPositive();
        seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
      assertThat(seen).startsWith("HTTP/1.1 200");
      socket.setSoLinger(true, 0); // close with a reset, as a killed client does
    }
    clientGone.countDown();
    assertThat(upstreamSawClose.get(20, TimeUnit.SECONDS)).as("the upstream connection was closed").isTrue();
    assertThat(awaitLine(output, "request_id=gone-client"))
        .contains("stream=true closed_by_caller=true format=anthropic method=POST path=/v1/messages");
  }

  /** Writes an Anthropic stream's start, waits for the client to leave, then writes deltas until its socket fails. */
  private static final class EndlessAnthropicStream implements MockResponseBody {
    private final CountDownLatch clientGone;
    private final CompletableFuture<Boolean> upstreamSawClose;

    EndlessAnthropicStream(CountDownLatch clientGone, CompletableFuture<Boolean> upstreamSawClose) {
      this.clientGone = clientGone;
      this.upstreamSawClose = upstreamSawClose;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"more \"}}\n\n";
      sink.writeUtf8("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
          + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,"
          + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
          + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
          + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" + delta);
      sink.flush();
      try {
        if (!clientGone.await(20, TimeUnit.SECONDS)) {
          upstreamSawClose.complete(false);
          return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
          sink.writeUtf8(delta);
          sink.flush();
        }
        upstreamSawClose.complete(false);
      } catch (IOException closed) {
        upstreamSawClose.complete(true);
        throw closed;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        upstreamSawClose.complete(false);
      }
    }
  }
}
