package dev.llmrouter.api.model;

import java.util.List;
import java.util.Objects;

/**
 * One turn of the conversation.
 *
 * @param role who wrote it
 * @param content its blocks, in order
 * @param extras unmapped fields (e.g. OpenAI {@code name})
 */
public record Message(Role role, List<ContentBlock> content, ProviderFields extras) {
  public Message {
    Objects.requireNonNull(role, "role");
    content = content == null ? List.of() : List.copyOf(content);
    extras = extras == null ? ProviderFields.EMPTY : extras;
  }

  public static Message of(Role role, List<? extends ContentBlock> content) {
    return new Message(role, List.copyOf(content), ProviderFields.EMPTY);
  }

  public static Message user(String text) {
    return of(Role.USER, List.of(TextBlock.of(text)));
  }

  public static Message assistant(String text) {
    return of(Role.ASSISTANT, List.of(TextBlock.of(text)));
  }

  public static Message system(String text) {
    return of(Role.SYSTEM, List.of(TextBlock.of(text)));
  }

  /** The text blocks joined without separator. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (ContentBlock block : content) {
      if (block instanceof TextBlock t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }
}
