package io.iptvorigin.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.common.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenTest {
  private static final String TOKEN = "0123456789abcdef".repeat(4);

  @Test
  void sixtyFourLowercaseHexCharactersAreAToken() {
    assertTrue(Token.isValid(TOKEN));
    assertEquals(TOKEN, new Token(TOKEN).value());
  }

  @Test
  void sixtyThreeOrSixtyFiveCharactersAreNot() {
    assertFalse(Token.isValid(TOKEN.substring(1)));
    assertFalse(Token.isValid(TOKEN + "0"));
    assertThrows(IllegalArgumentException.class, () -> new Token(TOKEN.substring(1)));
    assertThrows(IllegalArgumentException.class, () -> new Token(TOKEN + "0"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "nope",
        "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
        "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        " 123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  void anythingElseIsNotAToken(String token) {
    assertFalse(Token.isValid(token));
    assertThrows(IllegalArgumentException.class, () -> new Token(token));
  }

  @Test
  void nullIsNotAToken() {
    assertFalse(Token.isValid(null));
    assertThrows(NullPointerException.class, () -> new Token(null));
  }

  @Test
  void parseRefusesABadTokenWithA400NamingTokenButNotShowingIt() {
    ApiException e = assertThrows(ApiException.class, () -> Token.parse("deadbeef"));
    assertEquals(400, e.status());
    assertEquals("invalid field 'token': must match 64 lowercase hex characters", e.getMessage());
  }

  @Test
  void parseAcceptsAGoodToken() {
    assertEquals(new Token(TOKEN), Token.parse(TOKEN));
  }

  @Test
  void neverPrintsTheToken() {
    Token token = new Token(TOKEN);
    assertEquals("Token[redacted]", token.toString());
    assertFalse(("log " + token).contains(TOKEN.substring(0, 8)), "token in a concatenation");
  }

  @Test
  void constructorRefusalDoesNotEchoTheValue() {
    String almost = TOKEN.substring(1) + "X";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Token(almost));
    assertFalse(e.getMessage().contains(almost.substring(0, 8)), e.getMessage());
  }

  @Test
  void tokensWithTheSameValueAreEqual() {
    assertEquals(new Token(TOKEN), new Token(TOKEN));
    assertNotEquals(new Token(TOKEN), new Token("f".repeat(64)));
  }
}
