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
 * FFmpeg's path, and go only to the origin they were written for (or its https upgrade): a redirect
 * elsewhere does not carry them.
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
    this.port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
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
    if (next.getRawUserInfo() != null) {
      return of(next.toString());
    }
    HttpTarget candidate = checked(next, null);
    return sameOriginOrUpgrade(candidate) ? checked(next, authorization) : candidate;
  }

  /** Same scheme, host and port; or http to https on the same host, each on its default port. */
  private boolean sameOriginOrUpgrade(HttpTarget next) {
    if (!next.host.equalsIgnoreCase(host)) {
      return false;
    }
    if (next.scheme.equals(scheme)) {
      return next.port == port;
    }
    return scheme.equals("http")
        && next.scheme.equals("https")
        && port == defaultPort("http")
        && next.port == defaultPort("https");
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  boolean tls() {
    return scheme.equals("https");
  }

  /** The host for a TLS engine and the certificate check: an IPv6 literal without brackets. */
  String bareHost() {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** {@code host:port} as a CONNECT request names it (RFC 9110 §9.3.6). */
  String authorityWithPort() {
    return host + ":" + port;
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
    return request(request, null);
  }

  /**
   * The GET as above; with a {@code proxy}, in absolute form (RFC 9112 §3.2.2) with the proxy's
   * credentials, as FFmpeg asks an HTTP proxy for a plain-http URL.
   */
  ByteBuffer request(UpstreamRequest request, ChannelProxy proxy) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String origin = proxy == null ? "" : scheme + "://" + uri.getRawAuthority();
    StringBuilder out = new StringBuilder(256);
    out.append("GET ").append(origin).append(path).append(query).append(" HTTP/1.1\r\n");
    field(out, "Host", uri.getRawAuthority());
    String agent = request.userAgent();
    field(out, "User-Agent", agent == null ? UpstreamRequest.DEFAULT_USER_AGENT : agent);
    field(out, "Accept", "*/*");
    field(out, "Referer", request.referer());
    field(out, "Origin", request.origin());
    field(out, "Cookie", request.cookie());
    field(out, "Authorization", authorization);
    if (proxy != null) {
      field(out, "Proxy-Authorization", proxy.authorization());
    }
    field(out, "Connection", "close");
    out.append("\r\n");
    return ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  static void field(StringBuilder out, String name, String value) {
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
