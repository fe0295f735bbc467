package dev.llmrouter.core.governance;

import dev.llmrouter.api.model.Usage;
import java.time.Instant;

/**
 * One row of the spend ledger: one per governed call, whatever its outcome.
 *
 * @param requestId the router's id for the call
 * @param principal who the call was made for
 * @param requestedModel the model the caller asked for (after a downgrade, the cheaper one)
 * @param provider the provider that answered, or {@code null} when none did
 * @param upstreamModel the model that answered, or {@code null}
 * @param usage the usage billed; {@link Usage#estimated()} when the upstream did not report it all
 * @param cost its cost; {@link Cost#priced()} false when the model has no price
 * @param outcome how the call ended
 */
public record SpendRecord(Instant time, String requestId, Principal principal, String requestedModel,
    String provider, String upstreamModel, Usage usage, Cost cost, Outcome outcome) {
  public enum Outcome {
    /** Answered (for a stream: ended normally or closed by the caller). */
    SUCCEEDED,
    /** Answered from the response cache: nothing is billed. */
    CACHE_HIT,
    /** A stream broke after its answer started: billed for what was delivered. */
    BROKEN,
    /** Nothing answered: nothing is billed. */
    FAILED
  }
}
