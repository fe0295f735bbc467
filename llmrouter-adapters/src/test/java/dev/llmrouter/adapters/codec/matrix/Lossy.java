package dev.llmrouter.adapters.codec.matrix;

import static dev.llmrouter.adapters.codec.matrix.Format.ANTHROPIC;
import static dev.llmrouter.adapters.codec.matrix.Format.CHAT;
import static dev.llmrouter.adapters.codec.matrix.Format.GEMINI;
import static dev.llmrouter.adapters.codec.matrix.Format.RESPONSES;
import static dev.llmrouter.adapters.codec.matrix.Scenario.Kind.ERROR;
import static dev.llmrouter.adapters.codec.matrix.Scenario.Kind.REQUEST;
import static dev.llmrouter.adapters.codec.matrix.Scenario.Kind.RESPONSE;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The documented lossy items of the fixtures ({@code manifest.json → cases[].lossy}) and of the
 * translation rules (protocols README §8), each as a named exception: where it applies (kind, case
 * numbers or exact case files,
 * the format translated from and the one written) and the one difference it excuses. An exception
 * that applies to a cell but finds nothing to excuse there fails the cell, so that the list cannot
 * outlive the code. The README's "Translation" table is this list in prose.
 */
final class Lossy {
  /** Changes the normalised trees to excuse one difference; returns whether it found the difference. */
  interface Excuse {
    boolean apply(ObjectNode expected, ObjectNode actual);
  }

  record Rule(String name, Predicate<Scenario> appliesTo, Excuse excuse) {}

  private static final Set<String> ALL_CASES = Set.of("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11");

  static final List<Rule> RULES = List.of(
      // ---- requests: client format -> upstream format
      new Rule("01 user id: Gemini has no per-request user field (manifest 01)",
          where(REQUEST, Set.of("01", "08", "09"), from(GEMINI), to(ANTHROPIC, CHAT, RESPONSES)),
          (e, a) -> JsonCompare.remove(e, "metadata") | JsonCompare.remove(e, "user")),
      new Rule("02 cache_control on a system block: no inline equivalent outside Anthropic (manifest 02)",
          where(REQUEST, Set.of("02"), from(CHAT, RESPONSES, GEMINI), to(ANTHROPIC)),
          (e, a) -> JsonCompare.remove(e, "system[*].cache_control")),
      new Rule("02 stop sequences: the Responses API has no stop parameter (manifest 02)",
          where(REQUEST, Set.of("02"), from(RESPONSES), to(ANTHROPIC, CHAT, GEMINI)),
          (e, a) -> JsonCompare.remove(e, "stop_sequences") | JsonCompare.remove(e, "stop")
              | JsonCompare.remove(e, "generationConfig.stopSequences")),
      new Rule("05 parallel calls are on by default: Anthropic and Gemini leave out what OpenAI spells "
              + "parallel_tool_calls: true (manifest 05)",
          where(REQUEST, Set.of("05"), from(ANTHROPIC, GEMINI), to(CHAT, RESPONSES)),
          (e, a) -> e.path("parallel_tool_calls").asBoolean(false) && JsonCompare.remove(e, "parallel_tool_calls")),
      new Rule("10 another provider's reasoning is not replayed to a Chat upstream: reasoning_content goes back "
              + "only to the Chat server that wrote it (manifest 07, 10)",
          where(REQUEST, Set.of("10"), from(ANTHROPIC, RESPONSES, GEMINI), to(CHAT)),
          (e, a) -> JsonCompare.remove(e, "messages[*].reasoning_content")),
      new Rule("10 another provider's reasoning state is dropped towards Responses: the call goes without a "
              + "reasoning item (§8.0 signatures, rule 4)",
          where(REQUEST, Set.of("10"), from(ANTHROPIC, CHAT, GEMINI), to(RESPONSES)),
          (e, a) -> removeElements(e.path("input"), item -> item.path("type").asString("").equals("reasoning"))),
      new Rule("10 no Anthropic signature to replay: thinking is off for this request rather than a certain 400 "
              + "(§8.0 signatures, rule 4; manifest 10)",
          where(REQUEST, Set.of("10"), from(CHAT, RESPONSES, GEMINI), to(ANTHROPIC)),
          (e, a) -> JsonCompare.remove(e, "thinking")
              & removeElements(e.path("messages").path(1).path("content"),
                  block -> block.path("type").asString("").equals("thinking"))),
      new Rule("11 Gemini's parametersJsonSchema carries no $schema, so tools from a Gemini client have none",
          where(REQUEST, Set.of("11"), from(GEMINI), to(ANTHROPIC, CHAT, RESPONSES)),
          (e, a) -> JsonCompare.remove(e, "tools[*].input_schema.$schema")
              | JsonCompare.remove(e, "tools[*].function.parameters.$schema")
              | JsonCompare.remove(e, "tools[*].parameters.$schema")),

      // ---- responses: upstream format -> client format
      new Rule("02 which stop sequence matched is known only to Anthropic: others say end of turn (manifest 02)",
          where(RESPONSE, Set.of("02"), from(CHAT, RESPONSES, GEMINI), to(ANTHROPIC)),
          (e, a) -> {
            if (!e.path("stop_reason").asString("").equals("stop_sequence")) {
              return false;
            }
            e.put("stop_reason", "end_turn");
            e.putNull("stop_sequence");
            return true;
          }),
      new Rule("Gemini's per-modality token counts (promptTokensDetails, cacheTokensDetails) have no field elsewhere",
          where(RESPONSE, ALL_CASES, from(ANTHROPIC, CHAT, RESPONSES), to(GEMINI)),
          (e, a) -> JsonCompare.remove(e, "usageMetadata.promptTokensDetails")
              | JsonCompare.remove(e, "usageMetadata.cacheTokensDetails")),
      new Rule("03/05/07 a Gemini thoughtSignature has no slot of its own elsewhere: it travels to the client as an "
              + "extra reasoning block whose opaque value is the router envelope (§8.5; manifest 03)",
          where(RESPONSE, Set.of("03", "05-parallel-tool-calls", "07"), from(GEMINI), to(ANTHROPIC, RESPONSES)),
          (e, a) -> removeElements(a.path("content"),
                  block -> block.path("type").asString("").equals("thinking")
                      && block.path("thinking").asString("x").isEmpty())
              | removeElements(a.path("output"),
                  item -> item.path("type").asString("").equals("reasoning") && item.path("summary").isEmpty())),
      new Rule("03/05 calls of another provider come to a Gemini client without a thoughtSignature (none was issued)",
          where(RESPONSE, Set.of("03", "05-parallel-tool-calls"), from(ANTHROPIC, CHAT, RESPONSES), to(GEMINI)),
          (e, a) -> JsonCompare.remove(e, "candidates[*].content.parts[*].thoughtSignature")),
      new Rule("07 Anthropic reports no separate thinking-token count: reasoning tokens read 0 and Gemini's "
              + "candidates count includes the thoughts (§8.5 usage)",
          where(RESPONSE, Set.of("07"), from(ANTHROPIC), to(CHAT, RESPONSES, GEMINI)),
          Lossy::withoutReasoningTokens),

      // ---- errors: upstream format -> client format
      new Rule("08 the quota details of a Gemini 429 (QuotaFailure, Help) are not carried by the typed error; "
              + "RetryInfo is rebuilt from retry-after",
          where(ERROR, Set.of("08"), from(ANTHROPIC, CHAT, RESPONSES, GEMINI), to(GEMINI)),
          (e, a) -> removeElements(e.path("error").path("details"),
              detail -> !detail.path("@type").asString("").endsWith("google.rpc.RetryInfo"))));

