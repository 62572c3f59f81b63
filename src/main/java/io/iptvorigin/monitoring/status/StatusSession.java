package io.iptvorigin.monitoring.status;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The status page's login cookie: {@code EXPIRY.MAC}, the expiry in epoch seconds and an
 * HMAC-SHA256 of it keyed with the admin token. The cookie is not the token: a copied cookie opens
 * the page until it expires, never the API. Nothing is stored on the server; a new admin token ends
 * every session at once.
 */
public final class StatusSession {
  public static final String COOKIE = "iptv_status";
  private static final String ALGORITHM = "HmacSHA256";
  private static final String CONTEXT = "iptv-origin status page session|";

  private final Optional<SecretKeySpec> key;
  private final Duration lifetime;

  public StatusSession(Optional<String> adminToken, Duration lifetime) {
    this.key =
        adminToken
            .filter(t -> !t.isBlank())
            .map(t -> new SecretKeySpec(t.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    this.lifetime = lifetime;
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** A new cookie value valid for {@link #lifetime()} from {@code now}; empty with no token. */
  public Optional<String> issue(Instant now) {
    long expiry = now.plus(lifetime).getEpochSecond();
    return key.map(k -> expiry + "." + mac(k, expiry));
  }

  /** Whether {@code value} is a cookie this install issued that has not expired at {@code now}. */
  public boolean accepts(String value, Instant now) {
    if (value == null || key.isEmpty()) {
      return false;
    }
    int dot = value.indexOf('.');
    if (dot < 1 || dot > 19) {
      return false;
    }
    long expiry;
    try {
      expiry = Long.parseLong(value.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    // A cookie outliving its lifetime was not issued here, whatever its MAC says.
    if (expiry <= now.getEpochSecond() || expiry > now.plus(lifetime).getEpochSecond() + 60) {
      return false;
    }
    byte[] expected = mac(key.get(), expiry).getBytes(StandardCharsets.US_ASCII);
    byte[] presented = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, presented);
  }

  private static String mac(SecretKeySpec key, long expiry) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of()
          .formatHex(mac.doFinal((CONTEXT + expiry).getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
