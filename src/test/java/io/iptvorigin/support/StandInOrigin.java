package io.iptvorigin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for an origin node behind the front tier: a plain nginx of its own on a free loopback
 * port that serves channel HLS files from its own directory under the origins' URL shapes, answers
 * every other path with its name, and refuses the token {@link #REVOKED} as an origin refuses a
 * disabled one. Every answer names the node ({@code X-Origin-Node}), and every request it received
 * is in its access log, with the raw request line and the {@code X-Forwarded-For} it came with.
 * {@link #kill()} is a node's sudden death: SIGKILL to the master and its workers.
 */
public final class StandInOrigin implements AutoCloseable {
  /** The token every stand-in refuses (403), as an origin refuses a disabled subscriber. */
  public static final String REVOKED = "0".repeat(64);

  private static final String CONFIG =
      """
      daemon off;
      worker_processes 1;
      pid %1$s/nginx.pid;
      error_log %1$s/error.log error;
      events { worker_connections 256; }
      http {
          log_format standin '$request_method $request_uri $status "$http_x_forwarded_for"';
          access_log %1$s/access.log standin;
          client_body_temp_path %1$s/tmp;
          proxy_temp_path %1$s/tmp;
          fastcgi_temp_path %1$s/tmp;
          uwsgi_temp_path %1$s/tmp;
          scgi_temp_path %1$s/tmp;
          server {
              listen 127.0.0.1:%2$d;
              add_header X-Origin-Node %3$s always;
              if ($request_uri ~ "^/live/%4$s/") {
                  return 403 "ERROR: Token disabled\\n";
              }
              location ~ "^/live/[0-9a-f]{64}/(?<file>stream_[A-Za-z0-9_-]+(_[0-9a-f]{8}_[0-9]+\\.ts|\\.m3u8))$" {
                  root %1$s/hls;
                  try_files /$file =404;
              }
              location / {
                  return 200 "%3$s\\n";
              }
          }
      }
      """;

  private final String name;
  private final Path dir;
  private final int port;
  private final Process process;

  private StandInOrigin(String name, Path dir, int port, Process process) {
    this.name = name;
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts one in {@code dir} (emptied first) and waits until it accepts connections. */
  public static StandInOrigin start(String name, Path dir) {
    try {
      if (Files.exists(dir)) {
        try (var paths = Files.walk(dir)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Files.createDirectories(dir.resolve("hls"));
      Files.createDirectories(dir.resolve("tmp"));
      int port = ItEnvironment.freeLoopbackPort();
      Path conf = dir.resolve("nginx.conf");
      Files.writeString(conf, CONFIG.formatted(dir, port, name, REVOKED));
      Process process =
          new ProcessBuilder(
                  nginxBinary(),
                  "-p",
                  dir + "/",
                  "-e",
                  dir.resolve("error.log").toString(),
                  "-c",
                  conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("nginx.out").toFile())
              .start();
      StandInOrigin origin = new StandInOrigin(name, dir, port, process);
      origin.awaitListening();
      return origin;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@code X-Origin-Node} names it. */
  public String name() {
    return name;
  }

  /** {@code 127.0.0.1:PORT}, as the front's origin list names it. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /**
   * Puts a playlist or segment into this node's HLS directory the way FFmpeg does (a new file
   * renamed over the old), so a reader never sees half of it.
   */
  public void publish(String file, String content) {
    try {
      Path temp = dir.resolve("hls").resolve(file + ".tmp");
      Files.writeString(temp, content);
      Files.move(
          temp,
          dir.resolve("hls").resolve(file),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every request it received, one line each: {@code METHOD RAW-URI STATUS "X-Forwarded-For"}. */
  public List<String> requests() {
    Path log = dir.resolve("access.log");
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many {@code method} requests it received whose path ends with {@code pathEnd}. */
  public long count(String method, String pathEnd) {
    return requests().stream()
        .map(line -> line.split(" "))
        .filter(f -> f[0].equals(method) && f[1].split("\\?")[0].endsWith(pathEnd))
        .count();
  }

  /** Sudden death: SIGKILL to every process of this nginx, workers first. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    awaitExit();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      // SIGTERM: the master stops its workers, then exits.
      process.destroy();
      awaitExit();
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitListening() {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Pause.sleep(50);
      }
    }
    close();
    throw new IllegalStateException(
        "stand-in origin " + name + " did not listen on " + port + "; see " + dir);
  }

  static String nginxBinary() {
    String configured = System.getenv("IPTV_NGINX_BIN");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
  }
}
