package io.iptvorigin.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * A configured secret and the check of a presented value against it. The comparison is over SHA-256
 * digests with {@link MessageDigest#isEqual}, so neither the content nor the length of the secret
 * leaks through timing. With no secret configured (absent or blank) nothing matches: a node that
 * forgot its secret fails closed.
 */
final class SharedSecret {
  private final Optional<byte[]> expectedDigest;

  SharedSecret(Optional<String> configured) {
    this.expectedDigest = configured.filter(t -> !t.isBlank()).map(SharedSecret::digest);
  }

  boolean isConfigured() {
    return expectedDigest.isPresent();
  }

  boolean matches(String presented) {
    return presented != null
        && expectedDigest.isPresent()
        && MessageDigest.isEqual(expectedDigest.get(), digest(presented));
  }

  private static byte[] digest(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
