/**
 * The typed error hierarchy. Every {@link dev.llmrouter.api.error.LlmException} carries the provider,
 * the upstream status and type, a retry-after when given, and a message safe to log.
 */
package dev.llmrouter.api.error;
