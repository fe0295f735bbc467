package dev.llmrouter.benchmarks;

import dev.llmrouter.api.WireFormat;

/**
 * A benchmark's {@code route} parameter: {@code "anthropic->openai-chat"} (a client of the first format,
 * an upstream of the second), {@code "anthropic:passthrough"} (both of one format) or
 * {@code "anthropic:raw-copy"}, {@code "anthropic:jackson-parse-only"}… (a baseline over the same
 * bodies of one format).
 *
 * @param client the format the client speaks (the format of the bytes, for a baseline)
 * @param upstream the format the upstream speaks; {@code null} for a baseline
 * @param baseline the baseline's name; {@code null} for a call through the router
 */
record Route(WireFormat client, WireFormat upstream, String baseline) {
  static final String PASSTHROUGH = "passthrough";

  static Route parse(String value) {
    int arrow = value.indexOf("->");
    if (arrow > 0) {
      WireFormat client = WireFormat.fromId(value.substring(0, arrow));
      return new Route(client, WireFormat.fromId(value.substring(arrow + 2)), null);
    }
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("route '" + value + "' is neither 'client->upstream' nor 'format:kind'");
    }
    WireFormat format = WireFormat.fromId(value.substring(0, colon));
    String kind = value.substring(colon + 1);
    return PASSTHROUGH.equals(kind) ? new Route(format, format, null) : new Route(format, null, kind);
  }

  boolean isBaseline() {
    return baseline != null;
  }
}
