package io.iptvorigin.support;

/** The nginx in front of the application, where players and the panel come in. */
public final class Edge {
  private final String base;

  Edge(String base) {
    this.base = base;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return base;
  }

  public String url(String path) {
    return base + path;
  }

  /** A channel's HLS playlist for a subscriber: {@code /live/{token}/stream_{channel}.m3u8}. */
  public String hlsUrl(String token, String channel) {
    return base + "/live/" + token + "/stream_" + channel + ".m3u8";
  }

  /** Plain requests to nginx, without credentials. */
  public Http http() {
    return Http.of(base);
  }
}
