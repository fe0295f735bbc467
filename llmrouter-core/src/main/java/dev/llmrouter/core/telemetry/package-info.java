/**
 * The router's telemetry: OpenTelemetry spans and metrics under the GenAI semantic conventions, the
 * SLF4J request log with secret redaction, and the request id in MDC. Configured with
 * {@link dev.llmrouter.core.LlmRouter.Builder#openTelemetry}; see {@link dev.llmrouter.core.telemetry.RouterTelemetry}
 * for the names it records.
 */
package dev.llmrouter.core.telemetry;
