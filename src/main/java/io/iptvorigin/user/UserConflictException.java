package io.iptvorigin.user;

import io.iptvorigin.common.ApiException;

/** A user that exists already, or a token another user holds: 409. */
public class UserConflictException extends ApiException {
  private UserConflictException(String message) {
    super(409, message);
  }

  public static UserConflictException exists(String username) {
    return new UserConflictException("user '" + username + "' already exists");
  }

  public static UserConflictException tokenTaken() {
    return new UserConflictException("token is already assigned to another user");
  }
}
