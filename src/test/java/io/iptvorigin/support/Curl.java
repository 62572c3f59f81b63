package io.iptvorigin.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * curl as an outsider uses it: {@code --path-as-is} (the path goes out exactly as written, dot
 * segments and encodings included), from a chosen loopback source address ({@code --interface}:
 * 127.0.0.2 is outside the panel allow-list), with any header.
 */
public final class Curl {
  /** Status and body of one answer. */
  public record Answer(int status, String body) {}

  private final String from;
  private final List<String> headers = new ArrayList<>();
  private String method = "GET";
  private String data;

  private Curl(String from) {
    this.from = from;
  }

  public static Curl from(String sourceAddress) {
    return new Curl(sourceAddress);
  }

  public Curl header(String name, String value) {
    headers.add(name + ": " + value);
    return this;
  }

  public Curl adminToken() {
    return header("Authorization", "Bearer " + ItEnvironment.adminToken());
  }

  public Curl post(String json) {
    method = "POST";
    data = json;
    return header("Content-Type", "application/json");
  }

  /** A POST of an HTML form's body ({@code a=1&b=2}, already URL-encoded), as apps send logins. */
  public Curl form(String body) {
    method = "POST";
    data = body;
    return header("Content-Type", "application/x-www-form-urlencoded");
  }

  public Answer get(String url) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "curl",
                "-s",
                "--path-as-is",
                "--max-time",
                "30",
                "--interface",
                from,
                "-X",
                method,
                "-w",
                "\n%{http_code}"));
    for (String h : headers) {
      command.addAll(List.of("-H", h));
    }
    if (data != null) {
      command.addAll(List.of("--data-binary", data));
    }
    command.add(url);
    try {
      Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
      // Read before waiting: an answer may be larger than the pipe's buffer.
      String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!curl.waitFor(35, TimeUnit.SECONDS)) {
        curl.destroyForcibly();
        throw new IllegalStateException("curl did not finish: " + url);
      }
      int cut = out.lastIndexOf('\n');
      return new Answer(
          Integer.parseInt(out.substring(cut + 1).strip()), out.substring(0, Math.max(0, cut)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
