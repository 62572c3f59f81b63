package io.iptvorigin.user;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.Pipeline;

/**
 * Logins by username and password (the Xtream Codes way). One Redis round trip reads the user, its
 * fast verifier ({@link PasswordVerifier}) and when it was created; only a user without a usable
 * verifier (created before verifiers existed, or whose key changed) pays one PBKDF2 check, after
 * which it has one.
 *
 * <p>Keys: {@code password_verifier:{username}} (string, as long as the user) and {@code
 * users:created_at} (hash username → epoch seconds, written at creation, or at the first login of a
 * user created before it existed).
 */
@ApplicationScoped
public class PasswordLogin {
  static final String CREATED_AT = "users:created_at";

  @Inject Redis redis;
  @Inject PasswordHasher hasher;
  @Inject PasswordVerifier verifier;
  @Inject Clock clock;

  /** A user whose password was just proven, with when the user was created. */
  public record Account(User user, Instant createdAt) {}

  /** The account these credentials open; empty for an unknown user or a wrong password. */
  public Optional<Account> verify(String username, String password) {
    if (username == null || password == null || password.isEmpty() || !Username.isValid(username)) {
      return Optional.empty();
    }
    List<Object> replies =
        redis.call(
            jedis -> {
              Pipeline pipeline = jedis.pipelined();
              pipeline.get(UserRepository.userKey(username));
              pipeline.get(verifierKey(username));
              pipeline.hget(CREATED_AT, username);
              return pipeline.syncAndReturnAll();
            });
    if (replies.get(0) == null) {
      return Optional.empty();
    }
    User user = User.fromStoredJson((String) replies.get(0));
    String hash = user.passwordHash();
    if (hash == null) {
      return Optional.empty();
    }
    boolean proven =
        switch (verifier.check((String) replies.get(1), username, password, hash)) {
          case MATCH -> true;
          case MISMATCH -> false;
          case UNUSABLE -> upgrade(user, password);
        };
    if (!proven) {
      return Optional.empty();
    }
    return Optional.of(new Account(user, createdAt(username, (String) replies.get(2))));
  }

  /** Writes the fast verifier of a password the panel just set. */
  public void remember(User user, String password) {
    if (user.passwordHash() != null) {
      String value = verifier.create(user.username(), password, user.passwordHash());
      redis.call(j -> j.set(verifierKey(user.username()), value));
    }
  }

  /** Records a new user's creation time. */
  public void created(String username) {
    redis.call(j -> j.hset(CREATED_AT, username, Long.toString(clock.now().getEpochSecond())));
  }

  /** Removes what this class keeps of a deleted user. */
  public void forget(String username) {
    redis.call(
        jedis -> {
          Pipeline pipeline = jedis.pipelined();
          pipeline.del(verifierKey(username));
          pipeline.hdel(CREATED_AT, username);
          pipeline.sync();
          return null;
        });
  }

  private boolean upgrade(User user, String password) {
    if (!hasher.matches(password, user.passwordHash())) {
      return false;
    }
    remember(user, password);
    return true;
  }

  private Instant createdAt(String username, String stored) {
    if (stored != null && stored.matches("[0-9]{1,12}")) {
      return Instant.ofEpochSecond(Long.parseLong(stored));
    }
    // Created before this was recorded: its first login stands in for it, and stays.
    long now = clock.now().getEpochSecond();
    redis.call(j -> j.hset(CREATED_AT, username, Long.toString(now)));
    return Instant.ofEpochSecond(now);
  }

  static String verifierKey(String username) {
    return "password_verifier:" + username;
  }
}
