package io.iptvorigin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An https front for the {@link LiveUpstream}: an nginx of its own on {@link LiveUpstream#ADDRESS}
 * with a self-signed certificate for that address (made by openssl here), passing every request on
 * to the upstream unbuffered, as a provider's TLS terminator would. No trust store knows the
 * certificate: what a client does with one it cannot trust is the point.
 */
public final class TlsTerminator implements AutoCloseable {
  private static final String CONFIG =
      """
      daemon off;
      worker_processes 1;
      pid %1$s/nginx.pid;
      error_log %1$s/error.log error;
      events { worker_connections 256; }
      http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/tmp;
          proxy_temp_path %1$s/tmp;
          fastcgi_temp_path %1$s/tmp;
          uwsgi_temp_path %1$s/tmp;
          scgi_temp_path %1$s/tmp;
          server {
              listen %2$s:%3$d ssl;
              ssl_certificate %1$s/upstream.crt;
              ssl_certificate_key %1$s/upstream.key;
              location / {
                  proxy_pass http://%2$s:%4$d;
                  proxy_buffering off;
                  proxy_http_version 1.1;
              }
          }
      }
      """;

  private final Path dir;
  private final int port;
  private final Process process;

  private TlsTerminator(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts one in a new directory under {@code parent} and waits until it accepts connections. */
  public static TlsTerminator start(LiveUpstream upstream, Path parent) {
    try {
      Path dir = Files.createTempDirectory(parent, "tls-terminator");
      Files.createDirectories(dir.resolve("tmp"));
      certificate(dir);
      int port = ItEnvironment.freeLoopbackPort();
      Path conf = dir.resolve("nginx.conf");
      Files.writeString(conf, CONFIG.formatted(dir, LiveUpstream.ADDRESS, port, upstream.port()));
      Process process =
          new ProcessBuilder(
                  StandInOrigin.nginxBinary(),
                  "-p",
                  dir + "/",
                  "-e",
                  dir.resolve("error.log").toString(),
                  "-c",
                  conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("nginx.out").toFile())
              .start();
      TlsTerminator terminator = new TlsTerminator(dir, port, process);
      terminator.awaitListening();
      return terminator;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void certificate(Path dir) {
    MediaTools.Result made =
        MediaTools.run(
            List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=" + LiveUpstream.ADDRESS,
                "-addext",
                "subjectAltName=IP:" + LiveUpstream.ADDRESS,
                "-keyout",
                dir.resolve("upstream.key").toString(),
                "-out",
                dir.resolve("upstream.crt").toString()));
    if (made.exit() != 0) {
      throw new IllegalStateException("openssl: " + made.output());
    }
  }

  /** {@code "https://127.0.0.9:PORT" + path}. */
  public String url(String path) {
    return "https://" + LiveUpstream.ADDRESS + ":" + port + path;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitListening() {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(LiveUpstream.ADDRESS, port), 200);
        return;
      } catch (IOException notYet) {
        Pause.sleep(50);
      }
    }
    close();
    throw new IllegalStateException("TLS terminator did not listen on " + port + "; see " + dir);
  }
}
