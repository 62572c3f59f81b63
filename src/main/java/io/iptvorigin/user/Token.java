package io.iptvorigin.user;

import io.iptvorigin.common.Fields;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A subscriber's token: 64 lowercase hex characters, the only secret a player holds (it is in the
 * playlist URL and in every HLS path). {@link #toString} never shows it, so a token cannot reach a
 * log or an error message by accident; code that needs it (a Redis key, a playlist) asks for {@link
 * #value} explicitly. Stored records and JSON keep the plain string.
 */
public record Token(String value) {
  private static final Pattern PATTERN = Pattern.compile("[0-9a-f]{64}");

  /** Refuses null and anything but a token: callers check input first ({@link #parse}). */
  public Token {
    Objects.requireNonNull(value, "token");
    if (!PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException("not a token: must be 64 lowercase hex characters");
    }
  }

  /** Whether {@code value} is a token; false for null. */
  public static boolean isValid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }

  /** {@code value} as a token, or a 400 naming the field {@code token}. */
  public static Token parse(String value) {
    return new Token(Fields.matching(value, "token", PATTERN, "64 lowercase hex characters"));
  }

  /** Never the token itself. */
  @Override
  public String toString() {
    return "Token[redacted]";
  }
}
