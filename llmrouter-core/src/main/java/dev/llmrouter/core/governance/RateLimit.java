package dev.llmrouter.core.governance;

import java.util.Objects;

/**
 * A requests- and tokens-per-minute limit on a deployment ({@code provider/model}) or a model group.
 * Limits of virtual keys come with the key ({@link KeySpec#rpm}, {@link KeySpec#tpm}).
 *
 * <p>Windows are fixed calendar minutes of the governance clock: simple to share through a store (one
 * counter per minute) at the price of allowing up to twice the limit across a minute boundary. A
 * refused call gets 429 with {@code retry-after} until the next minute. Tokens are counted as the
 * estimate (input estimate plus {@code max_tokens}) when the attempt starts and corrected to the real
 * usage when it ends.
 *
 * @param target {@code provider/model} or a group's name
 * @param rpm requests per minute, 0 for no limit
 * @param tpm tokens per minute, 0 for no limit
 */
public record RateLimit(Target kind, String target, long rpm, long tpm) {
  public enum Target { DEPLOYMENT, GROUP }

  public RateLimit {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    if (rpm < 0 || tpm < 0) {
      throw new IllegalArgumentException("rate limits must not be negative");
    }
  }

  public static RateLimit deployment(String providerSlashModel, long rpm, long tpm) {
    return new RateLimit(Target.DEPLOYMENT, providerSlashModel, rpm, tpm);
  }

  public static RateLimit group(String group, long rpm, long tpm) {
    return new RateLimit(Target.GROUP, group, rpm, tpm);
  }
}
