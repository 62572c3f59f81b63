package io.iptvorigin.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CredentialsTest {
  @Test
  void userInfoOfEveryUrlInATextIsMasked() {
    assertEquals(
        "open http://***@up.example/x.ts: refused; https://***@b.example:8443/",
        Credentials.redact(
            "open http://user:pass@up.example/x.ts: refused; https://u@b.example:8443/"));
  }

  @Test
  void textWithoutCredentialsIsUnchanged() {
    assertEquals(
        "http://up.example/x@y mail a@b.example",
        Credentials.redact("http://up.example/x@y mail a@b.example"));
    assertEquals(null, Credentials.redact(null));
  }
}
