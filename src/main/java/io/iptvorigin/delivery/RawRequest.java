package io.iptvorigin.delivery;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request line as the player sent it ({@code /path?query}, still encoded), which nginx hands to a
 * grant in {@value AnswerGrantServlet#URI_HEADER}: the path and the query parameters read the way
 * the servlet container reads them for the request itself (form decoding, the first of repeated
 * names), so a grant and the answer it stands in for see the same values.
 */
public record RawRequest(String path, String query) {
  public static RawRequest parse(String uri) {
    int mark = uri.indexOf('?');
    return mark < 0
        ? new RawRequest(uri, "")
        : new RawRequest(uri.substring(0, mark), uri.substring(mark + 1));
  }

  /** The first value of the parameter, decoded; empty when absent or not decodable. */
  public Optional<String> parameter(String name) {
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      Optional<String> decodedKey = decode(key);
      if (decodedKey.isPresent() && decodedKey.get().equals(name)) {
        return equals < 0 ? Optional.of("") : decode(pair.substring(equals + 1));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> decode(String encoded) {
    try {
      return Optional.of(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
