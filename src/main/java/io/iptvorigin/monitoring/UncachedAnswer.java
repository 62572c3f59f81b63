package io.iptvorigin.monitoring;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An answer of the monitoring servlets (/metrics, /status): figures of this moment, so never stored
 * by nginx, a browser or a proxy between.
 */
public final class UncachedAnswer {
  private UncachedAnswer() {}

  public static void send(HttpServletResponse response, int status, String type, byte[] body)
      throws IOException {
    response.setStatus(status);
    response.setContentType(type);
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(body);
    }
  }

  /** A one-line plain-text answer: a refusal or an error, never a stack trace. */
  public static void plain(HttpServletResponse response, int status, String message)
      throws IOException {
    send(
        response,
        status,
        "text/plain; charset=utf-8",
        (message + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
