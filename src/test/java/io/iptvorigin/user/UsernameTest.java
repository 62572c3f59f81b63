package io.iptvorigin.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.common.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsernameTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "john123",
        "j",
        "john.doe@example.com",
        "a_b-c",
        "@",
        ".",
        "+x",
        "jane+tv@example.com"
      })
  void lettersDigitsAndUnderscoreDotAtDashAreAName(String name) {
    assertTrue(Username.isValid(name));
    assertEquals(name, new Username(name).value());
  }

  @Test
  void sixtyFourCharactersAreAName() {
    assertTrue(Username.isValid("u".repeat(64)));
  }

  @Test
  void sixtyFiveCharactersAreNot() {
    assertFalse(Username.isValid("u".repeat(65)));
    assertThrows(IllegalArgumentException.class, () -> new Username("u".repeat(65)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "john doe", "john|x", "john:x", "a/b", "john\n", "jöhn"})
  void anythingElseIsNotAName(String name) {
    assertFalse(Username.isValid(name));
    assertThrows(IllegalArgumentException.class, () -> new Username(name));
  }

  @Test
  void nullIsNotAName() {
    assertFalse(Username.isValid(null));
    assertThrows(NullPointerException.class, () -> new Username(null));
  }

  @Test
  void parseRefusesABadNameWithA400NamingUsername() {
    ApiException e = assertThrows(ApiException.class, () -> Username.parse("john doe"));
    assertEquals(400, e.status());
    assertEquals("invalid field 'username': must match [A-Za-z0-9_.@+-]{1,64}", e.getMessage());
  }

  @Test
  void parseAcceptsAGoodName() {
    assertEquals(new Username("john123"), Username.parse("john123"));
  }

  @Test
  void printsAsTheNameItself() {
    assertEquals("john123", new Username("john123").toString());
  }
}
