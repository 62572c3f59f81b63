package io.iptvorigin.xtream;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writing the Xtream endpoints' answers: bytes with their length, never cached. */
final class Answers {
  static final String JSON = "application/json; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";

  private Answers() {}

  static void send(HttpServletResponse response, int status, String type, byte[] body)
      throws IOException {
    // Every answer either echoes the password or follows from it.
    response.setHeader("Cache-Control", "no-store");
    response.setStatus(status);
    response.setContentType(type);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static void json(HttpServletResponse response, int status, byte[] body) throws IOException {
    send(response, status, JSON, body);
  }

  /** A one-line plain-text refusal, as players show it. */
  static void text(HttpServletResponse response, int status, String message) throws IOException {
    send(response, status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static void tooManyFailures(HttpServletResponse response, int retryAfterSeconds, boolean json)
      throws IOException {
    response.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
    if (json) {
      json(
          response,
          429,
          "{\"error\":\"too many failed logins, try again later\"}"
              .getBytes(StandardCharsets.UTF_8));
    } else {
      text(response, 429, "ERROR: Too many failed logins, try again later");
    }
  }

  static void unavailable(HttpServletResponse response, boolean json) throws IOException {
    response.setHeader("Retry-After", "5");
    if (json) {
      json(
          response,
          503,
          "{\"error\":\"service temporarily unavailable\"}".getBytes(StandardCharsets.UTF_8));
    } else {
      text(response, 503, "ERROR: Service temporarily unavailable");
    }
  }
}
