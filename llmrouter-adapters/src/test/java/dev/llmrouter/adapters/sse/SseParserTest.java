package dev.llmrouter.adapters.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.spi.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {

  private static List<SseEvent> parseInChunks(byte[] bytes, int chunk) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser();
    for (int i = 0; i < bytes.length; i += chunk) {
      parser.feed(bytes, i, Math.min(chunk, bytes.length - i), events::add);
    }
    parser.finish(events::add);
    return events;
  }

  @Test
  void joinsMultiLineDataAndKeepsEventNames() {
    String text = "event: message_start\ndata: {\"a\":\ndata: 1}\n\n";
    assertThat(parseInChunks(text.getBytes(StandardCharsets.UTF_8), 1000))
        .containsExactly(new SseEvent("message_start", "{\"a\":\n1}"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 9, 16})
  void joinsDataLinesThatArriveInDifferentChunks(int chunk) {
    String text = "data: one\ndata: two\r\ndata: three\n\nevent: e\ndata: four\n\n";
    assertThat(parseInChunks(text.getBytes(StandardCharsets.UTF_8), chunk))
        .containsExactly(SseEvent.data("one\ntwo\nthree"), new SseEvent("e", "four"));
  }

  @Test
  void aCrlfCutByAnEmptyChunkIsStillOneLineEnd() {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser();
    byte[] first = "data: a\r".getBytes(StandardCharsets.UTF_8);
    byte[] second = "\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
    parser.feed(first, events::add);
    parser.feed(second, 0, 0, events::add);
    parser.feed(second, events::add);
    parser.finish(events::add);
    // a LF taken for a line of its own would end the event after "a"
    assertThat(events).containsExactly(SseEvent.data("a\nb"));
  }

  @Test
  void skipsCommentsAndKeepAlives() {
    String text = ": OPENROUTER PROCESSING\n\n:ping\ndata: x\n\n: another\n\n";
    assertThat(parseInChunks(text.getBytes(StandardCharsets.UTF_8), 3)).containsExactly(SseEvent.data("x"));
  }

  @Test
  void acceptsCrlfCrAndLfLineEndings() {
    String text = "data: a\r\n\r\ndata: b\r\rdata: c\n\nevent: e\r\ndata: d\r\n\r\n";
    assertThat(parseInChunks(text.getBytes(StandardCharsets.UTF_8), 1))
        .containsExactly(SseEvent.data("a"), SseEvent.data("b"), SseEvent.data("c"), new SseEvent("e", "d"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7, 13, 64, 4096})
  void aFrameSplitAnywhereGivesTheSameEvents(int chunk) {
    // multi-byte UTF-8 (é, 🌧) so that some splits fall inside a character
    String text = "event: content_block_delta\r\ndata: {\"text\":\"pluie 🌧 à Paris\"}\r\n\r\n"
        + "data: {\"partial_json\":\"{\\\"loc\"}\n\ndata: [DONE]\n\n";
    List<SseEvent> events = parseInChunks(text.getBytes(StandardCharsets.UTF_8), chunk);
    assertThat(events)
        .containsExactly(
            new SseEvent("content_block_delta", "{\"text\":\"pluie 🌧 à Paris\"}"),
            SseEvent.data("{\"partial_json\":\"{\\\"loc\"}"),
            SseEvent.data("[DONE]"));
  }

  @Test
  void emitsALastEventWithoutItsBlankLine() {
    assertThat(parseInChunks("data: last".getBytes(StandardCharsets.UTF_8), 4)).containsExactly(SseEvent.data("last"));
  }

  @Test
  void dataFieldWithoutSpaceAndEmptyData() {
    assertThat(parseInChunks("data:x\n\ndata:\n\n".getBytes(StandardCharsets.UTF_8), 2))
        .containsExactly(SseEvent.data("x"), SseEvent.data(""));
  }

  @Test
  void geminiCrlfFixtureSplitsIntoOneEventPerChunk() {
    byte[] bytes = Fixtures.bytes("gemini/03-tool-call.response.sse");
    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\r\n\r\n");
    List<SseEvent> whole = parseInChunks(bytes, bytes.length);
    assertThat(whole).hasSizeGreaterThan(1);
    assertThat(whole).allSatisfy(e -> assertThat(e.data()).startsWith("{").endsWith("}"));
    assertThat(parseInChunks(bytes, 1)).isEqualTo(whole);
  }

  @Test
  void writerOutputParsesBack() {
    SseEvent event = new SseEvent("x", "line1\nline2");
    assertThat(parseInChunks(SseWriter.toBytes(event), 1)).containsExactly(event);
    assertThat(SseWriter.toText(SseEvent.data("[DONE]"))).isEqualTo("data: [DONE]\n\n");
  }
}
