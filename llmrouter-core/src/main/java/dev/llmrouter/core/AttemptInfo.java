package dev.llmrouter.core;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import java.util.Objects;

/**
 * One upstream attempt of a call, as listeners and attempt interceptors see it. Retries and fallbacks
 * are further attempts of the same call.
 *
 * <p>For a passthrough attempt of {@link LlmRouter#handle} the client's body is decoded into
 * {@link #request()} only when something calls it: a listener or interceptor that needs just the
 * route should not.
 */
public final class AttemptInfo {
  private final CallInfo call;
  private final int number;
  private final String group;
  private final String provider;
  private final String upstreamModel;
  private final String keyFingerprint;
  private final WireFormat upstreamFormat;
  private final boolean passthrough;
  private final Lazily<ChatRequest> request;

  /**
   * @param call the call
   * @param number 1 for the first attempt of the call, counting every retry and fallback
   * @param group the model group the deployment belongs to
   * @param provider the provider's name
   * @param upstreamModel the model asked of the provider
   * @param keyFingerprint the fingerprint of the key used ({@link dev.llmrouter.api.Secret#fingerprint()}),
   *     or {@code null} when the provider needs none
   * @param upstreamFormat the wire format the provider speaks
   * @param passthrough whether the caller's body is forwarded unchanged (same wire format on both sides)
   * @param request the canonical request as it goes upstream (model rewritten), also for passthrough
   */
  public AttemptInfo(CallInfo call, int number, String group, String provider, String upstreamModel,
      String keyFingerprint, WireFormat upstreamFormat, boolean passthrough, ChatRequest request) {
    this(call, number, group, provider, upstreamModel, keyFingerprint, upstreamFormat, passthrough,
        Lazily.done(request));
  }

  AttemptInfo(CallInfo call, int number, String group, String provider, String upstreamModel, String keyFingerprint,
      WireFormat upstreamFormat, boolean passthrough, Lazily<ChatRequest> request) {
    this.call = call;
    this.number = number;
    this.group = group;
    this.provider = provider;
    this.upstreamModel = upstreamModel;
    this.keyFingerprint = keyFingerprint;
    this.upstreamFormat = upstreamFormat;
    this.passthrough = passthrough;
    this.request = request;
  }

  public CallInfo call() {
    return call;
  }

  public int number() {
    return number;
  }

  public String group() {
    return group;
  }

  public String provider() {
    return provider;
  }

  public String upstreamModel() {
    return upstreamModel;
  }

  public String keyFingerprint() {
    return keyFingerprint;
  }

  public WireFormat upstreamFormat() {
    return upstreamFormat;
  }

  public boolean passthrough() {
    return passthrough;
  }

  /**
   * The canonical request as it goes upstream (model rewritten), also for passthrough, where it is
   * decoded from the client's body on first call.
   *
   * @throws dev.llmrouter.api.error.LlmException BAD_REQUEST when a passthrough body cannot be decoded
   */
  public ChatRequest request() {
    return request.get();
  }

  /** Attempts are equal when they are the same attempt of the same call. */
  @Override
  public boolean equals(Object o) {
    return o instanceof AttemptInfo a
        && number == a.number
        && passthrough == a.passthrough
        && call.equals(a.call)
        && Objects.equals(group, a.group)
        && Objects.equals(provider, a.provider)
        && Objects.equals(upstreamModel, a.upstreamModel)
        && Objects.equals(keyFingerprint, a.keyFingerprint)
        && upstreamFormat == a.upstreamFormat;
  }

  @Override
  public int hashCode() {
    return Objects.hash(call, number, provider, upstreamModel);
  }

  @Override
  public String toString() {
    return "AttemptInfo[call=" + call + ", number=" + number + ", group=" + group + ", provider=" + provider
        + ", upstreamModel=" + upstreamModel + ", keyFingerprint=" + keyFingerprint + ", upstreamFormat="
        + upstreamFormat + ", passthrough=" + passthrough + "]";
  }
}
