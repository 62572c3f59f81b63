package io.iptvorigin.user;

import java.time.Instant;
import java.util.Optional;

/**
 * Why a subscriber token gets nothing (playlist, guide), as the plain message players show: 401 for
 * a missing or unknown token, 403 for a disabled or expired one.
 */
public record TokenRefusal(int status, String message) {
  /**
   * The refusal of {@code token} whose stored grant is {@code grantJson} (null: none), or empty
   * when it may be served at {@code now}.
   */
  public static Optional<TokenRefusal> of(String token, String grantJson, Instant now) {
    if (token == null || token.isEmpty()) {
      return Optional.of(new TokenRefusal(401, "ERROR: Missing token"));
    }
    if (!Token.isValid(token) || grantJson == null) {
      return Optional.of(new TokenRefusal(401, "ERROR: Invalid token"));
    }
    TokenGrant grant = TokenGrant.fromJson(grantJson);
    if (!grant.active()) {
      return Optional.of(new TokenRefusal(403, "ERROR: Token disabled"));
    }
    if (grant.expiredAt(now)) {
      return Optional.of(new TokenRefusal(403, "ERROR: Token expired"));
    }
    return Optional.empty();
  }
}
