package dev.llmrouter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.NotFoundException;
import dev.llmrouter.api.error.RateLimitedException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.stream.ChatResponseAccumulator;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class LlmRouterTest {
  private final ManualClock clock = new ManualClock();
  private final RecordingAdapterFactory factory = new RecordingAdapterFactory(clock);

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).addMessage(Message.user("hi")).build();
  }

  private LlmRouter.Builder twoProviders() {
    return LlmRouter.builder()
        .clock(clock)
        .adapterFactory(factory)
        .addProvider(ProviderConfig.builder("alpha", "recording").wireFormat(WireFormat.OPENAI_CHAT)
            .apiKeys(Secret.parseList("key-a1 key-a2 key-a3")).build())
        .addProvider(ProviderConfig.builder("beta", "recording").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build());
  }

  @Test
  void exactRouteRewritesTheModelForTheUpstream() {
    try (LlmRouter router = twoProviders().route("fast", "alpha", "alpha-mini-2").build()) {
      ChatResponse reply = router.chat(ask("fast"));
      assertThat(reply.text()).isEqualTo("alpha:alpha-mini-2");
      assertThat(reply.provider()).isEqualTo("alpha");
      assertThat(factory.calls).extracting(RecordingAdapterFactory.Call::model).containsExactly("alpha-mini-2");
    }
  }

  @Test
  void providerPrefixesWithSlashOrColonReachThatProvider() {
    try (LlmRouter router = twoProviders().build()) {
      assertThat(router.chat(ask("beta/some-model")).text()).isEqualTo("beta:some-model");
      assertThat(router.chat(ask("alpha:org/model:tag")).text()).isEqualTo("alpha:org/model:tag");
    }
  }

  @Test
  void longestPrefixRouteWinsAndExactRoutesComeFirst() {
    try (LlmRouter router = twoProviders()
        .routePrefix("claude-", "alpha")
        .routePrefix("claude-opus-", "beta")
        .route("claude-opus-special", "alpha")
        .build()) {
      assertThat(router.chat(ask("claude-sonnet-4-6")).text()).isEqualTo("alpha:claude-sonnet-4-6");
      assertThat(router.chat(ask("claude-opus-5-5")).text()).isEqualTo("beta:claude-opus-5-5");
      assertThat(router.chat(ask("claude-opus-special")).text()).isEqualTo("alpha:claude-opus-special");
    }
  }

  @Test
  void theBuilderTellsWhetherAnyProviderWasAdded() {
    assertThat(LlmRouter.builder().hasProviders()).isFalse();
    assertThat(twoProviders().hasProviders()).isTrue();
    assertThat(LlmRouter.builder().discoverProvidersFromEnvironment(Map.of("OPENAI_API_KEY", "sk-x")).hasProviders())
        .isTrue();
  }

  @Test
  void unknownModelIsANotFoundErrorThatSaysWhatExists() {
    try (LlmRouter router = twoProviders().route("fast", "alpha").build()) {
      assertThatThrownBy(() -> router.chat(ask("nope")))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("'nope'")
          .hasMessageContaining("fast")
          .hasMessageContaining("alpha");
      assertThat(factory.calls).isEmpty();
    }
  }

  @Test
  void keysRotateRoundRobinAndKeylessProvidersGetNone() {
    try (LlmRouter router = twoProviders().route("a", "alpha").route("b", "beta").build()) {
      for (int i = 0; i < 6; i++) {
        router.chat(ask("a"));
      }
      router.chat(ask("b"));
      assertThat(factory.calls.subList(0, 6))
          .extracting(c -> c.key().reveal())
          .containsExactly("key-a1", "key-a2", "key-a3", "key-a1", "key-a2", "key-a3");
      assertThat(factory.calls.get(6).key()).isNull();
    }
  }

  @Test
  void upstreamErrorsReachTheCallerTyped() {
    factory.failWith = RecordingAdapterFactory.rateLimited();
    try (LlmRouter router = twoProviders().route("a", "alpha").build()) {
      assertThatThrownBy(() -> router.chat(ask("a"))).isInstanceOf(RateLimitedException.class);
      assertThatThrownBy(() -> router.chatAsync(ask("a")).join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(RateLimitedException.class);
    }
  }

  @Test
  void asyncCallCompletesWithTheAnswer() {
    try (LlmRouter router = twoProviders().route("a", "alpha").build()) {
      assertThat(router.chatAsync(ask("a")).join().text()).isEqualTo("alpha:a");
    }
  }

  @Test
  void streamIsRoutedAndIterable() {
    try (LlmRouter router = twoProviders().route("b", "beta", "beta-up").build();
        ChatStream stream = router.stream(ask("b"))) {
      ChatResponseAccumulator acc = new ChatResponseAccumulator();
      for (StreamEvent event : stream) {
        acc.accept(event);
      }
      assertThat(acc.isComplete()).isTrue();
      assertThat(acc.toResponse().text()).isEqualTo("streamed");
      assertThat(factory.calls).extracting(RecordingAdapterFactory.Call::model).containsExactly("beta-up");
    }
  }

  @Test
  void environmentDiscoveryBuildsKeyPoolsAndFamilyRoutes() {
    Map<String, String> env = Map.of(
        "OPENAI_API_KEY", "sk-one  sk-two",
        "ANTHROPIC_API_KEY", "sk-ant-x",
        "ANTHROPIC_BASE_URL", "http://127.0.0.1:9/");
    List<EnvironmentDiscovery.Found> found = EnvironmentDiscovery.discover(env);
    assertThat(found).extracting(f -> f.provider().name()).containsExactly("openai", "anthropic");
    assertThat(found.get(0).provider().apiKeys()).extracting(Secret::reveal).containsExactly("sk-one", "sk-two");
    assertThat(found.get(1).provider().baseUrl()).isEqualTo("http://127.0.0.1:9");
    assertThat(found.get(1).provider().wireFormat()).isEqualTo(WireFormat.ANTHROPIC_MESSAGES);

    try (LlmRouter router = LlmRouter.builder()
        .adapterFactory(new TypeRenaming(factory, "openai"))
        .adapterFactory(new TypeRenaming(factory, "anthropic"))
        .discoverProvidersFromEnvironment(env)
        .build()) {
      assertThat(router.providers()).containsExactly("anthropic", "openai");
      assertThat(router.resolve("claude-opus-5-5")).get().extracting(ModelGroup::deployments)
          .isEqualTo(List.of(Deployment.of("anthropic", "claude-opus-5-5")));
      assertThat(router.resolve("claude-opus-5-5")).get().hasToString("anthropic/claude-opus-5-5");
      assertThat(router.resolve("gpt-5.4-mini")).get().extracting(g -> g.deployments().get(0).provider())
          .isEqualTo("openai");
      assertThat(router.resolve("gemini-2.5-flash")).isEmpty();
    }
  }

  @Test
  void noEnvironmentKeysMeansNoProviders() {
    assertThat(EnvironmentDiscovery.discover(Map.of("OPENAI_API_KEY", "   "))).isEmpty();
  }

  @Test
  void configurationMistakesFailAtBuildTimeWithClearMessages() {
    assertThatThrownBy(() -> twoProviders().route("x", "gamma").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown provider 'gamma'");
    assertThatThrownBy(() -> LlmRouter.builder()
            .addProvider(ProviderConfig.builder("p", "nonexistent").wireFormat(WireFormat.GEMINI).build())
            .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no adapter for provider type 'nonexistent'");
    assertThatThrownBy(() -> twoProviders().route("x", "alpha", "m1").route("x", "beta", "m2"))
        .hasMessageContaining("already routed");
    assertThatThrownBy(() -> ProviderConfig.builder("a/b", "openai")).hasMessageContaining("must not contain");
    assertThatThrownBy(() -> ProviderConfig.builder("local", "openai-compatible").build())
        .hasMessageContaining("needs a baseUrl");
  }

  @Test
  void closingClosesAdaptersOnceAndRefusesNewCalls() {
    LlmRouter router = twoProviders().route("a", "alpha").build();
    router.close();
    router.close();
    assertThat(factory.closed).containsExactlyInAnyOrder("alpha", "beta");
    assertThatThrownBy(() -> router.chat(ask("a"))).hasMessageContaining("closed");
  }

  @Test
  void providerConfigNeverPrintsItsKeys() {
    ProviderConfig config = ProviderConfig.builder("p", "openai").apiKeys(Secret.parseList("sk-live-SECRET123 sk-live-OTHER456")).build();
    assertThat(config.toString()).doesNotContain("SECRET123").doesNotContain("OTHER456").contains("key-");
  }

  /** Serves another type name with the recording adapters (to stand in for the real openai/anthropic types). */
  private static final class TypeRenaming implements dev.llmrouter.api.spi.ProviderAdapterFactory {
    private final RecordingAdapterFactory delegate;
    private final String type;

    TypeRenaming(RecordingAdapterFactory delegate, String type) {
      this.delegate = delegate;
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public dev.llmrouter.api.spi.ProviderAdapter create(
        dev.llmrouter.api.spi.ProviderSettings settings, dev.llmrouter.api.spi.AdapterResources resources) {
      return delegate.create(settings, resources);
    }
  }
}
