package io.iptvorigin.xtream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathSegmentsTest {
  @ParameterizedTest
  @ValueSource(strings = {"plain", "a+b@c.d", "p/ss ?#%&w", "ü€😀", "..", "%2F", "a;b\\c"})
  void encodedSegmentsDecodeToTheValueAndHoldNoSeparator(String value) {
    String encoded = PathSegments.encode(value);
    assertTrue(encoded.matches("[A-Za-z0-9._~%-]+"), encoded);
    assertEquals(Optional.of(value), PathSegments.decode(encoded));
  }

  @org.junit.jupiter.api.Test
  void plusAndSpaceAreNotFormEncoding() {
    assertEquals("a%2Bb%20c", PathSegments.encode("a+b c"));
    assertEquals(Optional.of("a+b"), PathSegments.decode("a+b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%2", "%zz", "a%G1", "%C3%28", "%FF", "é"})
  void brokenEscapesAndNonUtf8AreRefused(String segment) {
    assertEquals(Optional.empty(), PathSegments.decode(segment));
  }
}
