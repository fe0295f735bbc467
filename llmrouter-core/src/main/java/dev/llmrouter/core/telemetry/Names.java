package dev.llmrouter.core.telemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * Attribute names: the GenAI semantic conventions' own as plain strings (the semconv artifact is still
 * incubating), then the router's under {@code llmrouter.}.
 */
final class Names {
  static final AttributeKey<String> OPERATION = stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = stringKey("gen_ai.provider.name");
  /** The older name of {@link #PROVIDER}, still read by many backends. */
  static final AttributeKey<String> SYSTEM = stringKey("gen_ai.system");
  static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
  static final AttributeKey<Long> MAX_TOKENS = longKey("gen_ai.request.max_tokens");
  static final AttributeKey<Double> TEMPERATURE = doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Double> TOP_P = doubleKey("gen_ai.request.top_p");
  static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
  static final AttributeKey<String> RESPONSE_ID = stringKey("gen_ai.response.id");
  static final AttributeKey<List<String>> FINISH_REASONS = stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<Long> INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> CACHE_READ_TOKENS = longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> CACHE_WRITE_TOKENS = longKey("gen_ai.usage.cache_creation.input_tokens");
  static final AttributeKey<String> TOKEN_TYPE = stringKey("gen_ai.token.type");
  static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
  static final AttributeKey<Long> HTTP_STATUS = longKey("http.response.status_code");
  static final AttributeKey<String> EXCEPTION_TYPE = stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = stringKey("exception.message");

  static final AttributeKey<String> REQUEST_ID = stringKey("llmrouter.request_id");
  static final AttributeKey<Boolean> STREAM = booleanKey("llmrouter.stream");
  static final AttributeKey<String> CLIENT_FORMAT = stringKey("llmrouter.client_format");
  static final AttributeKey<String> ROUTER_PROVIDER = stringKey("llmrouter.provider");
  static final AttributeKey<String> MODEL_GROUP = stringKey("llmrouter.model_group");
  static final AttributeKey<String> DEPLOYMENT = stringKey("llmrouter.deployment");
  static final AttributeKey<String> KEY_ALIAS = stringKey("llmrouter.key_alias");
  static final AttributeKey<Long> ATTEMPT = longKey("llmrouter.attempt");
  static final AttributeKey<Long> ATTEMPTS = longKey("llmrouter.attempts");
  static final AttributeKey<Boolean> PASSTHROUGH = booleanKey("llmrouter.passthrough");
  static final AttributeKey<String> UPSTREAM_FORMAT = stringKey("llmrouter.upstream_format");
  static final AttributeKey<String> RETRY_REASON = stringKey("llmrouter.retry_reason");
  static final AttributeKey<String> OUTCOME = stringKey("llmrouter.outcome");
  static final AttributeKey<Long> FALLBACKS = longKey("llmrouter.fallbacks");
  static final AttributeKey<String> FALLBACK_REASON = stringKey("llmrouter.fallback_reason");
  static final AttributeKey<String> FALLBACK_FROM = stringKey("llmrouter.fallback.from");
  static final AttributeKey<String> FALLBACK_TO = stringKey("llmrouter.fallback.to");
  static final AttributeKey<Boolean> CACHE_HIT = booleanKey("llmrouter.cache_hit");
  static final AttributeKey<Double> COST = doubleKey("llmrouter.cost");
  static final AttributeKey<String> VIRTUAL_KEY = stringKey("llmrouter.virtual_key_id");
  static final AttributeKey<String> BUDGET_STATE = stringKey("llmrouter.budget_state");
  static final AttributeKey<String> CIRCUIT_FROM = stringKey("llmrouter.circuit.from");
  static final AttributeKey<String> CIRCUIT_TO = stringKey("llmrouter.circuit.to");

  private Names() {}
}
