package dev.llmrouter.core;

import dev.llmrouter.api.WireFormat;

/**
 * One logical call, as listeners see it.
 *
 * @param requestId the router's id for the call, also sent to adapters
 * @param model the model name the caller asked for
 * @param stream whether the caller asked for a stream
 * @param clientFormat the wire format the caller spoke to {@link LlmRouter#handle}, or {@code null}
 *     for an in-process call
 */
public record CallInfo(String requestId, String model, boolean stream, WireFormat clientFormat) {}
