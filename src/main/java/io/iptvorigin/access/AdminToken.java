package io.iptvorigin.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * The configured admin token and the check of an {@code Authorization} header against it. The
 * comparison is over SHA-256 digests with {@link MessageDigest#isEqual}, so neither the content
 * nor the length of the token leaks through timing. With no token configured nothing matches.
 */
public final class AdminToken {
  private static final String BEARER = "bearer ";
  private final Optional<byte[]> expectedDigest;

  public AdminToken(Optional<String> configured) {
    this.expectedDigest = configured.filter(t -> !t.isBlank()).map(AdminToken::digest);
  }

  public boolean isConfigured() {
    return expectedDigest.isPresent();
  }

  public boolean accepts(String authorizationHeader) {
    if (expectedDigest.isEmpty() || authorizationHeader == null) {
      return false;
    }
    String header = authorizationHeader.strip();
    if (header.length() <= BEARER.length()
        || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return false;
    }
    byte[] presented = digest(header.substring(BEARER.length()).strip());
    return MessageDigest.isEqual(expectedDigest.get(), presented);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
