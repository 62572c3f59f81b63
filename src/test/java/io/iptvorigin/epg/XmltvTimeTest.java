package io.iptvorigin.epg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class XmltvTimeTest {
  private static final long NOON_UTC =
      LocalDateTime.of(2024, 3, 9, 12, 34, 56).toEpochSecond(ZoneOffset.UTC);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "20240309123456 +0000",
        "20240309123456",
        "20240309123456+0000",
        "20240309123456 UTC",
        "20240309123456 GMT",
        "20240309123456 Z",
        "20240309123456Z",
        "20240309123456 utc",
        "20240309123456 +00:00",
        "  20240309123456 +0000 \t",
        "20240309133456 +0100",
        "20240309133456+01:00",
        "20240309073456 -0500",
        "20240309180456 +0530",
        "20240309180456 +05:30",
        "20240309123456   +0000",
      })
  void everyFormOfTheSameInstant(String value) {
    assertEquals(NOON_UTC, XmltvTime.parse(value));
  }

  @ParameterizedTest
  @CsvSource({
    "20240309, 2024-03-09T00:00:00",
    "2024030912, 2024-03-09T12:00:00",
    "202403091234, 2024-03-09T12:34:00",
    "20240309 +0100, 2024-03-08T23:00:00",
    "202403091234 -0100, 2024-03-09T13:34:00",
    "20240229235959, 2024-02-29T23:59:59",
    "20000229000000, 2000-02-29T00:00:00",
    "19700101000000, 1970-01-01T00:00:00",
    "19691231235959, 1969-12-31T23:59:59",
    "00000101000000, 0000-01-01T00:00:00",
    "99991231235959, 9999-12-31T23:59:59",
    "20240101000000 +1800, 2023-12-31T06:00:00",
    "20240101000000 -1800, 2024-01-01T18:00:00",
  })
  void shorterFormsAndEdges(String value, String utc) {
    assertEquals(
        LocalDateTime.parse(utc).toEpochSecond(ZoneOffset.UTC), XmltvTime.parse(value), value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "2024",
        "2024030",
        "202403091",
        "20240309123",
        "2024030912345",
        "202403091234567",
        "20241309120000",
        "20240009120000",
        "20240230120000",
        "20230229120000",
        "20240431120000",
        "20240300120000",
        "20240309240000",
        "20240309126100",
        "20240309123460",
        "20240309123456 +1801",
        "20240309123456 +1900",
        "20240309123456 +0160",
        "20240309123456 +01",
        "20240309123456 +010",
        "20240309123456 +01000",
        "20240309123456 0100",
        "20240309123456 CET",
        "20240309123456 +01:0",
        "20240309123456 +0a00",
        "20240309123456 +0100 x",
        "2024-03-09 12:34:56",
        "x20240309123456",
        "２０２４０３０９",
      })
  void badInputsAreRefused(String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> XmltvTime.parse(value));
    assertTrue(e.getMessage().length() < 80, e.getMessage());
  }

  @Test
  void nullIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> XmltvTime.parse(null));
  }

  @Test
  void longGarbageIsShownShortened() {
    String garbage = "x".repeat(10_000);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> XmltvTime.parse(garbage));
    assertTrue(e.getMessage().length() < 80, e.getMessage());
  }

  @Test
  void formatIsUtcWithTheZone() {
    assertEquals("20240309123456 +0000", XmltvTime.format(NOON_UTC));
    assertEquals("19700101000000 +0000", XmltvTime.format(0));
    assertEquals("19691231235959 +0000", XmltvTime.format(-1));
  }

  @Test
  void formatAndParseAgreeWithJavaTime() {
    Random random = new Random(42);
    long min = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    long max = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
    for (int i = 0; i < 100_000; i++) {
      long t = min + (long) (random.nextDouble() * (max - min));
      String expected =
          LocalDateTime.ofEpochSecond(t, 0, ZoneOffset.UTC)
                  .format(java.time.format.DateTimeFormatter.ofPattern("uuuuMMddHHmmss"))
              + " +0000";
      assertEquals(expected, XmltvTime.format(t));
      assertEquals(t, XmltvTime.parse(expected));
    }
  }

  @Test
  void yearsOutsideFourDigitsCannotBeFormatted() {
    assertThrows(IllegalArgumentException.class, () -> XmltvTime.format(Long.MAX_VALUE / 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> XmltvTime.format(LocalDateTime.of(-1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC)));
  }
}
