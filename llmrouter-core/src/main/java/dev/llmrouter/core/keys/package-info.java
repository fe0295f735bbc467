/** Key pools: rotation over a provider's keys, cooldown of rate-limited keys, revocation of refused ones. */
package dev.llmrouter.core.keys;
