package io.iptvorigin.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyTargetTest {
  @Test
  void connectTargetsAreHostAndPort() {
    assertEquals(
        Optional.of(new ProxyTarget("example.com", 443, null)),
        ProxyTarget.authority("example.com:443"));
    assertEquals(
        Optional.of(new ProxyTarget("[::1]", 8443, null)), ProxyTarget.authority("[::1]:8443"));
  }

  @Test
  void absoluteHttpTargetsBecomeOriginForm() {
    assertEquals(
        Optional.of(new ProxyTarget("example.com", 80, "/a/b.m3u8?t=1")),
        ProxyTarget.absoluteHttp("http://example.com/a/b.m3u8?t=1"));
    assertEquals(
        Optional.of(new ProxyTarget("example.com", 8080, "/?t=1")),
        ProxyTarget.absoluteHttp("HTTP://user:pw@example.com:8080?t=1"));
    assertEquals(
        Optional.of(new ProxyTarget("0x7f000001", 80, "/")),
        ProxyTarget.absoluteHttp("http://0x7f000001"));
    assertEquals(
        Optional.of(new ProxyTarget("[::1]", 80, "/")), ProxyTarget.absoluteHttp("http://[::1]/"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "https://example.com/",
        "ftp://example.com/",
        "http://example.com:0/",
        "http://example.com:65536/",
        "http://example.com:/",
        "http://exa mple.com/",
        "http:///path",
        "http://example.com#x",
        "http://exa%6dple.com/",
        "http://a:b@:80/"
      })
  void otherTargetsAreNotPlainHttp(String target) {
    assertFalse(ProxyTarget.absoluteHttp(target).isPresent(), target);
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "example.com:", ":443", "example.com:https", "[::1]"})
  void connectNeedsAPort(String target) {
    assertFalse(ProxyTarget.authority(target).isPresent(), target);
  }

  @Test
  void requestHeadsAreStrictHttp1() {
    ProxyRequest request =
        ProxyRequest.parse("GET http://a/ HTTP/1.1\r\nHost: a\r\nX: y", new byte[0]).orElseThrow();
    assertEquals("GET", request.method());
    assertEquals(List.of("Host: a", "X: y"), request.headers());
    assertTrue(ProxyRequest.parse("GET http://a/ HTTP/1.0", new byte[0]).isPresent());
    for (String head :
        List.of(
            "GET http://a/ HTTP/2.0",
            "GET  http://a/ HTTP/1.1",
            "GET http://a/",
            "GET http://a/ HTTP/1.1\r\nno colon",
            "GET http://a/ HTTP/1.1\r\n folded: x",
            "GET http://a/ HTTP/1.1\r\nX: a\nInjected: b",
            "G(T http://a/ HTTP/1.1")) {
      assertFalse(ProxyRequest.parse(head, new byte[0]).isPresent(), head);
    }
  }
}
