package io.iptvorigin.upstream;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An upstream URL split into the URL FFmpeg is given and the credentials of its user-info part
 * ({@code http://user:pass@host/...}), which FFmpeg gets as an {@code Authorization: Basic} header
 * instead: FFmpeg prints its input URL in error messages, and those reach its log and the failure
 * line of server.log. The guide download sends them the same way.
 */
public record UpstreamUrl(String withoutCredentials, String userInfo) {
  public static UpstreamUrl of(String url) {
    int start = url.indexOf("://");
    if (start < 0) {
      return new UpstreamUrl(url, null);
    }
    start += 3;
    int end = url.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = url.indexOf(c, start);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return new UpstreamUrl(url, null);
    }
    return new UpstreamUrl(
        url.substring(0, start) + url.substring(at + 1), url.substring(start, at));
  }

  /** The header line for {@code -headers} (CRLF-terminated), or "" without credentials. */
  public String authorizationHeader() {
    if (userInfo == null) {
      return "";
    }
    // User-info is percent-encoded; '+' in it is a plus, not a space.
    String decoded = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
    return "Authorization: Basic "
        + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8))
        + "\r\n";
  }

  /** The {@code Authorization} header's value, or null without credentials. */
  public String authorization() {
    String line = authorizationHeader();
    return line.isEmpty() ? null : line.substring("Authorization: ".length(), line.length() - 2);
  }
}
