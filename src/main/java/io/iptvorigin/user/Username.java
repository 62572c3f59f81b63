package io.iptvorigin.user;

import io.iptvorigin.common.Fields;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A subscriber's name: 1 to 64 of {@code [A-Za-z0-9_.@+-]}, so it goes into a Redis key ({@code
 * user:{username}}, {@code sessions:{username}}) as it is; {@code +} because providers name
 * accounts after e-mail addresses ({@code jane+tv@example.com}). In a query string a {@code +} must
 * be sent as {@code %2B}. Only the code passes it around typed: stored records and JSON keep the
 * plain string.
 */
public record Username(String value) {
  private static final String RULE = "[A-Za-z0-9_.@+-]{1,64}";
  private static final Pattern PATTERN = Pattern.compile(RULE);

  /** Refuses null and anything but a username: callers check input first ({@link #parse}). */
  public Username {
    Objects.requireNonNull(value, "username");
    if (!PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException("not a username: must match " + RULE);
    }
  }

  /** Whether {@code value} is a username; false for null. */
  public static boolean isValid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }

  /** {@code value} as a username, or a 400 naming the field {@code username}. */
  public static Username parse(String value) {
    return new Username(Fields.matching(value, "username", PATTERN, RULE));
  }

  /** The name itself, so log lines read {@code username=john123}. */
  @Override
  public String toString() {
    return value;
  }
}
