package io.iptvorigin.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.user.PasswordVerifier.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordVerifierTest {
  private static final String HASH = "pbkdf2-sha512$210000$c2FsdA$a2V5";

  private static PasswordVerifier verifier(String key) {
    PasswordVerifier v = new PasswordVerifier();
    v.configuredKey = Optional.of(key);
    v.adminToken = Optional.empty();
    v.init();
    return v;
  }

  @Test
  void theRightPasswordMatchesAndAnyOtherDoesNot() {
    PasswordVerifier v = verifier("k".repeat(32));
    String stored = v.create("alice", "s3cret / ?#", HASH);
    assertEquals(Verdict.MATCH, v.check(stored, "alice", "s3cret / ?#", HASH));
    assertEquals(Verdict.MISMATCH, v.check(stored, "alice", "s3cret / ?", HASH));
    assertEquals(Verdict.MISMATCH, v.check(stored, "alice", "", HASH));
    // Bound to the username: the same password under another name is no match.
    assertEquals(Verdict.MISMATCH, v.check(stored, "alic", "s3cret / ?#", HASH));
  }

  @Test
  void holdsNeitherThePasswordNorTheKey() {
    String key = "k".repeat(32);
    String stored = verifier(key).create("alice", "hunter2hunter2", HASH);
    assertFalse(stored.contains("hunter2"));
    assertFalse(stored.contains(key));
    assertTrue(stored.startsWith("v1$"), stored);
  }

  @Test
  void anotherKeyOrAChangedPasswordMakesItUnusableNotWrong() {
    String stored = verifier("k".repeat(32)).create("alice", "pw", HASH);
    assertEquals(Verdict.UNUSABLE, verifier("j".repeat(32)).check(stored, "alice", "pw", HASH));
    PasswordVerifier same = verifier("k".repeat(32));
    assertEquals(Verdict.UNUSABLE, same.check(stored, "alice", "pw", HASH + "x"));
    assertEquals(Verdict.UNUSABLE, same.check(null, "alice", "pw", HASH));
    assertEquals(Verdict.UNUSABLE, same.check("garbage", "alice", "pw", HASH));
    assertEquals(Verdict.UNUSABLE, same.check(stored, "alice", "pw", null));
  }

  @Test
  void theDerivedKeyFollowsTheAdminToken() {
    PasswordVerifier a = new PasswordVerifier();
    a.configuredKey = Optional.empty();
    a.adminToken = Optional.of("admin-token-one");
    a.init();
    PasswordVerifier b = new PasswordVerifier();
    b.configuredKey = Optional.of(" ");
    b.adminToken = Optional.of("admin-token-one");
    b.init();
    String stored = a.create("bob", "pw", HASH);
    assertEquals(Verdict.MATCH, b.check(stored, "bob", "pw", HASH));
    b.useKey("admin-token-two".getBytes(StandardCharsets.UTF_8));
    assertEquals(Verdict.UNUSABLE, b.check(stored, "bob", "pw", HASH));
  }
}
