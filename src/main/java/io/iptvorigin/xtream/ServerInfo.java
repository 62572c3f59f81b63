package io.iptvorigin.xtream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The {@code server_info} of a login answer, from the base URL players reach us by. Apps build
 * stream URLs from {@code server_protocol}, {@code url} and {@code port} (or {@code https_port}),
 * so they must name exactly what the subscriber typed or the operator configured. Every port is a
 * string, as XC servers send them; apps that expect strings crash on numbers.
 */
record ServerInfo(String protocol, String host, int port) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The server behind {@code scheme://host[:port]}; empty if that is no such URL. */
  static Optional<ServerInfo> parse(String baseUrl) {
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (uri.getHost() == null) {
      return Optional.empty();
    }
    String protocol = "https".equalsIgnoreCase(uri.getScheme()) ? "https" : "http";
    int port = uri.getPort() > 0 ? uri.getPort() : protocol.equals("https") ? 443 : 80;
    return Optional.of(new ServerInfo(protocol, uri.getHost(), port));
  }

  ObjectNode toJson(Instant now) {
    ObjectNode node = Json.object();
    node.put("url", host);
    // The port of the other protocol is not known here: its default.
    node.put("port", Integer.toString(protocol.equals("http") ? port : 80));
    node.put("https_port", Integer.toString(protocol.equals("https") ? port : 443));
    node.put("server_protocol", protocol);
    node.put("rtmp_port", "0");
    node.put("timezone", "UTC");
    node.put("timestamp_now", now.getEpochSecond());
    node.put("time_now", TIME.format(now));
    node.put("process", true);
    return node;
  }
}
