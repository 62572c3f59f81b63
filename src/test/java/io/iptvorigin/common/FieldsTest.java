package io.iptvorigin.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldsTest {

  private static ObjectNode body(String json) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private static void assertRefusedNaming(String field, InvalidFieldException e) {
    assertEquals(400, e.status(), "status");
    assertTrue(
        e.getMessage().contains("'" + field + "'"), "message names the field: " + e.getMessage());
  }

  @Test
  void absentStringIsEmpty() {
    assertEquals(Optional.empty(), Fields.string(body("{}"), "name"));
  }

  @Test
  void textStringIsReturned() {
    assertEquals(Optional.of("MBC"), Fields.string(body("{\"name\":\"MBC\"}"), "name"));
  }

  @Test
  void numberWhereStringExpectedIsRefusedNamingTheField() {
    var e =
        assertThrows(
            InvalidFieldException.class, () -> Fields.string(body("{\"name\":5}"), "name"));
    assertRefusedNaming("name", e);
  }

  @Test
  void jsonNullWhereOnlyStringAllowedIsRefused() {
    var e =
        assertThrows(
            InvalidFieldException.class, () -> Fields.string(body("{\"name\":null}"), "name"));
    assertRefusedNaming("name", e);
  }

  @Test
  void nullableStringAbsentMeansNotNamed() {
    assertEquals(Optional.empty(), Fields.nullableString(body("{}"), "email"));
  }

  @Test
  void nullableStringNullMeansNamedWithoutValue() {
    assertEquals(
        Optional.of(Optional.empty()), Fields.nullableString(body("{\"email\":null}"), "email"));
  }

  @Test
  void nullableStringTextMeansNamedWithValue() {
    assertEquals(
        Optional.of(Optional.of("a@b.c")),
        Fields.nullableString(body("{\"email\":\"a@b.c\"}"), "email"));
  }

  @Test
  void nullableStringOfWrongTypeIsRefusedNamingTheField() {
    var e =
        assertThrows(
            InvalidFieldException.class,
            () -> Fields.nullableString(body("{\"email\":true}"), "email"));
    assertRefusedNaming("email", e);
  }

  @Test
  void integerInsideRangeIsReturned() {
    assertEquals(Optional.of(7), Fields.integer(body("{\"n\":7}"), "n", 1, 10));
  }

  @Test
  void integerRangeBoundsAreInclusive() {
    assertEquals(Optional.of(1), Fields.integer(body("{\"n\":1}"), "n", 1, 10));
    assertEquals(Optional.of(10), Fields.integer(body("{\"n\":10}"), "n", 1, 10));
  }

  @Test
  void integerBelowMinimumIsRefusedNamingTheField() {
    var e =
        assertThrows(
            InvalidFieldException.class, () -> Fields.integer(body("{\"n\":0}"), "n", 1, 10));
    assertRefusedNaming("n", e);
  }

  @Test
  void integerAboveMaximumIsRefusedNamingTheField() {
    var e =
        assertThrows(
            InvalidFieldException.class, () -> Fields.integer(body("{\"n\":11}"), "n", 1, 10));
    assertRefusedNaming("n", e);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"2\"", "2.5", "true", "null", "3000000000", "[]", "{}"})
  void nonIntegerIsRefusedNamingTheField(String value) {
    ObjectNode body = body("{\"n\":" + value + "}");
    var e =
        assertThrows(
            InvalidFieldException.class,
            () -> Fields.integer(body, "n", Integer.MIN_VALUE, Integer.MAX_VALUE));
    assertRefusedNaming("n", e);
  }

  @Test
  void absentIntegerIsEmpty() {
    assertEquals(Optional.empty(), Fields.integer(body("{}"), "n", 1, 10));
  }

  @Test
  void booleanIsReturned() {
    assertEquals(Optional.of(false), Fields.bool(body("{\"is_active\":false}"), "is_active"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"true\"", "1", "null"})
  void nonBooleanIsRefusedNamingTheField(String value) {
    ObjectNode body = body("{\"is_active\":" + value + "}");
    var e = assertThrows(InvalidFieldException.class, () -> Fields.bool(body, "is_active"));
    assertRefusedNaming("is_active", e);
  }

  @Test
  void missingRequiredValueIsRefusedNamingTheField() {
    var e =
        assertThrows(InvalidFieldException.class, () -> Fields.required(Optional.empty(), "token"));
    assertRefusedNaming("token", e);
  }

  @Test
  void presentRequiredValueIsReturned() {
    assertEquals("x", Fields.required(Optional.of("x"), "token"));
  }

  @Test
  void valueNotMatchingPatternIsRefusedNamingTheField() {
    var e =
        assertThrows(
            InvalidFieldException.class,
            () -> Fields.matching("abc!", "id", Pattern.compile("[a-z]+"), "[a-z]+"));
    assertRefusedNaming("id", e);
  }

  @Test
  void patternMustMatchTheWholeValue() {
    assertThrows(
        InvalidFieldException.class,
        () -> Fields.matching("abc\n", "id", Pattern.compile("[a-z]+"), "[a-z]+"));
  }

  @Test
  void singleLineAcceptsTextWithQuotesCommasAndUnicode() {
    String text = "Café – \"Live\", 100% HD | Ünï";
    assertEquals(text, Fields.singleLine(text, "name", 200));
  }

  @Test
  void singleLineAcceptsExactlyMaxLength() {
    String text = "a".repeat(200);
    assertEquals(text, Fields.singleLine(text, "name", 200));
  }

  @Test
  void singleLineRefusesOneCharacterOverMaxLength() {
    var e =
        assertThrows(
            InvalidFieldException.class, () -> Fields.singleLine("a".repeat(201), "name", 200));
    assertRefusedNaming("name", e);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\rb", "a\u2028b", "a\u2029b", "a\u0085b", "trailing\n"})
  void singleLineRefusesLineBreaks(String value) {
    var e = assertThrows(InvalidFieldException.class, () -> Fields.singleLine(value, "name", 200));
    assertRefusedNaming("name", e);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\tb", "a\u001bb", "a\u007fb"})
  void singleLineRefusesAsciiControlCharacters(String value) {
    var e = assertThrows(InvalidFieldException.class, () -> Fields.singleLine(value, "name", 200));
    assertRefusedNaming("name", e);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u009bb", "a\u0080b", "a\u009fb"})
  void singleLineRefusesC1ControlCharacters(String value) {
    var e = assertThrows(InvalidFieldException.class, () -> Fields.singleLine(value, "name", 200));
    assertRefusedNaming("name", e);
  }
}
