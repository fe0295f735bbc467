package dev.llmrouter.samples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class PlainJavaSampleTest {

  @Test
  void theReadmeExampleAnswersThroughALoopbackUpstream() throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.enqueue(new MockResponse.Builder()
          .addHeader("content-type", "application/json")
          .body("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-5.4-mini\","
              + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Routers route.\"},"
              + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}")
          .build());
      upstream.start(java.net.InetAddress.getLoopbackAddress(), 0);

      String answer = PlainJavaSample.ask(upstream.url("/v1").toString(), "sk-test-key", "What is a router?");

      assertThat(answer).isEqualTo("Routers route.");
      RecordedRequest request = upstream.takeRequest();
      assertThat(request.getTarget()).isEqualTo("/v1/chat/completions");
      assertThat(request.getHeaders().get("authorization")).isEqualTo("Bearer sk-test-key");
      String body = request.getBody().utf8();
      assertThat(body).contains("\"model\":\"gpt-5.4-mini\"").contains("What is a router?").contains("Answer in one sentence.");
    }
  }

  @Test
  void mainRunsWithoutKeysAgainstItsOwnFakeUpstream() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      // The fake path is what CI exercises; with real keys in the environment main would call providers.
      try (FakeOpenAiUpstream fake = FakeOpenAiUpstream.start()) {
        System.out.println(PlainJavaSample.ask(fake.baseUrl(), "sk-local-fake", "q"));
        PlainJavaSample.streamFromEnvironmentOr(fake.baseUrl(), "gpt-5.4-mini", "q");
      }
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).contains(FakeOpenAiUpstream.ANSWER + "\n");
    assertThat(out).contains("(gpt-5.4-mini via openai/gpt-5.4-mini)\n" + FakeOpenAiUpstream.ANSWER);
  }

  @Test
  void theReadmeShowsExactlyTheSampleCode() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    String readme = Files.readString(root.resolve("README.md"));
    String source = Files.readString(
        Path.of("src/main/java/dev/llmrouter/samples/plain/PlainJavaSample.java"));
    String example = between(source, "// README example: begin\n", "  // README example: end");
    assertThat(example.lines().count()).isBetween(10L, 25L);
    assertThat(readme).as("README.md must show the sample's code verbatim").contains(stripIndent(example));
  }

  private static String between(String text, String begin, String end) {
    int start = text.indexOf(begin);
    int stop = text.indexOf(end, start);
    assertThat(start).isNotNegative();
    assertThat(stop).isGreaterThan(start);
    return text.substring(start + begin.length(), stop);
  }

  private static String stripIndent(String block) {
    StringBuilder sb = new StringBuilder();
    block.lines().forEach(line -> sb.append(line.startsWith("  ") ? line.substring(2) : line).append('\n'));
    return sb.toString();
  }
}
