package dev.llmrouter.core.routing;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.spi.SelectionStrategy;
import dev.llmrouter.core.TokenEstimator;
import java.util.List;

final class UsageBasedStrategy implements SelectionStrategy {

  @Override
  public Candidate select(String group, List<Candidate> candidates, ChatRequest request) {
    long tokens = TokenEstimator.estimateInput(request);
    Candidate best = null;
    double bestShare = Double.MAX_VALUE;
    for (Candidate candidate : candidates) {
      if (!fits(candidate, tokens)) {
        continue;
      }
      double share = Math.max(
          share(candidate.requestsLastMinute(), candidate.rpmLimit()),
          share(candidate.tokensLastMinute(), candidate.tpmLimit()));
      if (share < bestShare) {
        best = candidate;
        bestShare = share;
      }
    }
    return best;
  }

  private static boolean fits(Candidate candidate, long tokens) {
    return (candidate.rpmLimit() == 0 || candidate.requestsLastMinute() + 1 <= candidate.rpmLimit())
        && (candidate.tpmLimit() == 0 || candidate.tokensLastMinute() + tokens <= candidate.tpmLimit());
  }

  private static double share(long used, long limit) {
    return limit == 0 ? 0.0 : (double) used / limit;
  }

  @Override
  public String toString() {
    return "usageBased";
  }
}
