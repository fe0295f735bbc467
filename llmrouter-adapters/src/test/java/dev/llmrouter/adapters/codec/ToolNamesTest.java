package dev.llmrouter.adapters.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolNamesTest {
  private static final String LONG = "mcp__github_enterprise_server__list_pull_request_review_comments_for_repository";

  @Test
  void namesATargetAcceptsAreNeverChanged() {
    assertThat(ToolNames.forTarget(WireFormat.OPENAI_CHAT, "get_weather")).isEqualTo("get_weather");
    assertThat(ToolNames.forTarget(WireFormat.ANTHROPIC_MESSAGES, LONG)).isEqualTo(LONG);
    assertThat(ToolNames.forTarget(WireFormat.GEMINI, "files.read:v2")).isEqualTo("files.read:v2");
  }

  @Test
  void rejectedNamesBecomeValidStableAndDistinct() {
    String openAi = ToolNames.forTarget(WireFormat.OPENAI_RESPONSES, LONG);
    assertThat(openAi).hasSize(64).matches("^[a-zA-Z0-9_-]{1,64}$").startsWith("mcp__github_enterprise");
    assertThat(ToolNames.forTarget(WireFormat.OPENAI_CHAT, LONG)).isEqualTo(openAi);
    assertThat(ToolNames.forTarget(WireFormat.OPENAI_CHAT, LONG + "2")).isNotEqualTo(openAi);
    assertThat(ToolNames.forTarget(WireFormat.ANTHROPIC_MESSAGES, "files.read:v2")).matches("^files_read_v2_[0-9a-f]{8}$");
    assertThat(ToolNames.forTarget(WireFormat.GEMINI, "1password-lookup")).matches("^_1password-lookup_[0-9a-f]{8}$");
  }

  @Test
  void aRequestIsRewrittenEverywhereANameAppearsAndTheClientGetsItsNamesBack() {
    ChatRequest client = ChatRequest.builder().model("m")
        .addTool(Tool.function(LONG, null, null))
        .toolChoice(ToolChoice.tool(LONG))
        .addMessage(Message.user("go"))
        .addMessage(Message.of(Role.ASSISTANT, List.of(ToolCallBlock.of("c1", LONG, "{}"))))
        .build();

    ChatRequest upstream = ToolNames.forTarget(WireFormat.OPENAI_CHAT, client);
    String mapped = upstream.tools().get(0).name();
    assertThat(upstream.toolChoice()).isEqualTo(ToolChoice.tool(mapped));
    assertThat(((ToolCallBlock) upstream.messages().get(1).content().get(0)).name()).isEqualTo(mapped);
    assertThat(ToolNames.forTarget(WireFormat.ANTHROPIC_MESSAGES, client)).isSameAs(client);

    ChatResponse answer = ChatResponse.builder().addContent(ToolCallBlock.of("c2", mapped, "{}")).build();
    assertThat(ToolNames.restorer(client).restore(answer).toolCalls()).extracting(ToolCallBlock::name).containsExactly(LONG);
    assertThat(ToolNames.restorer(client).restore("get_weather")).isEqualTo("get_weather");
    assertThat(ToolNames.restorer(ChatRequest.builder().model("m").addTool(Tool.function("f", null, null)).build())
        .isIdentity()).isTrue();
  }
}
