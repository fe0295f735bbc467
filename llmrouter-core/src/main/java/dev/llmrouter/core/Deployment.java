package dev.llmrouter.core;

import dev.llmrouter.api.Secret;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One place a model group can send a call: a provider, the model to ask it for, the keys to use, a
 * weight and optional rate limits.
 *
 * <pre>{@code
 * Deployment.builder("openai", "gpt-5.4")
 *     .weight(3)
 *     .keys(team1Key, team2Key)   // a subset of the provider's keys; all of them by default
 *     .rpm(500).tpm(200_000)
 *     .build();
 * }</pre>
 *
 * <p>The upstream model {@value #REQUESTED_MODEL} stands for the model the caller asked for, so that a
 * group behind a pattern (e.g. {@code claude-*}) forwards each name unchanged.
 */
public final class Deployment {
  /** An upstream model meaning "the model the caller asked for". */
  public static final String REQUESTED_MODEL = "*";

  private final String provider;
  private final String upstreamModel;
  private final int weight;
  private final List<Secret> keys;
  private final long rpm;
  private final long tpm;

  private Deployment(Builder b) {
    this.provider = b.provider;
    this.upstreamModel = b.upstreamModel;
    this.weight = b.weight;
    this.keys = List.copyOf(b.keys);
    this.rpm = b.rpm;
    this.tpm = b.tpm;
  }

  /** A deployment of weight 1 using all of the provider's keys, without limits. */
  public static Deployment of(String provider, String upstreamModel) {
    return builder(provider, upstreamModel).build();
  }

  public static Builder builder(String provider, String upstreamModel) {
    return new Builder(provider, upstreamModel);
  }

  public String provider() {
    return provider;
  }

  /** The model to ask the provider for, or {@link #REQUESTED_MODEL}. */
  public String upstreamModel() {
    return upstreamModel;
  }

  /** The model to ask for when the caller asked for {@code requestedModel}. */
  public String upstreamModelFor(String requestedModel) {
    return REQUESTED_MODEL.equals(upstreamModel) ? requestedModel : upstreamModel;
  }

  /** A copy asking for {@code model}. */
  Deployment withUpstreamModel(String model) {
    if (model.equals(upstreamModel)) {
      return this;
    }
    return builder(provider, model).weight(weight).keys(keys).rpm(rpm).tpm(tpm).build();
  }

  /** The share of traffic, relative to the group's other deployments; 0 is a standby. */
  public int weight() {
    return weight;
  }

  /** The keys this deployment may use; empty means all of the provider's keys. */
  public List<Secret> keys() {
    return keys;
  }

  /** Requests per minute the deployment may take, or 0 for no limit. */
  public long rpm() {
    return rpm;
  }

  /** Tokens per minute the deployment may take, or 0 for no limit. */
  public long tpm() {
    return tpm;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Deployment d
        && provider.equals(d.provider)
        && upstreamModel.equals(d.upstreamModel)
        && weight == d.weight
        && keys.equals(d.keys)
        && rpm == d.rpm
        && tpm == d.tpm;
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, upstreamModel, weight, keys, rpm, tpm);
  }

  /** {@code provider/model}, with the weight, key fingerprints and limits when set; never a key. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(provider).append('/').append(upstreamModel);
    if (weight != 1) {
      sb.append(" weight=").append(weight);
    }
    if (!keys.isEmpty()) {
      List<String> fingerprints = new ArrayList<>();
      for (Secret key : keys) {
        fingerprints.add(key.fingerprint());
      }
      sb.append(" keys=").append(fingerprints);
    }
    if (rpm > 0) {
      sb.append(" rpm=").append(rpm);
    }
    if (tpm > 0) {
      sb.append(" tpm=").append(tpm);
    }
    return sb.toString();
  }

  public static final class Builder {
    private final String provider;
    private final String upstreamModel;
    private int weight = 1;
    private final LinkedHashSet<Secret> keys = new LinkedHashSet<>();
    private long rpm;
    private long tpm;

    private Builder(String provider, String upstreamModel) {
      this.provider = ProviderConfig.requireText(provider, "provider");
      this.upstreamModel = ProviderConfig.requireText(upstreamModel, "upstream model");
    }

    public Builder weight(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("weight must not be negative: " + value);
      }
      this.weight = value;
      return this;
    }

    /** Restricts the deployment to these keys of its provider. */
    public Builder keys(Secret... values) {
      return keys(List.of(values));
    }

    public Builder keys(List<Secret> values) {
      for (Secret key : values) {
        keys.add(Objects.requireNonNull(key, "key"));
      }
      return this;
    }

    public Builder rpm(long value) {
      this.rpm = requireNotNegative(value, "rpm");
      return this;
    }

    public Builder tpm(long value) {
      this.tpm = requireNotNegative(value, "tpm");
      return this;
    }

    public Deployment build() {
      return new Deployment(this);
    }

    private static long requireNotNegative(long value, String what) {
      if (value < 0) {
        throw new IllegalArgumentException(what + " must not be negative: " + value);
      }
      return value;
    }
  }
}
