/**
 * Service-provider interfaces: {@link dev.llmrouter.api.spi.ProviderAdapter} (one provider's HTTP
 * dialect) and {@link dev.llmrouter.api.spi.WireCodec} (one wire format's JSON, both directions,
 * streams included). Implementations are found with {@link java.util.ServiceLoader}.
 */
package dev.llmrouter.api.spi;
