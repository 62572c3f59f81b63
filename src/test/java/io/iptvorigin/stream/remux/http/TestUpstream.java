package io.iptvorigin.stream.remux.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP/1.1 server on 127.0.0.1 (a port from 20000 on) answering each path as the test asks,
 * over TCP or TLS: a thread per connection, blocking, which is all a test upstream needs. A request
 * in absolute form (to a proxy) is answered by the handler of its whole URL.
 */
final class TestUpstream implements AutoCloseable {
  @FunctionalInterface
  interface Handler {
    void answer(OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  private final String scheme;
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  final Queue<String> requests = new ConcurrentLinkedQueue<>();
  final AtomicInteger connections = new AtomicInteger();

  TestUpstream() throws IOException {
    this(null);
  }

  /** With {@code tls}, an https upstream serving that context's certificate. */
  TestUpstream(SSLContext tls) throws IOException {
    server = tls == null ? bind(50) : bind(50, tls.getServerSocketFactory());
    scheme = tls == null ? "http" : "https";
    Thread acceptor = new Thread(this::accept, "test-upstream");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A socket on a free port from 20000 on. */
  static ServerSocket bind(int backlog) throws IOException {
    return bind(backlog, ServerSocketFactory.getDefault());
  }

  static ServerSocket bind(int backlog, ServerSocketFactory sockets) throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    for (int attempt = 0; ; attempt++) {
      int port = 20000 + ThreadLocalRandom.current().nextInt(40000);
      try {
        return sockets.createServerSocket(port, backlog, loopback);
      } catch (BindException e) {
        if (attempt > 50) {
          throw e;
        }
      }
    }
  }

  int port() {
    return server.getLocalPort();
  }

  String url(String path) {
    return scheme + "://127.0.0.1:" + port() + path;
  }

  void on(String path, Handler handler) {
    handlers.put(path, handler);
  }

  void onText(String path, String response) {
    on(path, out -> out.write(response.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        Thread serve = new Thread(() -> serve(socket), "test-upstream-connection");
        serve.setDaemon(true);
        serve.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      String head = readHead(socket.getInputStream());
      requests.add(head);
      String target = head.split(" ")[1];
      String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
      Handler handler = handlers.get(path);
      OutputStream out = socket.getOutputStream();
      if (handler == null) {
        out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes());
      } else {
        handler.answer(out);
      }
      out.flush();
    } catch (IOException | InterruptedException e) {
      // The client went: the test looks at what it got.
    }
  }

  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
