package dev.llmrouter.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A virtual key as stored: everything but its secret.
 *
 * @param id a public identifier ({@code vk_…}), safe to log and show
 * @param hash the keyed hash of the secret (hex)
 * @param hint the secret's first and last characters, to recognise it in a list
 * @param organization the organisation the key belongs to, or {@code null}
 * @param team the team, or {@code null}
 * @param project the project, or {@code null}
 * @param user the user, or {@code null}
 * @param allowedModels the model names the key may ask for ({@code *} matches any run of characters);
 *     empty means every model
 * @param expiresAt when the key stops working, or {@code null} for never
 * @param createdAt when it was minted
 * @param revoked whether it was revoked
 * @param budgetNanos the key's own budget in nano-dollars, or {@code -1} for none
 * @param budgetPeriod the period of that budget ({@code DAILY}, {@code WEEKLY}, {@code MONTHLY},
 *     {@code LIFETIME}), or {@code null}
 * @param rpm the key's requests-per-minute limit, 0 for none
 * @param tpm the key's tokens-per-minute limit, 0 for none
 */
public record VirtualKeyRecord(
    String id,
    String hash,
    String hint,
    String organization,
    String team,
    String project,
    String user,
    List<String> allowedModels,
    Instant expiresAt,
    Instant createdAt,
    boolean revoked,
    long budgetNanos,
    String budgetPeriod,
    long rpm,
    long tpm) {
  public VirtualKeyRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hash, "hash");
    allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
  }

  /** This record, revoked. */
  public VirtualKeyRecord asRevoked() {
    return new VirtualKeyRecord(id, hash, hint, organization, team, project, user, allowedModels, expiresAt,
        createdAt, true, budgetNanos, budgetPeriod, rpm, tpm);
  }

  /** Shows no hash. */
  @Override
  public String toString() {
    return "VirtualKey{" + id + " " + hint + (revoked ? ", revoked" : "") + ", team=" + team + ", project="
        + project + ", user=" + user + "}";
  }
}
