/**
 * The canonical model: a superset of the Anthropic Messages, OpenAI Chat, OpenAI Responses and
 * Gemini wire formats, so that a round trip through it loses nothing both ends can express. JSON
 * Schemas and tool arguments are kept as JSON text; fields without a canonical slot ride in
 * {@link dev.llmrouter.api.model.ProviderFields}, tagged with their origin.
 */
package dev.llmrouter.api.model;
