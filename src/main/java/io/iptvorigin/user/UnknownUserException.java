package io.iptvorigin.user;

import io.iptvorigin.common.ApiException;

/** No user by that name: 404. */
public class UnknownUserException extends ApiException {
  public UnknownUserException(Username username) {
    super(404, "user '" + username.value() + "' not found");
  }
}
