package io.iptvorigin.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The host part of a URL as java.net.URI sees it and as FFmpeg's av_url_split sees it (authority up
 * to the first '/', '?' or '#', userinfo up to the last '@', port after the first ':' unless
 * bracketed). Both are returned when they differ, so a URL the two parse differently is judged by
 * whichever host it could reach. Hosts keep IPv6 brackets and are never percent-decoded.
 */
final class UrlHosts {
  private UrlHosts() {}

  static Set<String> of(String url) {
    Set<String> hosts = new LinkedHashSet<>();
    if (url == null) {
      return hosts;
    }
    try {
      URI uri = new URI(url);
      if (uri.getHost() != null) {
        hosts.add(uri.getHost());
      } else if (uri.getRawAuthority() != null) {
        // Registry-based authority: what URI makes of 0x7f000001, 2130706433 or 127.1.
        addFromAuthority(hosts, uri.getRawAuthority());
      }
    } catch (URISyntaxException e) {
      // Not a URI to Java; FFmpeg may still take it, so the split below decides.
    }
    int schemeEnd = url.indexOf("://");
    if (schemeEnd >= 0) {
      String rest = url.substring(schemeEnd + 3);
      int end = rest.length();
      for (char c : new char[] {'/', '?', '#'}) {
        int at = rest.indexOf(c);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      addFromAuthority(hosts, rest.substring(0, end));
    }
    return hosts;
  }

  private static void addFromAuthority(Set<String> hosts, String authority) {
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    String host;
    int close = hostPort.indexOf(']');
    if (hostPort.startsWith("[") && close > 0) {
      host = hostPort.substring(0, close + 1);
    } else {
      int colon = hostPort.indexOf(':');
      host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
    }
    if (!host.isEmpty()) {
      hosts.add(host);
    }
  }
}
