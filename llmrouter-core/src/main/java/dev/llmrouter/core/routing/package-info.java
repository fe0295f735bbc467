/**
 * Deployment selection: {@link dev.llmrouter.core.routing.SelectionStrategies} makes the stock
 * {@link dev.llmrouter.api.spi.SelectionStrategy} implementations.
 */
package dev.llmrouter.core.routing;
