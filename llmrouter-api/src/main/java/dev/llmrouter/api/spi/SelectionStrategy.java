package dev.llmrouter.api.spi;

import dev.llmrouter.api.model.ChatRequest;
import java.time.Duration;
import java.util.List;

/**
 * Picks the deployment of a model group that takes the next upstream attempt. Called once per attempt:
 * when an attempt fails, the router calls it again with the deployments still worth trying, so a
 * strategy also decides the order of failover inside a group.
 *
 * <p>Implementations are thread-safe and fast (they run on every attempt), must not block and must
 * not call the router.
 */
public interface SelectionStrategy {

  /**
   * Chooses one candidate.
   *
   * @param group the model group's name (strategies that keep per-group state key it by this name)
   * @param candidates the deployments that may take the attempt now (circuit not open, a key
   *     available), in configuration order; never empty
   * @param request the caller's canonical request
   * @return one element of {@code candidates}, or {@code null} when none of them should be used now
   *     (e.g. all are at their rate limits)
   */
  Candidate select(String group, List<Candidate> candidates, ChatRequest request);

  /**
   * Whether {@link #select} reads more of the request than its model and {@code stream()} flag. When it
   * does not, a passthrough call hands it a request with only those two set and the client's body
   * need not be decoded. The default is {@code true}: the strategy gets the whole request.
   */
  default boolean readsRequestContent() {
    return true;
  }

  /** A deployment as selection sees it: its configuration and live statistics. */
  interface Candidate {

    /** The provider's name in the router. */
    String provider();

    /** The model asked of the provider. */
    String upstreamModel();

    /** The configured weight; 0 marks a standby that is picked only when no weighted one is left. */
    int weight();

    /** Attempts and streams running now. */
    int inFlight();

    /** The mean duration of recent whole (non-streamed) calls, or {@code null} before the first one. */
    Duration averageLatency();

    /** The mean time to the first token of recent streams, or {@code null} before the first one. */
    Duration averageTimeToFirstToken();

    /** The configured requests-per-minute limit, or 0 for none. */
    long rpmLimit();

    /** The configured tokens-per-minute limit, or 0 for none. */
    long tpmLimit();

    /** Requests started in the last minute. */
    long requestsLastMinute();

    /** Tokens used in the last minute (estimated until an answer reports its usage). */
    long tokensLastMinute();
  }
}
