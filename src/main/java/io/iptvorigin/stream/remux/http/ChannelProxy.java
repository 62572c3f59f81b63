package io.iptvorigin.stream.remux.http;

import io.iptvorigin.upstream.UpstreamUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A channel's own HTTP proxy ({@code http_proxy}), reached as FFmpeg reaches it: its host checked
 * by the egress rules and connected to at a checked address ({@code AddressPolicy#pinnedProxy} on
 * FFmpeg's path), the destination left to the proxy to resolve. Plain http goes through it in
 * absolute form, https through a CONNECT tunnel; credentials in its user-info become {@code
 * Proxy-Authorization: Basic}, sent up front (FFmpeg sends them once the proxy asks, with Basic or
 * Digest; a proxy that still answers 407 is left to FFmpeg).
 */
final class ChannelProxy {
  final String host;
  final int port;
  private final String authorization;

  private ChannelProxy(String host, int port, String authorization) {
    this.host = host;
    this.port = port;
    this.authorization = authorization;
  }

  /**
   * @throws URISyntaxException for a URL that is not an http URL with a host
   */
  static ChannelProxy of(String url) throws URISyntaxException {
    UpstreamUrl split = UpstreamUrl.of(url);
    URI uri = new URI(split.withoutCredentials());
    if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
      throw new URISyntaxException(uri.toString(), "not an http proxy");
    }
    // FFmpeg's default proxy port, like pinnedProxy's URL without one.
    return new ChannelProxy(
        uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : 80, split.authorization());
  }

  /** The {@code Proxy-Authorization} value, or null. */
  String authorization() {
    return authorization;
  }

  /** The tunnel request for {@code target}, as FFmpeg's httpproxy protocol writes it. */
  ByteBuffer connect(HttpTarget target) {
    StringBuilder out = new StringBuilder(128);
    out.append("CONNECT ").append(target.authorityWithPort()).append(" HTTP/1.1\r\n");
    HttpTarget.field(out, "Host", target.authorityWithPort());
    HttpTarget.field(out, "Proxy-Authorization", authorization);
    HttpTarget.field(out, "Connection", "close");
    out.append("\r\n");
    return ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The proxy for a log line: host and port, never its credentials. */
  String forLog() {
    return "proxy " + host + ":" + port;
  }
}
