package dev.llmrouter.core;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;

/**
 * One upstream attempt of a call, as listeners and attempt interceptors see it. Retries and fallbacks
 * are further attempts of the same call.
 *
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
public record AttemptInfo(
    CallInfo call,
    int number,
    String group,
    String provider,
    String upstreamModel,
    String keyFingerprint,
    WireFormat upstreamFormat,
    boolean passthrough,
    ChatRequest request) {}
