package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc32Mpeg2Test {
  @Test
  void matchesTheCatalogueCheckValue() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0x0376E6E7, Crc32Mpeg2.of(check, 0, check.length));
  }

  @Test
  void aSectionWithItsCrcSumsToZero() {
    byte[] section = TsBuilder.patSection(1, 0, 1, 0x1000);
    assertEquals(0, Crc32Mpeg2.of(section, 0, section.length));
    section[9] ^= 0x01;
    assertNotEquals(0, Crc32Mpeg2.of(section, 0, section.length));
  }
}
