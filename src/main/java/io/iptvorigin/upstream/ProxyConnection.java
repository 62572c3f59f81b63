package io.iptvorigin.upstream;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;

/**
 * One client connection to the egress proxy: reads the request head, checks the destination against
 * the {@link AddressPolicy}, connects to the checked address itself (no second lookup) and hands
 * both sockets to a {@link Tunnel}. A plain-http request is sent upstream in origin form with
 * {@code Connection: close}, so each proxied connection carries exactly one request to the host
 * that was checked.
 */
final class ProxyConnection implements Runnable {
  private static final Logger LOG = Logger.getLogger(ProxyConnection.class.getName());
  private static final long HEAD_TIMEOUT_MILLIS = 10_000;
  private static final Set<String> HOP_BY_HOP =
      Set.of("proxy-connection", "proxy-authorization", "connection", "keep-alive");

  private final Socket client;
  private final EgressProxy.Settings settings;
  private final Semaphore permits;
  private final Executor executor;

  ProxyConnection(
      Socket client, EgressProxy.Settings settings, Semaphore permits, Executor executor) {
    this.client = client;
    this.settings = settings;
    this.permits = permits;
    this.executor = executor;
  }

  @Override
  public void run() {
    Socket upstream = null;
    boolean handedOff = false;
    try {
      Optional<ProxyRequest> request = ProxyRequest.read(client, HEAD_TIMEOUT_MILLIS);
      boolean connect = request.isPresent() && request.get().method().equals("CONNECT");
      Optional<ProxyTarget> target =
          request.flatMap(r -> connect ? ProxyTarget.authority(r.target()) : absoluteGet(r));
      if (target.isEmpty()) {
        respond(client, 400, "Bad Request", "expected CONNECT host:port or GET http://host/path");
        return;
      }
      upstream = open(target.get());
      if (upstream == null) {
        return;
      }
      if (connect) {
        write(client, "HTTP/1.1 200 Connection established\r\n\r\n");
      } else {
        write(upstream, originRequest(request.get(), target.get()));
      }
      handedOff = true; // the tunnel owns both sockets and the permit from here on
      Tunnel.run(
          client, upstream, request.get().leftover(), settings.idleMillis(), permits, executor);
    } catch (IOException | RuntimeException e) {
      LOG.fine("egress connection failed reason=" + e.getClass().getSimpleName());
    } finally {
      if (!handedOff) {
        closeQuietly(upstream);
        closeQuietly(client);
        permits.release();
      }
    }
  }

  private static Optional<ProxyTarget> absoluteGet(ProxyRequest request) {
    boolean get = request.method().equals("GET") || request.method().equals("HEAD");
    return get ? ProxyTarget.absoluteHttp(request.target()) : Optional.empty();
  }

  /** Connects to a checked address of the target, or answers the client and returns null. */
  private Socket open(ProxyTarget target) throws IOException {
    List<InetAddress> addresses;
    try {
      addresses = settings.policy().check(target.host());
    } catch (UpstreamRefusedException e) {
      LOG.warning(e.getMessage());
      respond(client, 403, "Forbidden", "upstream address refused (" + e.reason() + ")");
      return null;
    } catch (UnknownHostException e) {
      LOG.fine("egress host unresolved host=" + UpstreamRefusedException.printable(target.host()));
      respond(client, 502, "Bad Gateway", "upstream host does not resolve");
      return null;
    }
    for (InetAddress address : addresses) {
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(address, target.port()), settings.connectMillis());
        return socket;
      } catch (SocketTimeoutException e) {
        closeQuietly(socket);
        respond(client, 504, "Gateway Timeout", "upstream connect timed out");
        return null;
      } catch (IOException e) {
        closeQuietly(socket); // refused or unreachable: the next address may answer
      }
    }
    respond(client, 502, "Bad Gateway", "upstream connect failed");
    return null;
  }

  private static String originRequest(ProxyRequest request, ProxyTarget target) {
    Set<String> dropped = new HashSet<>(HOP_BY_HOP);
    boolean hasHost = false;
    for (String header : request.headers()) {
      String name = headerName(header);
      hasHost |= name.equals("host");
      if (name.equals("connection")) {
        // Headers the client named in Connection are hop-by-hop too.
        for (String token : header.substring(header.indexOf(':') + 1).split(",")) {
          dropped.add(token.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    StringBuilder head =
        new StringBuilder(request.method())
            .append(' ')
            .append(target.originForm())
            .append(' ')
            .append(request.version())
            .append("\r\n");
    for (String header : request.headers()) {
      if (!dropped.contains(headerName(header))) {
        head.append(header).append("\r\n");
      }
    }
    if (!hasHost) {
      head.append("Host: ").append(target.hostHeader()).append("\r\n");
    }
    return head.append("Connection: close\r\n\r\n").toString();
  }

  private static String headerName(String header) {
    return header.substring(0, header.indexOf(':')).toLowerCase(Locale.ROOT);
  }

  /** A short plain-text answer; the connection is closed after it. */
  static void respond(Socket socket, int status, String reason, String body) {
    String text = body + "\n";
    try {
      write(
          socket,
          "HTTP/1.1 "
              + status
              + " "
              + reason
              + "\r\n"
              + "Content-Type: text/plain\r\n"
              // Tells a client of the proxy (the guide download) that the proxy said no.
              + (status == 403 ? EgressProxy.REFUSED_HEADER + ": refused\r\n" : "")
              + "Content-Length: "
              + text.length()
              + "\r\n"
              + "Connection: close\r\n\r\n"
              + text);
    } catch (IOException e) {
      // the client has gone; nothing to tell it
    }
  }

  private static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  static void closeQuietly(Closeable socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
