package io.iptvorigin.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's guide server for the tests, on {@link LiveUpstream#ADDRESS} (the one address the
 * test origin may fetch from): serves whatever bytes a test puts at a path, with a status, and
 * counts the requests.
 */
public final class GuideServer implements AutoCloseable {
  /** What one path answers. */
  public record Answer(int status, String contentType, byte[] body) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  private GuideServer(HttpServer server) {
    this.server = server;
  }

  public static GuideServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(LiveUpstream.ADDRESS, 0), 16);
      GuideServer guides = new GuideServer(server);
      server.createContext("/", exchange -> guides.answer(exchange));
      server.start();
      return guides;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void answer(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Answer answer = answers.getOrDefault(path, new Answer(404, "text/plain", new byte[0]));
    if (answer.status() / 100 == 3) {
      exchange.getResponseHeaders().set("Location", answer.contentType());
    } else {
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    }
    exchange.sendResponseHeaders(
        answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer.body());
    }
  }

  /** {@code path} answers 200 with these bytes from now on. */
  public void serve(String path, byte[] body) {
    answers.put(path, new Answer(200, "application/octet-stream", body));
  }

  /** {@code path} answers a 302 to {@code location}. */
  public void redirect(String path, String location) {
    answers.put(path, new Answer(302, location, new byte[0]));
  }

  public void serve(String path, Answer answer) {
    answers.put(path, answer);
  }

  public String url(String path) {
    return "http://" + LiveUpstream.ADDRESS + ":" + server.getAddress().getPort() + path;
  }

  public int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