  private Lossy() {}

  /** Applies every rule for {@code scenario}; returns the names of those that applied but excused nothing. */
  static List<String> apply(Scenario scenario, ObjectNode expected, ObjectNode actual) {
    List<String> unused = new ArrayList<>();
    for (Rule rule : RULES) {
      if (rule.appliesTo().test(scenario) && !rule.excuse().apply(expected, actual)) {
        unused.add(rule.name());
      }
    }
    return unused;
  }

  /** The names of the rules that apply to {@code scenario}, for failure messages. */
  static List<String> namesFor(Scenario scenario) {
    List<String> names = new ArrayList<>();
    for (Rule rule : RULES) {
      if (rule.appliesTo().test(scenario)) {
        names.add(rule.name());
      }
    }
    return names;
  }

  private static Predicate<Scenario> where(
      Scenario.Kind kind, Set<String> cases, Set<Format> from, Set<Format> to) {
    return s -> s.kind() == kind && (cases.contains(s.caseNumber()) || cases.contains(s.caseFile()))
        && from.contains(s.source()) && to.contains(s.target());
  }

  private static Set<Format> from(Format first, Format... rest) {
    return EnumSet.of(first, rest);
  }

  private static Set<Format> to(Format first, Format... rest) {
    return EnumSet.of(first, rest);
  }

  private static boolean removeElements(JsonNode array, Predicate<JsonNode> which) {
    if (!(array instanceof ArrayNode elements)) {
      return false;
    }
    boolean removed = false;
    for (int i = elements.size() - 1; i >= 0; i--) {
      if (which.test(elements.get(i))) {
        elements.remove(i);
        removed = true;
      }
    }
    return removed;
  }

  /** The expected usage as a provider that does not count thinking separately reports it. */
  private static boolean withoutReasoningTokens(ObjectNode expected, ObjectNode actual) {
    JsonNode chat = expected.path("usage").path("completion_tokens_details");
    JsonNode responses = expected.path("usage").path("output_tokens_details");
    JsonNode gemini = expected.path("usageMetadata");
    for (JsonNode details : List.of(chat, responses)) {
      if (details instanceof ObjectNode object && object.path("reasoning_tokens").asLong(0) > 0) {
        object.put("reasoning_tokens", 0);
        return true;
      }
    }
    if (gemini instanceof ObjectNode usage && usage.has("thoughtsTokenCount")) {
      usage.put("candidatesTokenCount",
          usage.path("candidatesTokenCount").asLong() + usage.remove("thoughtsTokenCount").asLong());
      return true;
    }
    return false;
  }
}
