package io.iptvorigin.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthResourceTest {

  @Test
  void epochSecondsHasMillisecondsAsDecimals() {
    Instant instant = Instant.ofEpochMilli(1_699_379_012_123L);
    assertEquals("1699379012.123", HealthResource.epochSeconds(instant).toPlainString());
  }

  @Test
  void epochSecondsDropsSubMillisecondPrecision() {
    Instant instant = Instant.ofEpochSecond(1_699_379_012L, 123_999_999L);
    assertEquals("1699379012.123", HealthResource.epochSeconds(instant).toPlainString());
  }

  @Test
  void epochSecondsKeepsLeadingZeroMilliseconds() {
    Instant instant = Instant.ofEpochMilli(1_699_379_012_005L);
    assertEquals("1699379012.005", HealthResource.epochSeconds(instant).toPlainString());
  }
}
