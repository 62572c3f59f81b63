package io.iptvorigin.user;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Salted, slow password hashes (PBKDF2-HMAC-SHA512), stored as {@code
 * pbkdf2-sha512$iterations$salt$hash}. New hashes cost {@value #ITERATIONS_KEY} rounds (210,000 by
 * default, as OWASP recommends for SHA-512; never fewer than {@value #MIN_ITERATIONS}); a stored
 * hash is checked with the count it carries, so hashes made at another cost still verify. The
 * origin never needs the password itself; the hash only lets the panel's value be checked later
 * without keeping it.
 */
@ApplicationScoped
public class PasswordHasher {
  static final String SCHEME = "pbkdf2-sha512";
  static final String ITERATIONS_KEY = "iptv.user.password-hash-iterations";
  static final int DEFAULT_ITERATIONS = 210_000;

  /** The floor NIST SP 800-63B sets for PBKDF2; a configured cost below it is refused. */
  static final int MIN_ITERATIONS = 10_000;

  private static final int SALT_BYTES = 16;
  private static final int KEY_BITS = 512;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject
  @ConfigProperty(name = ITERATIONS_KEY, defaultValue = "210000")
  int iterations = DEFAULT_ITERATIONS;

  public PasswordHasher() {}

  /** Outside CDI (tests): hashes at {@code iterations} rounds, refused below the minimum. */
  PasswordHasher(int iterations) {
    this.iterations = checked(iterations);
  }

  @PostConstruct
  void init() {
    iterations = checked(iterations);
  }

  /** Creates the hasher with the application, so that init() refuses a bad cost at deployment. */
  void eagerly(@Observes @Initialized(ApplicationScoped.class) Object started) {}

  private static int checked(int iterations) {
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          ITERATIONS_KEY + " is " + iterations + ", at least " + MIN_ITERATIONS + " is required");
    }
    return iterations;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] key = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(key);
  }

  public boolean matches(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int storedIterations = Integer.parseInt(parts[1]);
      if (storedIterations < 1) {
        return false;
      }
      Base64.Decoder b64 = Base64.getDecoder();
      byte[] expected = b64.decode(parts[3]);
      byte[] actual = derive(password, b64.decode(parts[2]), storedIterations);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException e) {
      return false; // a damaged stored hash matches nothing
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available", e);
    } finally {
      spec.clearPassword();
    }
  }
}
