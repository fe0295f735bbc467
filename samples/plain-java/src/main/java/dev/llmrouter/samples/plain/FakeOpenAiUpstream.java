package dev.llmrouter.samples.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A tiny OpenAI Chat Completions look-alike on 127.0.0.1, so the sample runs without keys. Every
 * answer says it comes from the fake.
 */
final class FakeOpenAiUpstream implements AutoCloseable {
  static final String ANSWER = "[fake upstream] An LLM router sends each model call to the right provider.";

  private final HttpServer server;

  private FakeOpenAiUpstream(HttpServer server) {
    this.server = server;
  }

  static FakeOpenAiUpstream start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", FakeOpenAiUpstream::answer);
    server.start();
    return new FakeOpenAiUpstream(server);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    boolean stream = body.replace(" ", "").contains("\"stream\":true");
    String header = "{\"id\":\"chatcmpl-fake\",\"object\":\"%s\",\"created\":1795428000,\"model\":\"gpt-5.4-mini\",";
    byte[] out;
    if (stream) {
      String chunk = String.format(header, "chat.completion.chunk");
      StringBuilder sse = new StringBuilder();
      sse.append("data: ").append(chunk).append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
      for (String word : ANSWER.split("(?<= )")) {
        sse.append("data: ").append(chunk).append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
            .append(word).append("\"},\"finish_reason\":null}]}\n\n");
      }
      sse.append("data: ").append(chunk).append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
      sse.append("data: ").append(chunk).append("\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":14,\"total_tokens\":26}}\n\n");
      sse.append("data: [DONE]\n\n");
      out = sse.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "text/event-stream");
    } else {
      out = (String.format(header, "chat.completion")
              + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER
              + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":14,\"total_tokens\":26}}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
    }
    exchange.sendResponseHeaders(200, out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
