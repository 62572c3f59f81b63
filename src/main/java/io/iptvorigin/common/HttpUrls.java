package io.iptvorigin.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * URLs the origin will fetch on the panel's word (channel upstreams, their proxies, guide sources):
 * absolute, with a host, of an allowed scheme, nothing that could break a line. Anything else, such
 * as {@code file:}, {@code concat:} or {@code pipe:}, would make FFmpeg or the guide download read
 * local files or run protocol chains.
 */
public final class HttpUrls {
  public static final Set<String> HTTP_OR_HTTPS = Set.of("http", "https");
  private static final int MAX_URL = 2048;

  private HttpUrls() {}

  /**
   * {@code value} with its scheme in lower case, or a 400 naming {@code field}.
   *
   * @throws InvalidFieldException when it is not such a URL
   */
  public static String check(String value, String field, Set<String> schemes) {
    Fields.singleLine(value, field, MAX_URL);
    if (value.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidFieldException(field, "must not contain spaces");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidFieldException(field, "is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme)) {
      throw new InvalidFieldException(
          field, "must be an " + String.join(" or ", schemes.stream().sorted().toList()) + " URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidFieldException(field, "must name a host");
    }
    // FFmpeg matches protocol names case-sensitively: store "HTTP://x" as "http://x".
    return scheme + value.substring(uri.getScheme().length());
  }
}
