package io.iptvorigin.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.Fields;
import io.iptvorigin.common.InvalidFieldException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The user JSON the panel sends, validated field by field. POST builds a new {@link User}; PUT
 * changes only the fields it names. Unknown fields are ignored so a newer panel does not break.
 */
public final class UserPayload {
  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+");
  static final int MAX_CONNECTIONS_LIMIT = 1000;
  private static final int MAX_PASSWORD = 1024;

  /** Redis TTLs and ISO-8601 years have limits; nothing sensible expires after 9999. */
  private static final java.time.Instant LATEST_EXPIRY =
      java.time.Instant.parse("9999-12-31T23:59:59Z");

  private final Optional<String> username;
  private final Optional<String> token;
  private final Optional<Optional<String>> email;
  private final Optional<Optional<String>> expiresAt;
  private final Optional<Integer> maxConnections;
  private final Optional<Boolean> active;
  private final Optional<String> password;

  private UserPayload(ObjectNode body) {
    username = Fields.string(body, "username").map(v -> Username.parse(v).value());
    token = Fields.string(body, "token").map(v -> Token.parse(v).value());
    email = Fields.nullableString(body, "email").map(e -> e.map(UserPayload::checkEmail));
    expiresAt = Fields.nullableString(body, "expires_at").map(e -> e.map(UserPayload::checkExpiry));
    maxConnections = Fields.integer(body, "max_connections", 1, MAX_CONNECTIONS_LIMIT);
    active = Fields.bool(body, "is_active");
    // An empty or null password means "unchanged": panels send the field blank when not editing it.
    password =
        Fields.nullableString(body, "password")
            .flatMap(Function.identity())
            .filter(p -> !p.isEmpty())
            .map(UserPayload::checkPassword);
  }

  /** The password this payload sets, if it sets one. */
  Optional<String> password() {
    return password;
  }

  public static UserPayload parse(ObjectNode body) {
    return new UserPayload(body);
  }

  /** A new user from a POST body: username and token are required. */
  public User toNewUser(PasswordHasher hasher) {
    return new User(
        Fields.required(username, "username"),
        Fields.required(token, "token"),
        email.flatMap(Function.identity()).orElse(null),
        expiresAt.flatMap(Function.identity()).orElse(null),
        maxConnections.orElse(1),
        active.orElse(true),
        password.map(hasher::hash).orElse(null));
  }

  /** {@code current} with the fields this PUT names changed. */
  public User applyTo(User current, PasswordHasher hasher) {
    username.ifPresent(
        name -> {
          if (!name.equals(current.username())) {
            throw new ApiException(400, "invalid field 'username': a user cannot be renamed");
          }
        });
    return new User(
        current.username(),
        token.orElse(current.token()),
        email.isPresent() ? email.get().orElse(null) : current.email(),
        expiresAt.isPresent() ? expiresAt.get().orElse(null) : current.expiresAt(),
        maxConnections.orElse(current.maxConnections()),
        active.orElse(current.active()),
        password.map(hasher::hash).orElse(current.passwordHash()));
  }

  private static String checkEmail(String value) {
    Fields.singleLine(value, "email", 254);
    if (!value.isEmpty() && !EMAIL.matcher(value).matches()) {
      throw new InvalidFieldException("email", "must be an e-mail address");
    }
    return value;
  }

  private static String checkExpiry(String value) {
    if (Expiry.tryParse(value).filter(i -> i.isBefore(LATEST_EXPIRY)).isEmpty()) {
      throw new InvalidFieldException(
          "expires_at", "must be an ISO-8601 instant such as 2025-12-07T21:50:51Z");
    }
    return value;
  }

  private static String checkPassword(String value) {
    if (value.length() > MAX_PASSWORD) {
      throw new InvalidFieldException(
          "password", "must be at most " + MAX_PASSWORD + " characters");
    }
    return value;
  }
}
