package io.iptvorigin.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class UserPayloadTest {
  private static final String TOKEN = "0123456789abcdef".repeat(4);
  private static final String OTHER_TOKEN = "fedcba9876543210".repeat(4);
  private static final User CURRENT =
      new User("john123", TOKEN, "john@example.com", "2025-12-07T21:50:51Z", 2, true, "OLD-HASH");

  @Mock PasswordHasher hasher;

  /** A body with the required fields plus {@code field} set to the raw JSON {@code value}. */
  private static ObjectNode newUserWith(String field, String value) {
    ObjectNode body = Json.object();
    body.put("username", "john123");
    body.put("token", TOKEN);
    body.set(field, parse(value));
    return body;
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private static ObjectNode body(String json) {
    return (ObjectNode) parse(json);
  }

  private static String quoted(String text) {
    return Json.write(text);
  }

  private User create(ObjectNode body) {
    return UserPayload.parse(body).toNewUser(hasher);
  }

  private static void assertRefusedNaming(String field, ObjectNode body) {
    ApiException e = assertThrows(ApiException.class, () -> UserPayload.parse(body));
    assertEquals(400, e.status(), "status");
    assertTrue(
        e.getMessage().contains("'" + field + "'"), "message names the field: " + e.getMessage());
  }

  // --- username

  @ParameterizedTest
  @ValueSource(strings = {"john123", "a", "John.Doe@example.com", "under_score-dash", "0"})
  void usernameOfAllowedCharactersIsAccepted(String username) {
    assertEquals(username, create(newUserWith("username", quoted(username))).username());
  }

  @Test
  void usernameOf64CharactersIsAccepted() {
    String username = "u".repeat(64);
    assertEquals(username, create(newUserWith("username", quoted(username))).username());
  }

  @Test
  void usernameOf65CharactersIsRefused() {
    assertRefusedNaming("username", newUserWith("username", quoted("u".repeat(65))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "john doe", "john/doe", "../john", "jöhn", "john\n", "john:x", "john|1"})
  void usernameWithOtherCharactersIsRefused(String username) {
    assertRefusedNaming("username", newUserWith("username", quoted(username)));
  }

  @Test
  void usernameThatIsNotAStringIsRefused() {
    assertRefusedNaming("username", newUserWith("username", "123"));
  }

  // --- token

  @Test
  void tokenOf64LowercaseHexIsAccepted() {
    assertEquals(TOKEN, create(newUserWith("token", quoted(TOKEN))).token());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
        "0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef",
        ""
      })
  void tokenThatIsNot64LowercaseHexIsRefused(String token) {
    assertRefusedNaming("token", newUserWith("token", quoted(token)));
  }

  // --- expires_at

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-12-07T21:50:51.244826Z",
        "2025-12-07T21:50:51Z",
        "2025-12-07T23:50:51+02:00"
      })
  void isoInstantExpiryIsAcceptedAsSent(String expiresAt) {
    assertEquals(expiresAt, create(newUserWith("expires_at", quoted(expiresAt))).expiresAt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tomorrow", "2025-12-07", "2025-12-07T21:50:51", "1765144251", ""})
  void expiryThatIsNotAnIsoInstantIsRefused(String expiresAt) {
    assertRefusedNaming("expires_at", newUserWith("expires_at", quoted(expiresAt)));
  }

  @Test
  void numericExpiryIsRefused() {
    assertRefusedNaming("expires_at", newUserWith("expires_at", "1765144251"));
  }

  @Test
  void nullExpiryMeansNeverExpires() {
    assertNull(create(newUserWith("expires_at", "null")).expiresAt());
  }

  // --- max_connections

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 1000})
  void maxConnectionsFromOneToThousandIsAccepted(int value) {
    assertEquals(
        value, create(newUserWith("max_connections", String.valueOf(value))).maxConnections());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1001", "\"2\"", "2.5", "null", "true"})
  void maxConnectionsOutOfRangeOrNotAnIntegerIsRefused(String value) {
    assertRefusedNaming("max_connections", newUserWith("max_connections", value));
  }

  // --- is_active

  @Test
  void isActiveFalseIsAccepted() {
    assertEquals(false, create(newUserWith("is_active", "false")).active());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"true\"", "1", "0", "null"})
  void isActiveThatIsNotABooleanIsRefused(String value) {
    assertRefusedNaming("is_active", newUserWith("is_active", value));
  }

  // --- email

  @Test
  void emailAddressIsAccepted() {
    assertEquals(
        "john@example.com", create(newUserWith("email", quoted("john@example.com"))).email());
  }

  @Test
  void emptyEmailIsAccepted() {
    assertEquals("", create(newUserWith("email", quoted(""))).email());
  }

  @Test
  void nullEmailMeansNoEmail() {
    assertNull(create(newUserWith("email", "null")).email());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "john",
        "john@",
        "@example.com",
        "jo hn@example.com",
        "a@b@c",
        "john@example.com\n"
      })
  void emailThatIsNotAnAddressIsRefused(String email) {
    assertRefusedNaming("email", newUserWith("email", quoted(email)));
  }

  @Test
  void emailLongerThan254CharactersIsRefused() {
    String email = "a".repeat(243) + "@example.com";
    assertRefusedNaming("email", newUserWith("email", quoted(email)));
  }

  // --- create

  @Test
  void createWithoutUsernameIsRefused() {
    UserPayload payload = UserPayload.parse(body("{\"token\":\"" + TOKEN + "\"}"));
    ApiException e = assertThrows(ApiException.class, () -> payload.toNewUser(hasher));
    assertTrue(e.getMessage().contains("'username'"), e.getMessage());
  }

  @Test
  void createWithoutTokenIsRefused() {
    UserPayload payload = UserPayload.parse(body("{\"username\":\"john123\"}"));
    ApiException e = assertThrows(ApiException.class, () -> payload.toNewUser(hasher));
    assertTrue(e.getMessage().contains("'token'"), e.getMessage());
  }

  @Test
  void createWithOnlyRequiredFieldsUsesDefaults() {
    User user = create(body("{\"username\":\"john123\",\"token\":\"" + TOKEN + "\"}"));
    assertEquals(new User("john123", TOKEN, null, null, 1, true, null), user);
  }

  @Test
  void createIgnoresUnknownFields() {
    User user = create(newUserWith("plan", "\"gold\""));
    assertEquals(new User("john123", TOKEN, null, null, 1, true, null), user);
  }

  @Test
  void createStoresTheHashNotThePassword() {
    when(hasher.hash("secret")).thenReturn("HASH-OF-SECRET");
    User user = create(newUserWith("password", quoted("secret")));
    assertEquals("HASH-OF-SECRET", user.passwordHash());
  }

  @Test
  void createWithEmptyPasswordHasNoPassword() {
    User user = create(newUserWith("password", quoted("")));
    assertNull(user.passwordHash());
    verify(hasher, never()).hash(anyString());
  }

  @Test
  void passwordLongerThan1024CharactersIsRefused() {
    assertRefusedNaming("password", newUserWith("password", quoted("p".repeat(1025))));
  }

  @Test
  void passwordThatIsNotAStringIsRefused() {
    assertRefusedNaming("password", newUserWith("password", "12345"));
  }

  // --- PUT

  private User update(String json) {
    return UserPayload.parse(body(json)).applyTo(CURRENT, hasher);
  }

  @Test
  void updateChangesOnlyTheNamedField() {
    User updated = update("{\"max_connections\":5}");
    assertEquals(
        new User("john123", TOKEN, "john@example.com", "2025-12-07T21:50:51Z", 5, true, "OLD-HASH"),
        updated);
  }

  @Test
  void emptyUpdateChangesNothing() {
    assertEquals(CURRENT, update("{}"));
  }

  @Test
  void updateCanChangeTokenAndActiveTogether() {
    User updated = update("{\"token\":\"" + OTHER_TOKEN + "\",\"is_active\":false}");
    assertEquals(
        new User(
            "john123",
            OTHER_TOKEN,
            "john@example.com",
            "2025-12-07T21:50:51Z",
            2,
            false,
            "OLD-HASH"),
        updated);
  }

  @Test
  void updateWithNullEmailClearsIt() {
    assertNull(update("{\"email\":null}").email());
  }

  @Test
  void updateWithNullExpiryRemovesTheExpiry() {
    assertNull(update("{\"expires_at\":null}").expiresAt());
  }

  @Test
  void updateNamingTheSameUsernameIsAccepted() {
    assertEquals(CURRENT, update("{\"username\":\"john123\"}"));
  }

  @Test
  void updateCannotRenameTheUser() {
    UserPayload payload = UserPayload.parse(body("{\"username\":\"jane\"}"));
    ApiException e = assertThrows(ApiException.class, () -> payload.applyTo(CURRENT, hasher));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("'username'"), e.getMessage());
  }

  @Test
  void updateWithEmptyPasswordKeepsTheExistingHash() {
    assertEquals("OLD-HASH", update("{\"password\":\"\"}").passwordHash());
    verify(hasher, never()).hash(anyString());
  }

  @Test
  void updateWithNullPasswordKeepsTheExistingHash() {
    assertEquals("OLD-HASH", update("{\"password\":null}").passwordHash());
    verify(hasher, never()).hash(anyString());
  }

  @Test
  void updateWithNewPasswordStoresItsHash() {
    when(hasher.hash("n3w")).thenReturn("HASH-OF-N3W");
    assertEquals("HASH-OF-N3W", update("{\"password\":\"n3w\"}").passwordHash());
  }

  @Test
  void updateWithInvalidFieldIsRefusedBeforeAnythingChanges() {
    assertRefusedNaming("max_connections", body("{\"max_connections\":0}"));
  }
}
