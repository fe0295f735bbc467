/**
 * Spring Boot auto-configuration of an {@link dev.llmrouter.core.LlmRouter} bean from the
 * {@code llmrouter.*} properties. No HTTP endpoint is registered here; the proxy lives in
 * {@code dev.llmrouter.spring.proxy} and is off unless {@code llmrouter.proxy.enabled=true}.
 */
package dev.llmrouter.spring.autoconfigure;
