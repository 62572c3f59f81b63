package io.iptvorigin.access;

import java.util.Locale;
import java.util.Optional;

/**
 * The configured admin token and the check of an {@code Authorization: Bearer} header against it
 * (constant-time, see {@link SharedSecret}). With no token configured nothing matches.
 */
public final class AdminToken {
  private static final String BEARER = "bearer ";
  private final SharedSecret secret;

  public AdminToken(Optional<String> configured) {
    this.secret = new SharedSecret(configured);
  }

  public boolean isConfigured() {
    return secret.isConfigured();
  }

  public boolean accepts(String authorizationHeader) {
    if (authorizationHeader == null) {
      return false;
    }
    String header = authorizationHeader.strip();
    if (header.length() <= BEARER.length()
        || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return false;
    }
    return secret.matches(header.substring(BEARER.length()).strip());
  }

  /** Whether {@code presented} is the token itself (a login form's field). */
  public boolean matches(String presented) {
    return secret.matches(presented);
  }
}
