package dev.llmrouter.core.governance;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Rules every call must follow: tools it may not offer the model (regular expressions on the tool
 * name, e.g. {@code ^shell\.exec$}), models it may not use or the only ones it may use ({@code *}
 * wildcards; a denied model is refused as requested and as each deployment's upstream model, an
 * allowed one may match either), and a cap on {@code max_tokens}. A denied request gets {@code 403} naming the rule.
 *
 * <p>The cap lowers {@code max_tokens} (and sets it where a request has none): where the router encodes
 * the request itself, and in a passthrough body too, which the client's own codec then rewrites
 * ({@code WireCodec.withMaxTokens}) instead of forwarding it byte for byte.
 */
public final class Policy {
  /** No rules. */
  public static final Policy NONE = builder().build();

  private final List<Pattern> deniedTools;
  private final List<String> deniedModels;
  private final List<String> allowedModels;
  private final List<Pattern> deniedModelPatterns = new ArrayList<>();
  private final List<Pattern> allowedModelPatterns = new ArrayList<>();
  private final Integer maxTokensCap;

  private Policy(Builder b) {
    this.deniedTools = List.copyOf(b.deniedTools);
    this.deniedModels = List.copyOf(b.deniedModels);
    this.allowedModels = List.copyOf(b.allowedModels);
    this.maxTokensCap = b.maxTokensCap;
    deniedModels.forEach(glob -> deniedModelPatterns.add(Glob.compile(glob)));
    allowedModels.forEach(glob -> allowedModelPatterns.add(Glob.compile(glob)));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Integer maxTokensCap() {
    return maxTokensCap;
  }

  /** Checks the request as the caller sent it; returns it with {@code max_tokens} capped. */
  ChatRequest admit(ChatRequest request) {
    for (Tool tool : request.tools()) {
      for (Pattern denied : deniedTools) {
        if (denied.matcher(tool.name()).find()) {
          throw denied("deny-tool " + denied.pattern(), "tool '" + tool.name() + "' is not allowed");
        }
      }
    }
    checkModel(request.model());
    Integer asked = request.settings().maxTokens();
    if (maxTokensCap != null && (asked == null || asked > maxTokensCap)) {
      return request.toBuilder().maxTokens(maxTokensCap).build();
    }
    return request;
  }

  /** Checks the requested model against the deny rules; the allow rule waits for the upstream model. */
  private void checkModel(String model) {
    for (int i = 0; i < deniedModels.size(); i++) {
      if (deniedModelPatterns.get(i).matcher(model).matches()) {
        throw denied("deny-model " + deniedModels.get(i), "model '" + model + "' is not allowed");
      }
    }
  }

  /**
   * Checks an attempt: its upstream model against the deny rules; and the allow rule, which the
   * requested name (a group or alias) or the upstream model may satisfy.
   */
  void checkAttempt(String requestedModel, String upstreamModel) {
    checkModel(upstreamModel);
    if (!allowedModels.isEmpty() && allowedModelPatterns.stream().noneMatch(a -> a.matcher(requestedModel).matches()
        || a.matcher(upstreamModel).matches())) {
      throw denied("allow-models " + allowedModels, "model '" + upstreamModel + "' is not allowed");
    }
  }

  static LlmException denied(String rule, String what) {
    return LlmException.builder(ErrorKind.PERMISSION_DENIED, what + " (llmrouter policy rule: " + rule + ")")
        .build();
  }

  @Override
  public String toString() {
    return "Policy{deniedTools=" + deniedTools + ", deniedModels=" + deniedModels + ", allowedModels="
        + allowedModels + ", maxTokensCap=" + maxTokensCap + "}";
  }

  public static final class Builder {
    private final List<Pattern> deniedTools = new ArrayList<>();
    private final List<String> deniedModels = new ArrayList<>();
    private final List<String> allowedModels = new ArrayList<>();
    private Integer maxTokensCap;

    private Builder() {}

    /** Refuses requests offering a tool whose name matches {@code regex} (found anywhere unless anchored). */
    public Builder denyTool(String regex) {
      deniedTools.add(Pattern.compile(Objects.requireNonNull(regex, "regex")));
      return this;
    }

    /** Refuses a model matching {@code pattern} ({@code *} wildcards), requested or upstream. */
    public Builder denyModel(String pattern) {
      deniedModels.add(Objects.requireNonNull(pattern, "pattern"));
      return this;
    }

    /** Allows only models matching one of the patterns given with this method. */
    public Builder allowModel(String pattern) {
      allowedModels.add(Objects.requireNonNull(pattern, "pattern"));
      return this;
    }

    /** Caps {@code max_tokens} (a request without one gets the cap). */
    public Builder maxTokens(int cap) {
      if (cap < 1) {
        throw new IllegalArgumentException("the max_tokens cap must be positive: " + cap);
      }
      this.maxTokensCap = cap;
      return this;
    }

    public Policy build() {
      return new Policy(this);
    }
  }
}
