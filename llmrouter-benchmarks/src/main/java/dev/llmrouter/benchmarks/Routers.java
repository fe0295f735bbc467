package dev.llmrouter.benchmarks;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;

/** Routers over one in-memory upstream, as a proxy user would configure them. */
final class Routers {
  static final String PROVIDER = "upstream";
  /** An alias a library user would call the model by. */
  static final String ALIAS = "weather-assistant";

  private Routers() {}

  /**
   * A router with one provider speaking {@code upstream}, and a route from each format's fixture model
   * and from {@link #ALIAS} to a dated version of that provider's fixture model, so that every call
   * rewrites the model (passthrough included: its body is spliced, never sent as received).
   */
  static LlmRouter routingTo(WireFormat upstream) {
    LlmRouter.Builder builder = LlmRouter.builder()
        .adapterFactory(new InMemoryAdapterFactory())
        .addProvider(ProviderConfig.builder(PROVIDER, InMemoryAdapterFactory.TYPE)
            .wireFormat(upstream)
            .apiKey(Secret.of("sk-benchmark-key-not-a-secret"))
            .build());
    String upstreamModel = upstreamModel(upstream);
    for (WireFormat client : WireFormat.values()) {
      builder.route(Payloads.of(client).model(), PROVIDER, upstreamModel);
    }
    return builder.route(ALIAS, PROVIDER, upstreamModel).build();
  }

  /** The model name the upstream is asked for. */
  static String upstreamModel(WireFormat upstream) {
    return Payloads.of(upstream).model() + "-20260101";
  }
}
