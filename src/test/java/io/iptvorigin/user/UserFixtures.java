package io.iptvorigin.user;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Redis;

/** Users and the user repository for tests that run without WildFly. */
public final class UserFixtures {
  private UserFixtures() {}

  /** An active user without expiry, one connection. */
  public static User user(String username, String token) {
    return new User(username, token, null, null, 1, true, null);
  }

  /** The application's repository on {@code redis}, outside CDI (tests of Redis itself). */
  public static UserRepository repositoryOn(Redis redis) {
    UserRepository repository = new UserRepository();
    repository.redis = redis;
    repository.clock = new Clock();
    return repository;
  }
}
