package dev.llmrouter.adapters.codec.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ToolNames;
import dev.llmrouter.adapters.codec.gemini.GeminiCodec;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolResultBlock;
import dev.llmrouter.api.spi.TokenCountCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every request real clients sent (Claude Code, Codex CLI, Gemini CLI, opencode in four dialects, the
 * official JS SDKs; {@code captures/}), but for GET and HEAD probes, decoded by its format's codec,
 * encoded for each other format, decoded by that format's codec and encoded back to its own format,
 * without error. On the way the conversation keeps its shape: as many turns, the same tool calls and
 * results, the client's function tools (under the names the target accepts; hosted tools dropped),
 * and the text of every system instruction.
 */
class CapturesMatrixTest {

  static Stream<Arguments> captures() {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> clients = Files.list(Fixtures.sharedDir().resolve("protocols/captures"))) {
      for (Path client : clients.sorted().toList()) {
        for (Path capture : Fixtures.captures(client.getFileName().toString())) {
          JsonNode file = JsonSupport.MAPPER.readTree(capture.toFile());
          if (file.path("method").asString("").equals("POST")) {
            for (Format target : Format.values()) {
              if (target != formatOf(file.path("path").asString())) {
                out.add(Arguments.of(client.getFileName() + "/" + capture.getFileName(), target));
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.stream();
  }

  private static Format formatOf(String path) {
    if (path.endsWith("/v1/messages") || path.endsWith("/v1/messages/count_tokens")) {
      return Format.ANTHROPIC;
    }
    if (path.endsWith("/chat/completions")) {
      return Format.CHAT;
    }
    if (path.endsWith("/responses")) {
      return Format.RESPONSES;
    }
    if (path.contains(":generateContent") || path.contains(":streamGenerateContent") || path.contains(":countTokens")) {
      return Format.GEMINI;
    }
    throw new IllegalArgumentException("no format serves " + path);
  }

  /** One POST of a client, as its front door reads it. */
  private record Capture(Format format, boolean countTokens, String model, boolean stream, byte[] body) {
    static Capture read(String name) {
      JsonNode file = JsonSupport.MAPPER.readTree(Fixtures.sharedDir().resolve("protocols/captures/" + name).toFile());
      String path = file.path("path").asString();
      Format format = formatOf(path);
      boolean countTokens = path.endsWith("count_tokens") || path.contains(":countTokens");
      String model = path.contains("/models/") ? path.substring(path.indexOf("/models/") + 8, path.lastIndexOf(':')) : null;
      return new Capture(format, countTokens, model, path.contains(":streamGenerateContent"),
          JsonSupport.writeBytes(file.path("body")));
    }

    ChatRequest decode() {
      return CapturesMatrixTest.decode(format, body, countTokens, model, stream);
    }
  }

  private static ChatRequest decode(Format format, byte[] body, boolean countTokens, String model, boolean stream) {
    if (countTokens) {
      return ((TokenCountCodec) format.codec()).decodeCountTokensRequest(body);
    }
    if (format == Format.GEMINI) {
      return ((GeminiCodec) format.codec()).decodeRequest(body, model, stream);
    }
    return format.codec().decodeRequest(body);
  }

  private static byte[] encode(Format format, ChatRequest request, boolean countTokens) {
    if (countTokens && format.codec() instanceof TokenCountCodec counting) {
      return counting.encodeCountTokensRequest(request);
    }
    return format.codec().encodeRequest(request, request.stream());
  }

  @ParameterizedTest(name = "{0} -> {1} -> back")
  @MethodSource("captures")
  void aCapturedRequestTranslatesToAnotherFormatAndBackKeepingItsShape(String name, Format target) {
    Capture capture = Capture.read(name);
    ChatRequest original = capture.decode();

    ChatRequest routed = original.toBuilder().model(target.fixtureModel()).build();
    byte[] translated = encode(target, routed, capture.countTokens());
    boolean targetCounts = capture.countTokens() && target.codec() instanceof TokenCountCodec;
    ChatRequest there = decode(target, translated, targetCounts, target.fixtureModel(), original.stream());
    byte[] back = encode(capture.format(), there.toBuilder().model(original.model()).build(), capture.countTokens());
    ChatRequest home = decode(capture.format(), back, capture.countTokens(), original.model(), original.stream());

    assertThat(turns(there)).as("turns after translation").isEqualTo(turns(original));
    assertThat(calls(there)).as("tool calls").isEqualTo(calls(original));
    assertThat(results(there)).as("tool results").isEqualTo(results(original));
    List<String> functions = original.tools().stream().filter(Tool::isFunction).map(Tool::name)
        .map(n -> ToolNames.forTarget(target.wire(), n)).toList();
    assertThat(there.tools()).as("function tools, hosted ones dropped").extracting(Tool::name)
        .containsExactlyElementsOf(functions);
    String text = allText(there);
    for (String instruction : instructions(original)) {
      assertThat(text).as("system text").contains(instruction);
    }
    assertThat(turns(home)).as("turns back home").isEqualTo(turns(original));
    assertThat(home.tools()).extracting(Tool::name).containsExactlyElementsOf(functions);
  }

  /** The roles of the conversation, instructions aside, consecutive turns of one role counted once. */
  private static List<Role> turns(ChatRequest request) {
    List<Role> turns = new ArrayList<>();
    for (Message message : request.messages()) {
      Role role = message.role() == Role.ASSISTANT ? Role.ASSISTANT : Role.USER;
      boolean instruction = message.role() == Role.SYSTEM || message.role() == Role.DEVELOPER;
      boolean onlyOpaque = message.content().stream().allMatch(CapturesMatrixTest::isOpaque);
      if (instruction || onlyOpaque || !turns.isEmpty() && turns.get(turns.size() - 1) == role) {
        continue;
      }
      turns.add(role);
    }
    return turns;
  }

  /** A block only its own format can read (an empty carrier text, another format's reasoning). */
  private static boolean isOpaque(ContentBlock block) {
    return block instanceof TextBlock t && t.text().isEmpty() || block instanceof ReasoningBlock;
  }

  private static List<String> calls(ChatRequest request) {
    List<String> calls = new ArrayList<>();
    for (Message message : request.messages()) {
      for (ContentBlock block : message.content()) {
        if (block instanceof ToolCallBlock call) {
          calls.add(call.id() + ":" + JsonSupport.parseOrNull(call.arguments()));
        }
      }
    }
    return calls;
  }

  private static List<String> results(ChatRequest request) {
    List<String> results = new ArrayList<>();
    for (Message message : request.messages()) {
      for (ContentBlock block : message.content()) {
        if (block instanceof ToolResultBlock result) {
          results.add(result.toolCallId());
        }
      }
    }
    return results;
  }

  /** The system blocks and the text of instruction messages: what must reach the target in some slot. */
  private static List<String> instructions(ChatRequest request) {
    List<String> texts = new ArrayList<>();
    request.system().forEach(b -> texts.add(b.text()));
    for (Message message : request.messages()) {
      if (message.role() == Role.SYSTEM || message.role() == Role.DEVELOPER) {
        message.content().stream().filter(b -> b instanceof TextBlock).forEach(b -> texts.add(((TextBlock) b).text()));
      }
    }
    texts.removeIf(String::isBlank);
    return texts;
  }

  private static String allText(ChatRequest request) {
    StringBuilder sb = new StringBuilder(request.systemText());
    for (Message message : request.messages()) {
      message.content().stream().filter(b -> b instanceof TextBlock).forEach(b -> sb.append('\n').append(((TextBlock) b).text()));
    }
    return sb.toString();
  }
}
