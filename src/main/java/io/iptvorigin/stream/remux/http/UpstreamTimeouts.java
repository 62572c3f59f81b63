package io.iptvorigin.stream.remux.http;

/**
 * @param connectMillis from each request's start (lookup included) to the connection made; and
 *     again from there to the request's start, for a channel proxy's CONNECT answer and the TLS
 *     handshake
 * @param readMillis the longest silence accepted from a connected upstream, head or body
 */
public record UpstreamTimeouts(long connectMillis, long readMillis) {
  public UpstreamTimeouts {
    if (connectMillis <= 0 || readMillis <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /**
   * FFmpeg's path: 3 s to connect, as the redirect resolver (whose HttpClient counts its TLS
   * handshake in that too), and 15 s of silence ({@code -rw_timeout}).
   */
  public static UpstreamTimeouts defaults() {
    return new UpstreamTimeouts(3000, 15000);
  }
}
