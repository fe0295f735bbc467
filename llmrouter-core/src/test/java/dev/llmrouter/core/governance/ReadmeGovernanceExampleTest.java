package dev.llmrouter.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.AuthenticationException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import java.math.BigDecimal;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The README's governance example, as written there, over a fake upstream. */
class ReadmeGovernanceExampleTest {

  @Test
  void readmeExampleMintsAKeyServesItAndRevokesIt() {
    FakeUpstream upstream = new FakeUpstream();
    Governance governance = Governance.builder()
        .budget(Budget.builder(BudgetScope.team("eng"), new BigDecimal("500"))      // USD
            .period(BudgetPeriod.MONTHLY).alertAt(0.8).build())                     // blocks when spent
        .budget(Budget.builder(BudgetScope.global(), new BigDecimal("50")).models("claude-opus-*")
            .period(BudgetPeriod.DAILY).onBreach(BreachAction.downgradeTo("cheap")).build())
        .rateLimit(RateLimit.deployment("openai/gpt-5.4", 500, 2_000_000))         // RPM, TPM
        .policy(Policy.builder().denyTool("^shell\\.exec$").denyModel("*-preview").maxTokens(16_384).build())
        .zone(ZoneId.of("Europe/Paris"))                                            // periods start at midnight there
        .addListener(new GovernanceListener() { /* spend rows, alerts, breaches, unpriced models */ })
        .build();
    try (LlmRouter router = LlmRouter.builder()
        .adapterFactory(upstream)
        .addProvider(ProviderConfig.builder("anthropic", "fake").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build())
        .route("claude-sonnet-4-6", "anthropic")
        .route("cheap", "anthropic", "claude-haiku-4-5")
        .governance(governance).build()) {
      ChatRequest request = ChatRequest.builder().model("claude-sonnet-4-6").addMessage(Message.user("hi")).build();

      MintedKey key = governance.keys().mint(KeySpec.builder().team("eng").user("ada")
          .allowModel("claude-*").budget(new BigDecimal("20"), BudgetPeriod.WEEKLY).rpm(60).build());
      assertThat(key.secret()).startsWith("sk-llmr-");
      router.withKey(key.secret()).chat(request);
      governance.keys().revoke(key.record().id());
      assertThatThrownBy(() -> router.withKey(key.secret()).chat(request)).isInstanceOf(AuthenticationException.class);
    }
    assertThat(upstream.calls).singleElement().extracting(FakeUpstream.Call::maxTokens).isEqualTo(16_384);
  }
}
