package dev.llmrouter.adapters.codec.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.RequestHead;
import dev.llmrouter.api.spi.WireCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The passthrough shortcuts of every codec agree with the full decoders on every golden fixture:
 * {@link WireCodec#peekRequest} with {@code decodeRequest}'s model and stream flag, and
 * {@link WireCodec#decodeUsage} with {@code decodeResponse(...).usage()}.
 */
class CodecShortcutsTest {

  private static List<String> files(Format format, String suffix) {
    try (Stream<Path> files = Files.list(Fixtures.fixture(format.dir()))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void decodeUsageReadsWhatTheFullDecoderReads(Format format) {
    WireCodec codec = format.codec();
    int compared = 0;
    for (String file : files(format, ".response.json")) {
      byte[] body = Fixtures.bytes(format.file(file));
      Usage full;
      try {
        full = codec.decodeResponse(body).usage();
      } catch (LlmException notAnAnswer) {
        // error envelopes and count-tokens answers carry no usage
        assertThat(codec.decodeUsage(body)).as(file).isEqualTo(Usage.ZERO);
        continue;
      }
      assertThat(codec.decodeUsage(body)).as(file).isEqualTo(full);
      compared++;
    }
    assertThat(compared).as("answers with usage compared").isGreaterThanOrEqualTo(8);
  }

  /** A field named like the usage inside the answer (a tool's input) is not the answer's usage. */
  @ParameterizedTest
  @EnumSource(Format.class)
  void decodeUsageReadsOnlyTheTopLevelUsage(Format format) {
    WireCodec codec = format.codec();
    String usageField = format == Format.GEMINI ? "usageMetadata" : "usage";
    for (String file : files(format, ".response.json")) {
      ObjectNode body = (ObjectNode) Fixtures.json(format.file(file));
      if (!body.has(usageField)) {
        continue;
      }
      ObjectNode decoy = JsonSupport.NODES.objectNode();
      decoy.set(usageField, body.get(usageField).deepCopy());
      ObjectNode moved = JsonSupport.NODES.objectNode();
      moved.set("decoy", decoy);
      moved.setAll(body);
      Usage full = codec.decodeResponse(JsonSupport.writeBytes(body)).usage();
      assertThat(codec.decodeUsage(JsonSupport.writeBytes(moved))).as(file).isEqualTo(full);
      moved.remove(usageField);
      assertThat(codec.decodeUsage(JsonSupport.writeBytes(moved))).as(file).isEqualTo(Usage.ZERO);
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void peekRequestReadsTheModelAndStreamFlagTheDecoderReads(Format format) {
    WireCodec codec = format.codec();
    int compared = 0;
    for (String file : files(format, ".request.json")) {
      ObjectNode json = (ObjectNode) Fixtures.json(format.file(file));
      for (boolean stream : new boolean[] {false, true}) {
        if (stream) {
          json.put("stream", true);
        }
        byte[] body = JsonSupport.writeBytes(json);
        ChatRequest decoded;
        try {
          decoded = codec.decodeRequest(body);
        } catch (LlmException notAGenerateRequest) {
          continue; // count-tokens bodies of formats whose decoder wants a generate request
        }
        RequestHead head = codec.peekRequest(body);
        assertThat(head).as(file).isEqualTo(new RequestHead(decoded.model(), decoded.stream()));
        compared++;
      }
    }
    assertThat(compared).as("requests compared").isGreaterThanOrEqualTo(20);
  }

  /** A policy cap on a passthrough body: the decoder reads the same request, but for max_tokens. */
  @ParameterizedTest
  @EnumSource(Format.class)
  void withMaxTokensChangesTheLimitAndNothingElseTheDecoderReads(Format format) {
    WireCodec codec = format.codec();
    int compared = 0;
    for (String file : files(format, ".request.json")) {
      byte[] body = Fixtures.bytes(format.file(file));
      ChatRequest decoded;
      try {
        decoded = codec.decodeRequest(body);
      } catch (LlmException notAGenerateRequest) {
        continue;
      }
      ChatRequest capped = codec.decodeRequest(codec.withMaxTokens(body, 77));
      assertThat(capped).as(file).isEqualTo(decoded.toBuilder().maxTokens(77).build());
      compared++;
    }
    assertThat(compared).as("requests compared").isGreaterThanOrEqualTo(8);
  }

  @org.junit.jupiter.api.Test
  void aChatBodyKeepsItsOwnSpellingOfTheLimit() {
    WireCodec chat = Format.CHAT.codec();
    String legacy = "{\"model\":\"m\",\"max_tokens\":900,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(new String(chat.withMaxTokens(legacy.getBytes(StandardCharsets.UTF_8), 10), StandardCharsets.UTF_8))
        .contains("\"max_tokens\":10").doesNotContain("max_completion_tokens");
    String none = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(new String(chat.withMaxTokens(none.getBytes(StandardCharsets.UTF_8), 10), StandardCharsets.UTF_8))
        .contains("\"max_completion_tokens\":10").doesNotContain("\"max_tokens\"");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void peekRequestDoesNotRouteWhatTheDecoderRefuses(Format format) {
    WireCodec codec = format.codec();
    for (String body : new String[] {"[]", "{\"model\":", "{\"model\":\"m\"} {}", "{\"model\":\"m\",\"stream\":\"yes\"}"}) {
      assertThat(codec.peekRequest(body.getBytes(StandardCharsets.UTF_8))).as(body).isNull();
    }
  }
}
