package io.iptvorigin.upstream;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a proxy request wants to go: host, port and, for a plain-http request, the origin-form
 * request target to send upstream. Hosts are restricted to name characters or a bracketed IPv6
 * literal, so nothing odd reaches the resolver or a log line. Userinfo in an absolute URL (FFmpeg
 * copies it there and also sends it as an Authorization header) is dropped, never forwarded.
 */
record ProxyTarget(String host, int port, String originForm) {
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9._-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9._~%-]{1,64})?]");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
  private static final Pattern ABSOLUTE_HTTP = Pattern.compile("(?i)http://([^/?#]*)([/?].*)?");

  /** The {@code host:port} target of a CONNECT request. */
  static Optional<ProxyTarget> authority(String target) {
    return hostAndPort(target, -1, null);
  }

  /** An absolute-form {@code http://host[:port]/path?query} target; other schemes are empty. */
  static Optional<ProxyTarget> absoluteHttp(String target) {
    Matcher url = ABSOLUTE_HTTP.matcher(target);
    if (!url.matches()) {
      return Optional.empty();
    }
    String authority = url.group(1);
    String rest = url.group(2) == null ? "" : url.group(2);
    String originForm = rest.startsWith("/") ? rest : "/" + rest;
    return hostAndPort(authority.substring(authority.lastIndexOf('@') + 1), 80, originForm);
  }

  /** The Host header value for this target, for a client that sent none. */
  String hostHeader() {
    return port == 80 ? host : host + ":" + port;
  }

  private static Optional<ProxyTarget> hostAndPort(String text, int defaultPort, String path) {
    int colon = text.startsWith("[") ? text.indexOf(':', text.indexOf(']')) : text.indexOf(':');
    String host = colon < 0 ? text : text.substring(0, colon);
    String portText = colon < 0 ? null : text.substring(colon + 1);
    if (!HOST.matcher(host).matches()) {
      return Optional.empty();
    }
    int port;
    if (portText == null) {
      port = defaultPort;
    } else if (PORT.matcher(portText).matches()) {
      port = Integer.parseInt(portText);
    } else {
      return Optional.empty();
    }
    if (port < 1 || port > 65535) {
      return Optional.empty();
    }
    return Optional.of(new ProxyTarget(host, port, path));
  }
}
