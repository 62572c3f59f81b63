package io.iptvorigin.user;

import io.iptvorigin.common.ApiException;

/** No user by that name: 404. */
public class UnknownUserException extends ApiException {
  public UnknownUserException(String username) {
    super(404, "user '" + username + "' not found");
  }
}
