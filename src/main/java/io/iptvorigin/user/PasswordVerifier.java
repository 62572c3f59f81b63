package io.iptvorigin.user;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A fast password check for logins that carry the password on every request (Xtream Codes apps send
 * it many times a minute per viewer): an HMAC-SHA256 of username and password under a key only the
 * application knows. A check costs microseconds where the stored PBKDF2 hash costs about 100 ms of
 * CPU, and a copy of Redis alone still cannot be brute-forced offline.
 *
 * <p>A verifier reads {@code v1$KEY$HASH$MAC}: {@code KEY} names the key it was made with and
 * {@code HASH} the PBKDF2 hash it stands for (both short fingerprints). A verifier made under an
 * older key, or for a password the panel has since changed, is not a wrong password but an unusable
 * verifier: the caller falls back to PBKDF2 once and writes a new one.
 *
 * <p>The key is {@code iptv.user.password-verifier-key} when set; otherwise it is derived from the
 * admin token, which every node of an install shares and which never reaches Redis.
 */
@ApplicationScoped
public class PasswordVerifier {
  private static final Logger LOG = Logger.getLogger(PasswordVerifier.class.getName());
  private static final String VERSION = "v1";
  private static final HexFormat HEX = HexFormat.of();

  /** Whether a stored verifier settles the question for this password hash and key. */
  public enum Verdict {
    MATCH,
    MISMATCH,
    UNUSABLE
  }

  @Inject
  @ConfigProperty(name = "iptv.user.password-verifier-key")
  Optional<String> configuredKey;

  @Inject
  @ConfigProperty(name = "iptv.admin.token")
  Optional<String> adminToken;

  private byte[] key;
  private String keyId;
  private ThreadLocal<Mac> macs;

  @PostConstruct
  void init() {
    byte[] material;
    if (configuredKey.filter(k -> !k.isBlank()).isPresent()) {
      material = configuredKey.get().strip().getBytes(StandardCharsets.UTF_8);
    } else if (adminToken.filter(t -> !t.isBlank()).isPresent()) {
      material =
          hmac(
              adminToken.get().strip().getBytes(StandardCharsets.UTF_8),
              "iptv-origin password verifier".getBytes(StandardCharsets.UTF_8));
    } else {
      // Nothing to derive from: verifiers made now die with this JVM (one PBKDF2 per user after
      // each restart). There is no admin API without a token either, so this is a broken install.
      material = new byte[32];
      new SecureRandom().nextBytes(material);
      LOG.warning(
          "no iptv.user.password-verifier-key and no iptv.admin.token: fast logins restart");
    }
    useKey(material);
  }

  void useKey(byte[] material) {
    key = material.clone();
    keyId = fingerprint(hmac(key, "key id".getBytes(StandardCharsets.UTF_8)));
    SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
    macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
              }
            });
  }

  /** The verifier of {@code password} for {@code username}, whose stored hash is given. */
  public String create(String username, String password, String passwordHash) {
    return VERSION + "$" + keyId + "$" + hashId(passwordHash) + "$" + mac(username, password);
  }

  public Verdict check(String stored, String username, String password, String passwordHash) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$", -1);
    if (parts.length != 4
        || !parts[0].equals(VERSION)
        || !parts[1].equals(keyId)
        || passwordHash == null
        || !parts[2].equals(hashId(passwordHash))) {
      return Verdict.UNUSABLE;
    }
    byte[] expected = parts[3].getBytes(StandardCharsets.US_ASCII);
    byte[] actual = mac(username, password).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual) ? Verdict.MATCH : Verdict.MISMATCH;
  }

  private String mac(String username, String password) {
    Mac mac = macs.get();
    mac.update(username.getBytes(StandardCharsets.UTF_8));
    // The separator cannot occur in a username, so ("ab", "c") and ("a", "bc") differ.
    mac.update((byte) 0);
    return HEX.formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
  }

  private static String hashId(String passwordHash) {
    try {
      return fingerprint(
          MessageDigest.getInstance("SHA-256")
              .digest(passwordHash.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String fingerprint(byte[] digest) {
    return HEX.formatHex(digest, 0, 8);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
