/** The opt-in response cache: {@link dev.llmrouter.core.cache.CacheConfig}, {@link dev.llmrouter.core.cache.ResponseCache}. */
package dev.llmrouter.core.cache;
