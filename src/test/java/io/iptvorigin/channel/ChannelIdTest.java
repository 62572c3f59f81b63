package io.iptvorigin.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.common.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelIdTest {
  @ParameterizedTest
  @ValueSource(strings = {"48681", "a", "News_HD-2", "Z9", "-", "_"})
  void lettersDigitsUnderscoreAndDashAreAnId(String id) {
    assertTrue(ChannelId.isValid(id));
    assertEquals(id, new ChannelId(id).value());
  }

  @Test
  void sixtyFourCharactersAreAnId() {
    assertTrue(ChannelId.isValid("a".repeat(64)));
  }

  @Test
  void sixtyFiveCharactersAreNot() {
    assertFalse(ChannelId.isValid("a".repeat(65)));
    assertThrows(IllegalArgumentException.class, () -> new ChannelId("a".repeat(65)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a|b", "a b", "a.b", "a/b", "../x", "ch\n1", "é", "48681 "})
  void anythingElseIsNotAnId(String id) {
    assertFalse(ChannelId.isValid(id));
    assertThrows(IllegalArgumentException.class, () -> new ChannelId(id));
  }

  @Test
  void nullIsNotAnId() {
    assertFalse(ChannelId.isValid(null));
    assertThrows(NullPointerException.class, () -> new ChannelId(null));
  }

  @Test
  void parseRefusesABadIdWithA400NamingChannelId() {
    ApiException e = assertThrows(ApiException.class, () -> ChannelId.parse("a|b"));
    assertEquals(400, e.status());
    assertEquals("invalid field 'channel_id': must match [A-Za-z0-9_-]{1,64}", e.getMessage());
  }

  @Test
  void parseAcceptsAGoodId() {
    assertEquals(new ChannelId("48681"), ChannelId.parse("48681"));
  }

  @Test
  void printsAsTheIdItself() {
    assertEquals("48681", new ChannelId("48681").toString());
  }
}
