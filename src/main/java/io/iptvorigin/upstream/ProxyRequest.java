package io.iptvorigin.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The head of one request to the egress proxy: request line and header lines, plus whatever the
 * client sent after the blank line (a request body or an early TLS hello), which belongs to the
 * upstream. Heads over {@value #MAX_HEAD} bytes, slower than the deadline or not HTTP/1.x are
 * refused, so a stuck or hostile client cannot hold a connection thread.
 */
record ProxyRequest(
    String method, String target, String version, List<String> headers, byte[] leftover) {
  static final int MAX_HEAD = 16 * 1024;

  /** Reads and parses the head; empty when it is malformed, too large or too slow. */
  static Optional<ProxyRequest> read(Socket socket, long timeoutMillis) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[MAX_HEAD];
    int length = 0;
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    int scanned = 0;
    while (true) {
      int end = headEnd(buffer, scanned, length);
      scanned = Math.max(0, length - 3);
      if (end >= 0) {
        socket.setSoTimeout(0);
        byte[] leftover = Arrays.copyOfRange(buffer, end + 4, length);
        return parse(new String(buffer, 0, end, StandardCharsets.ISO_8859_1), leftover);
      }
      long remaining = (deadline - System.nanoTime()) / 1_000_000;
      if (length == buffer.length || remaining <= 0) {
        return Optional.empty();
      }
      socket.setSoTimeout((int) Math.max(1, Math.min(remaining, Integer.MAX_VALUE)));
      int read;
      try {
        read = in.read(buffer, length, buffer.length - length);
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
      if (read < 0) {
        return Optional.empty();
      }
      length += read;
    }
  }

  /** Index of the CRLFCRLF ending the head, or -1. */
  private static int headEnd(byte[] buffer, int from, int length) {
    for (int i = from; i + 3 < length; i++) {
      if (buffer[i] == '\r'
          && buffer[i + 1] == '\n'
          && buffer[i + 2] == '\r'
          && buffer[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  static Optional<ProxyRequest> parse(String head, byte[] leftover) {
    String[] lines = head.split("\r\n", -1);
    String[] requestLine = lines[0].split(" ", -1);
    if (requestLine.length != 3
        || !isToken(requestLine[0])
        || requestLine[1].isEmpty()
        || !(requestLine[2].equals("HTTP/1.1") || requestLine[2].equals("HTTP/1.0"))
        || hasControl(requestLine[1])) {
      return Optional.empty();
    }
    List<String> headers = Arrays.asList(lines).subList(1, lines.length);
    for (String header : headers) {
      int colon = header.indexOf(':');
      // No obsolete line folding and no bare CR/LF: each header must be one plain line.
      if (colon <= 0 || !isToken(header.substring(0, colon)) || hasControl(header)) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new ProxyRequest(
            requestLine[0], requestLine[1], requestLine[2], List.copyOf(headers), leftover));
  }

  private static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
