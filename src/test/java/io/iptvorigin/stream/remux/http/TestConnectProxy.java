package io.iptvorigin.stream.remux.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A CONNECT proxy on 127.0.0.1 for tests: answers every tunnel request with {@code answer} and, on
 * 200, pipes the connection to {@code port} on 127.0.0.1 whatever host was asked for, as a proxy
 * that resolves the name itself would.
 */
final class TestConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int port;
  private volatile String answer = "HTTP/1.1 200 Connection established\r\n\r\n";
  final Queue<String> requests = new ConcurrentLinkedQueue<>();

  TestConnectProxy(int port) throws IOException {
    this.port = port;
    server = TestUpstream.bind(50);
    daemon(this::accept).start();
  }

  int port() {
    return server.getLocalPort();
  }

  void answer(String response) {
    answer = response;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        daemon(() -> tunnel(client)).start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void tunnel(Socket client) {
    try (client) {
      requests.add(TestUpstream.readHead(client.getInputStream()));
      String response = answer;
      client.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
      if (!response.startsWith("HTTP/1.1 200")) {
        return;
      }
      try (Socket upstream = new Socket("127.0.0.1", port)) {
        Thread back = daemon(() -> pipe(upstream, client));
        back.start();
        pipe(client, upstream);
        back.join();
      }
    } catch (IOException | InterruptedException e) {
      // Either side went: the tunnel ends.
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // closed
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "test-connect-proxy");
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
