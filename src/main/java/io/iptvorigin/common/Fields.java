package io.iptvorigin.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed reads of request fields. A field that is absent is {@link Optional#empty()}; a field of the
 * wrong type is a 400 naming it. JSON {@code null} counts as absent only where the caller allows
 * it, through {@link #nullableString}.
 */
public final class Fields {
  private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

  private Fields() {}

  public static Optional<String> string(ObjectNode body, String name) {
    JsonNode node = body.get(name);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw new InvalidFieldException(name, "must be a string");
    }
    return Optional.of(node.textValue());
  }

  /** A string field where JSON null is allowed and means "no value" (stored as null). */
  public static Optional<Optional<String>> nullableString(ObjectNode body, String name) {
    JsonNode node = body.get(name);
    if (node == null) {
      return Optional.empty();
    }
    if (node.isNull()) {
      return Optional.of(Optional.empty());
    }
    if (!node.isTextual()) {
      throw new InvalidFieldException(name, "must be a string or null");
    }
    return Optional.of(Optional.of(node.textValue()));
  }

  public static Optional<Integer> integer(ObjectNode body, String name, int min, int max) {
    JsonNode node = body.get(name);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new InvalidFieldException(name, "must be an integer");
    }
    int value = node.intValue();
    if (value < min || value > max) {
      throw new InvalidFieldException(name, "must be between " + min + " and " + max);
    }
    return Optional.of(value);
  }

  public static Optional<Boolean> bool(ObjectNode body, String name) {
    JsonNode node = body.get(name);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      throw new InvalidFieldException(name, "must be true or false");
    }
    return Optional.of(node.booleanValue());
  }

  public static String required(Optional<String> value, String name) {
    return value.orElseThrow(() -> new InvalidFieldException(name, "is required"));
  }

  public static String matching(String value, String name, Pattern pattern, String rule) {
    if (!pattern.matcher(value).matches()) {
      throw new InvalidFieldException(name, "must match " + rule);
    }
    return value;
  }

  /**
   * Free text shown to people (names, categories): bounded, no line break, no control character,
   * since it ends up on one line of an M3U playlist and of channels.txt.
   */
  public static String singleLine(String value, String name, int maxLength) {
    if (value.length() > maxLength) {
      throw new InvalidFieldException(name, "must be at most " + maxLength + " characters");
    }
    if (LINE_BREAK.matcher(value).find()) {
      throw new InvalidFieldException(name, "must not contain a line break");
    }
    if (CONTROL.matcher(value).find()) {
      throw new InvalidFieldException(name, "must not contain control characters");
    }
    return value;
  }
}
