package dev.llmrouter.adapters.testing;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.sse.SseParser;
import dev.llmrouter.api.spi.SseEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Reads the golden fixtures and client captures under {@code ../shared/protocols/}. The location comes
 * from the {@code llmrouter.shared.dir} system property (set by the parent pom), else {@code ../shared}
 * or {@code ../../shared} relative to the working directory.
 */
public final class Fixtures {
  private Fixtures() {}

  public static Path sharedDir() {
    String configured = System.getProperty("llmrouter.shared.dir");
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (String candidate : List.of("../shared", "../../shared", "../../../shared")) {
      Path p = Path.of(candidate);
      if (Files.isDirectory(p.resolve("protocols"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("cannot find ../shared; set -Dllmrouter.shared.dir");
  }

  /** {@code shared/protocols/fixtures/<relative>}, e.g. {@code "anthropic/01-simple-text.request.json"}. */
  public static Path fixture(String relative) {
    return sharedDir().resolve("protocols/fixtures").resolve(relative);
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(fixture(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String relative) {
    return new String(bytes(relative), StandardCharsets.UTF_8);
  }

  public static JsonNode json(String relative) {
    return JsonSupport.MAPPER.readTree(bytes(relative));
  }

  public static boolean exists(String relative) {
    return Files.exists(fixture(relative));
  }

  /** The SSE events of a {@code .sse} fixture. */
  public static List<SseEvent> sse(String relative) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser();
    parser.feed(bytes(relative), events::add);
    parser.finish(events::add);
    return events;
  }

  /** Case ids present in a protocol folder ({@code "01-simple-text"}, …), from its request files. */
  public static List<String> cases(String protocolDir) {
    try (Stream<Path> files = Files.list(sharedDir().resolve("protocols/fixtures").resolve(protocolDir))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".request.json") && n.split("\\.").length == 3)
          .map(n -> n.substring(0, n.indexOf('.')))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every captured client request under {@code shared/protocols/captures/<client>/}. */
  public static List<Path> captures(String client) {
    try (Stream<Path> files = Files.list(sharedDir().resolve("protocols/captures").resolve(client))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
