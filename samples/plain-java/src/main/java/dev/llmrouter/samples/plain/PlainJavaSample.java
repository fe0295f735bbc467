package dev.llmrouter.samples.plain;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import java.util.List;

/**
 * The README's in-process example. With {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY} or
 * {@code GEMINI_API_KEY} set it asks the real provider; without, it starts a fake OpenAI-compatible
 * upstream on 127.0.0.1 and asks that, so it runs anywhere.
 *
 * <p>Run: {@code mvn -q -pl samples/plain-java -am compile exec:java}
 * (optionally {@code -Dexec.args="--model claude-sonnet-4-6"}).
 */
public final class PlainJavaSample {
  private PlainJavaSample() {}

  // README example: begin
  static String ask(String baseUrl, String apiKey, String question) {
    try (LlmRouter router = LlmRouter.builder()
        .addProvider(ProviderConfig.builder("openai", "openai")
            .baseUrl(baseUrl)
            .apiKey(Secret.of(apiKey))
            .build())
        .route("fast", "openai", "gpt-5.4-mini")
        .build()) {
      ChatResponse reply = router.chat(ChatRequest.builder()
          .model("fast")
          .addSystem("Answer in one sentence.")
          .addMessage(Message.user(question))
          .maxTokens(200)
          .build());
      return reply.text();
    }
  }
  // README example: end

  public static void main(String[] args) throws Exception {
    String model = args.length == 2 && "--model".equals(args[0]) ? args[1] : null;
    String question = "What is an LLM router, in one sentence?";
    boolean anyKey = List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY").stream()
        .anyMatch(name -> System.getenv(name) != null && !System.getenv(name).isBlank());
    if (!anyKey) {
      try (FakeOpenAiUpstream fake = FakeOpenAiUpstream.start()) {
        System.out.println("No OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY set: asking a local fake upstream at "
            + fake.baseUrl() + " (labelled answers, no network).");
        System.out.println("chat:   " + ask(fake.baseUrl(), "sk-local-fake", question));
        System.out.print("stream: ");
        streamFromEnvironmentOr(fake.baseUrl(), "gpt-5.4-mini", question);
      }
      return;
    }
    streamFromEnvironmentOr(null, model, question);
  }

  /** Streams an answer, through the providers found in the environment or through {@code fakeBaseUrl}. */
  static void streamFromEnvironmentOr(String fakeBaseUrl, String model, String question) {
    LlmRouter.Builder builder = LlmRouter.builder();
    if (fakeBaseUrl == null) {
      builder.discoverProvidersFromEnvironment();
    } else {
      builder.addProvider(ProviderConfig.builder("openai", "openai").baseUrl(fakeBaseUrl)
          .apiKey(Secret.of("sk-local-fake")).build()).routePrefix("gpt-", "openai");
    }
    try (LlmRouter router = builder.build()) {
      String chosen = model != null ? model : defaultModel(router.providers());
      System.out.println("(" + chosen + " via " + router.resolve(chosen).map(Object::toString).orElse("?") + ")");
      ChatRequest request = ChatRequest.builder().model(chosen).addMessage(Message.user(question)).maxTokens(200).build();
      try (ChatStream stream = router.stream(request)) {
        for (StreamEvent event : stream) {
          if (event instanceof StreamEvent.TextDelta delta) {
            System.out.print(delta.text());
            System.out.flush();
          } else if (event instanceof StreamEvent.StreamError error) {
            System.out.print(" [stream failed: " + error.error().getMessage() + "]");
          }
        }
      }
      System.out.println();
    }
  }

  private static String defaultModel(List<String> providers) {
    if (providers.contains("anthropic")) {
      return "claude-sonnet-4-6";
    }
    if (providers.contains("openai")) {
      return "gpt-5.4-mini";
    }
    return "gemini-2.5-flash";
  }
}
