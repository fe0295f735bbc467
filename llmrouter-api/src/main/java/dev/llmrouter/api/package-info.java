/**
 * The public face of llmrouter: the {@link dev.llmrouter.api.LlmClient} interface, the
 * {@link dev.llmrouter.api.WireFormat} enum and {@link dev.llmrouter.api.Secret}. This module has no
 * third-party dependency.
 *
 * <p>Conventions: collections are never {@code null} (copied immutably); scalar fields documented as
 * optional may be {@code null}; accessors have no {@code get} prefix.
 */
package dev.llmrouter.api;
