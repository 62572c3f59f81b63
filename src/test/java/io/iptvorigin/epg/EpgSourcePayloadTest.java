package io.iptvorigin.epg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EpgSourcePayloadTest {
  private static ObjectNode body(String json) {
    return Json.readStored(json);
  }

  private static void assertRefusedNaming(String field, String json) {
    ApiException e =
        assertThrows(ApiException.class, () -> EpgSourcePayload.parse(body(json)).toNewSource());
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
  }

  @Test
  void aNewSourceGetsTheDefaultRefresh() {
    EpgSource source =
        EpgSourcePayload.parse(body("{\"id\":\"uk\",\"url\":\"HTTP://epg.example/g.xml.gz\"}"))
            .toNewSource();
    assertEquals(new EpgSource("uk", "http://epg.example/g.xml.gz", 720), source);
    assertEquals(source, EpgSource.fromStoredJson(source.toStoredJson()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "ftp://epg.example/g.xml",
        "http:///nohost",
        "http://epg.example/a b",
        "concat:http://a|http://b"
      })
  void onlyHttpUrlsWithAHost(String url) {
    assertRefusedNaming("url", "{\"id\":\"uk\",\"url\":" + Json.write(url) + "}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"a/b\"", "\"a b\"", "\"../x\"", "7"})
  void idsAreKeySafe(String id) {
    assertRefusedNaming("id", "{\"id\":" + id + ",\"url\":\"http://e.example/\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"9", "10081", "-1", "\"720\"", "1.5"})
  void refreshIsBounded(String minutes) {
    assertRefusedNaming(
        "refresh_minutes",
        "{\"id\":\"uk\",\"url\":\"http://e.example/\",\"refresh_minutes\":" + minutes + "}");
  }

  @Test
  void anUpdateKeepsTheIdAndWhatItDoesNotName() {
    EpgSource current = new EpgSource("uk", "http://e.example/a", 60);
    assertEquals(
        new EpgSource("uk", "http://e.example/a", 30),
        EpgSourcePayload.parse(body("{\"refresh_minutes\":30}")).applyTo(current));
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> EpgSourcePayload.parse(body("{\"id\":\"us\"}")).applyTo(current));
    assertEquals(400, e.status());
  }

  @Test
  void statusRoundTripsAndKnowsWhenItIsDue() {
    Instant at = Instant.parse("2026-12-02T08:00:00Z");
    EpgSourceStatus status =
        new EpgSourceStatus("ok", at, at, 10, 100, "gzip", 3, 40, 1, 250, null, "n1");
    assertEquals(status, EpgSourceStatus.fromStoredJson(status.toStoredJson()));
    assertTrue(EpgSourceStatus.NEVER.dueAt(at, 720));
    assertFalse(status.dueAt(at.plusSeconds(60 * 719), 720));
    assertTrue(status.dueAt(at.plusSeconds(60 * 720), 720));
    EpgSourceStatus failed = status.failed(at.plusSeconds(5), 7, 3, "HTTP 404", "n2");
    assertEquals("failed", failed.result());
    assertEquals(at, failed.lastSuccess());
    assertEquals("HTTP 404", failed.lastError());
    assertFalse(failed.dueAt(at.plusSeconds(5 + 60 * 9), 720));
    assertTrue(failed.dueAt(at.plusSeconds(5 + 60 * 10), 720), "a failed source retries sooner");
    assertTrue(status.running(at, "n3").dueAt(at.plusSeconds(60 * 10), 720), "a dead node's");
  }
}
