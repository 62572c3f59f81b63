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

  @Test
  void aTextForAPageShowsEveryUrlUpToItsHostOnly() {
    assertEquals(
        "copy from http://***@up.example:8080/... failed; backup https://b.example/... ok",
        Credentials.forDisplay(
            "copy from http://user:pass@up.example:8080/live/a.ts?x=1 failed;"
                + " backup https://b.example/live/USER/PASS/7.ts ok"));
    assertEquals("http://up.example/...", Credentials.forDisplay("http://up.example?password=p"));
    assertEquals("http://up.example", Credentials.forDisplay("http://up.example"));
    assertEquals("no url here", Credentials.forDisplay("no url here"));
    assertEquals("", Credentials.forDisplay(null));
  }
}
