package io.iptvorigin.common;

/**
 * A request the API refuses, with the HTTP status and a message safe to show the caller. Mapped to
 * {@code {"error": message}} by {@link ApiExceptionMapper}.
 */
public class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
