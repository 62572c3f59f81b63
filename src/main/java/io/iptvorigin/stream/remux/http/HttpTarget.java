package io.iptvorigin.stream.remux.http;

import io.iptvorigin.upstream.UpstreamUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One URL the reader requests (the upstream's, or a redirect's), split into where to connect and
 * what to send. Credentials in the user-info become an {@code Authorization: Basic} header, as on
 * FFmpeg's path, and go only to the host they were written for: a redirect elsewhere does not carry
 * them.
 */
final class HttpTarget {
  final URI uri;
  final String scheme;
  final String host;
  final int port;
  private final String authorization;

  private HttpTarget(URI uri, String authorization) {
    this.uri = uri;
    this.scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    this.host = uri.getHost();
    this.port = uri.getPort() >= 0 ? uri.getPort() : 80;
    this.authorization = authorization;
  }

  /**
   * @throws URISyntaxException for a URL with no host or not a URI
   */
  static HttpTarget of(String url) throws URISyntaxException {
    UpstreamUrl split = UpstreamUrl.of(url);
    return checked(new URI(split.withoutCredentials()), split.authorization());
  }

  /** The target of a redirect's {@code Location}, relative to this one. */
  HttpTarget redirect(String location) throws URISyntaxException {
    URI next = uri.resolve(new URI(location.strip()));
    boolean sameOrigin =
        next.getHost() != null
            && next.getHost().equalsIgnoreCase(host)
            && (next.getPort() >= 0 ? next.getPort() : 80) == port;
    if (next.getRawUserInfo() != null) {
      return of(next.toString());
    }
    return checked(next, sameOrigin ? authorization : null);
  }

  private static HttpTarget checked(URI uri, String authorization) throws URISyntaxException {
    if (uri.getHost() == null) {
      throw new URISyntaxException(uri.toString(), "no host");
    }
    return new HttpTarget(uri, authorization);
  }

  /**
   * The GET, {@code Connection: close} since a live body is read to the end of the connection.
   *
   * @throws IllegalArgumentException for a header value that would split the request (CR, LF)
   */
  ByteBuffer request(UpstreamRequest request) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    StringBuilder out = new StringBuilder(256);
    out.append("GET ").append(path).append(query).append(" HTTP/1.1\r\n");
    field(out, "Host", uri.getRawAuthority());
    String agent = request.userAgent();
    field(out, "User-Agent", agent == null ? UpstreamRequest.DEFAULT_USER_AGENT : agent);
    field(out, "Accept", "*/*");
    field(out, "Referer", request.referer());
    field(out, "Origin", request.origin());
    field(out, "Cookie", request.cookie());
    field(out, "Authorization", authorization);
    field(out, "Connection", "close");
    out.append("\r\n");
    return ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void field(StringBuilder out, String name, String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException(name + " holds a line break");
      }
    }
    out.append(name).append(": ").append(value).append("\r\n");
  }

  /** The URL for a log line: scheme, host and port, never the path (tokens) nor credentials. */
  String forLog() {
    return scheme + "://" + uri.getRawAuthority();
  }
}
