package dev.llmrouter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import org.junit.jupiter.api.Test;

/** How a requested model name finds its group: exact names, aliases, provider prefixes, substrings, patterns. */
class ModelNamesTest {
  private final RecordingAdapterFactory factory = new RecordingAdapterFactory();

  private LlmRouter.Builder providers() {
    return LlmRouter.builder()
        .clock(new ManualClock())
        .adapterFactory(factory)
        .addProvider(ProviderConfig.builder("anthropic", "recording").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build())
        .addProvider(ProviderConfig.builder("openai", "recording").wireFormat(WireFormat.OPENAI_CHAT)
            .apiKeys(Secret.parseList("o1 o2")).build())
        .addProvider(ProviderConfig.builder("gemini", "recording").wireFormat(WireFormat.GEMINI).build());
  }

  private static String answer(LlmRouter router, String model) {
    return router.chat(ChatRequest.builder().model(model).addMessage(Message.user("hi")).build()).text();
  }

  @Test
  void wildcardPatternsMatchAnywhereAndTheMostSpecificWins() {
    try (LlmRouter router = providers()
        .routePattern("*", "openai")
        .routePattern("claude-*", "anthropic")
        .routePattern("gemini-*-flash*", "gemini")
        .alias("claude-opus-*", "smart")
        .route("smart", "openai", "gpt-5.4")
        .build()) {
      assertThat(answer(router, "claude-sonnet-4-6")).isEqualTo("anthropic:claude-sonnet-4-6");
      assertThat(answer(router, "claude-opus-5-5")).isEqualTo("openai:gpt-5.4");
      assertThat(answer(router, "gemini-2.5-flash-lite")).isEqualTo("gemini:gemini-2.5-flash-lite");
      assertThat(answer(router, "GEMINI-3-Flash")).isEqualTo("gemini:GEMINI-3-Flash");
      assertThat(answer(router, "gemini-2.5-pro")).isEqualTo("openai:gemini-2.5-pro");
      assertThat(answer(router, "anything-else")).isEqualTo("openai:anything-else");
    }
  }

  @Test
  void substringAliasesIgnoreCaseAndTheLongestMatchWins() {
    try (LlmRouter router = providers()
        .route("fast", "gemini", "gemini-2.5-flash")
        .route("big", "anthropic", "claude-opus-5-5")
        .route("fast-opus", "openai", "gpt-5.4-mini")
        .substringAlias("haiku", "fast")
        .substringAlias("opus", "big")
        .substringAlias("opus-fast", "fast-opus")
        .routePattern("claude-*", "anthropic")
        .build()) {
      assertThat(answer(router, "claude-3-5-HAIKU-latest")).isEqualTo("gemini:gemini-2.5-flash");
      assertThat(answer(router, "claude-opus-4-1")).isEqualTo("anthropic:claude-opus-5-5");
      assertThat(answer(router, "my-opus-fast-one")).isEqualTo("openai:gpt-5.4-mini");
      assertThat(answer(router, "claude-sonnet-4-6")).isEqualTo("anthropic:claude-sonnet-4-6");
    }
  }

  @Test
  void exactNamesAndAliasesComeFirstThenProviderPrefixes() {
    try (LlmRouter router = providers()
        .route("openai/special", "anthropic", "claude-special")
        .alias("default", "smart")
        .alias("smart", "openai:gpt-5.4")
        .substringAlias("gpt", "default")
        .build()) {
      assertThat(answer(router, "openai/special")).isEqualTo("anthropic:claude-special");
      assertThat(answer(router, "default")).isEqualTo("openai:gpt-5.4");
      assertThat(answer(router, "openai/gpt-5.4-mini")).isEqualTo("openai:gpt-5.4-mini");
      assertThat(answer(router, "gemini:models/gemini-x")).isEqualTo("gemini:models/gemini-x");
      assertThat(answer(router, "my-gpt")).isEqualTo("openai:gpt-5.4");
    }
  }

  @Test
  void aGroupWithTheRequestedModelPlaceholderForwardsEachMatchingName() {
    try (LlmRouter router = providers()
        .addModelGroup(ModelGroup.builder("claude")
            .deployment("anthropic", Deployment.REQUESTED_MODEL)
            .fallbackTo("openai/gpt-5.4")
            .build())
        .alias("claude-*", "claude")
        .build()) {
      assertThat(answer(router, "claude-opus-5-5")).isEqualTo("anthropic:claude-opus-5-5");
      assertThat(router.models()).contains("claude", "claude-*");
    }
  }

  @Test
  void namingMistakesFailAtBuildTime() {
    assertThatThrownBy(() -> providers().alias("a", "b").alias("b", "a").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("circle");
    assertThatThrownBy(() -> providers().alias("x", "nowhere").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("alias 'x'").hasMessageContaining("'nowhere'");
    assertThatThrownBy(() -> providers().routePattern("x-*", "nobody").build())
        .hasMessageContaining("unknown provider 'nobody'");
    assertThatThrownBy(() -> providers()
            .addModelGroup(ModelGroup.builder("g").deployment("openai", "m").fallbackTo("ghost").build()).build())
        .hasMessageContaining("fallback 'ghost' of model 'g'");
    assertThatThrownBy(() -> providers().route("dup", "openai", "m").alias("dup", "openai/m").build())
        .hasMessageContaining("both a model group and an alias");
    assertThatThrownBy(() -> providers()
            .addModelGroup(ModelGroup.builder("g")
                .deployment(Deployment.builder("openai", "m").keys(Secret.of("not-configured")).build()).build())
            .build())
        .hasMessageContaining("does not have").hasMessageNotContaining("not-configured");
    assertThatThrownBy(() -> providers().substringAlias("x", "a").substringAlias("x", "b"))
        .hasMessageContaining("already points");
    assertThatThrownBy(() -> ModelGroup.builder("empty").build()).hasMessageContaining("at least one deployment");
  }
}
