package io.iptvorigin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus on loopback, scraping one target's {@code /metrics} every second, and its
 * query API: what an operator's monitoring host does, against the real exposition.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final String base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(Process process, String base) {
    this.process = process;
    this.base = base;
  }

  /** Starts Prometheus scraping {@code target} (host:port), job {@code iptv-origin}. */
  public static PrometheusServer scraping(String target, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: iptv-origin
            metrics_path: /metrics
            static_configs:
              - targets: ["%s"]
        """
            .formatted(target));
    int port = ItEnvironment.freeLoopbackPort();
    Process process =
        new ProcessBuilder(
                "prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port);
    try {
      server.awaitReady();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> ready =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Pause.sleep(200);
    }
    throw new IllegalStateException("prometheus not ready within 30 s");
  }

  /** The value of an instant query that yields one series, if it yields one. */
  public OptionalDouble value(String expression) {
    JsonNode result = query(expression);
    if (result.size() != 1) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Double.parseDouble(result.get(0).get("value").get(1).asText()));
  }

  /** The series of an instant query (Prometheus' {@code data.result}). */
  public JsonNode query(String expression) {
    String url =
        base + "/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (!"success".equals(body.path("status").asText())) {
        throw new IllegalStateException("query " + expression + ": " + response.body());
      }
      return body.get("data").get("result");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits up to {@code timeout} for the query's single value to satisfy {@code test}. */
  public Optional<Double> await(
      String expression, java.util.function.DoublePredicate test, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    OptionalDouble last = OptionalDouble.empty();
    while (Instant.now().isBefore(deadline)) {
      last = value(expression);
      if (last.isPresent() && test.test(last.getAsDouble())) {
        return Optional.of(last.getAsDouble());
      }
      Pause.sleep(500);
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
