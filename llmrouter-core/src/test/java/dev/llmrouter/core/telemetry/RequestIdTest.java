package dev.llmrouter.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdTest {
  @Test
  void keepsASaneOfferedId() {
    assertThat(RouterTelemetry.requestId("req-42.abc:1")).isEqualTo("req-42.abc:1");
  }

  @Test
  void generatesDistinctVersion4UuidsOtherwise() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RouterTelemetry.requestId(i % 2 == 0 ? null : "not sane; " + i);
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }
}
