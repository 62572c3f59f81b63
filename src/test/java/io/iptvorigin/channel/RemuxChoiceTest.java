package io.iptvorigin.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RemuxChoiceTest {
  @Test
  void wireNamesAreTheLowerCaseWords() {
    assertEquals("auto", RemuxChoice.AUTO.wireName());
    assertEquals("native", RemuxChoice.NATIVE.wireName());
    assertEquals("ffmpeg", RemuxChoice.FFMPEG.wireName());
  }

  @ParameterizedTest
  @EnumSource(RemuxChoice.class)
  void everyWireNameParsesBack(RemuxChoice choice) {
    assertEquals(Optional.of(choice), RemuxChoice.fromWire(choice.wireName()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "AUTO", "Native", "FFmpeg", " auto", "auto ", "fast", "NATIVE"})
  void anythingButTheExactLowerCaseWordIsNoChoice(String value) {
    assertEquals(Optional.empty(), RemuxChoice.fromWire(value));
  }

  @Test
  void nullIsNoChoice() {
    assertEquals(Optional.empty(), RemuxChoice.fromWire(null));
  }
}
