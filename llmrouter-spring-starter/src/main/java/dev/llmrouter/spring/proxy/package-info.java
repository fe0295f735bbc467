/**
 * The local HTTP proxy for coding CLIs: one plain servlet serving the four front doors (Anthropic
 * Messages, OpenAI Chat Completions, OpenAI Responses, Gemini), model listings, {@code /healthz} and
 * {@code /readyz}, each mapped onto {@link dev.llmrouter.core.LlmRouter#handle}. Off unless
 * {@code llmrouter.proxy.enabled=true} in a servlet web application.
 */
package dev.llmrouter.spring.proxy;
