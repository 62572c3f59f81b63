package io.iptvorigin.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Tiny loopback servers for the egress proxy tests: one handler call per connection. */
final class TestServers {
  interface Handler {
    void handle(Socket socket) throws IOException;
  }

  private TestServers() {}

  static ServerSocket serve(InetAddress address, Handler handler) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, address);
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket socket = server.accept();
                  Thread worker =
                      new Thread(
                          () -> {
                            try (socket) {
                              handler.handle(socket);
                            } catch (IOException e) {
                              // the test client went away
                            }
                          });
                  worker.setDaemon(true);
                  worker.start();
                } catch (IOException e) {
                  // closed at the end of the test class
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  /** Everything up to and including the blank line ending a request head. */
  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    return head.toString();
  }
}
