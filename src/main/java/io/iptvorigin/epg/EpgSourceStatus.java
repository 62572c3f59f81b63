package io.iptvorigin.epg;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;
import java.time.Instant;

/**
 * What the last refresh of a source did: {@code result} is {@code never}, {@code running}, {@code
 * ok} or {@code failed}; the figures are those of the last fetch that got that far, and {@code
 * last_success} says how old the guide in use is (a failed refresh keeps the previous one).
 */
public record EpgSourceStatus(
    String result,
    Instant lastFetch,
    Instant lastSuccess,
    long bytes,
    long xmlBytes,
    String compression,
    long channels,
    long programmes,
    long skipped,
    long durationMillis,
    String lastError,
    String node) {

  public static final EpgSourceStatus NEVER =
      new EpgSourceStatus("never", null, null, 0, 0, null, 0, 0, 0, 0, null, null);

  EpgSourceStatus running(Instant now, String node) {
    return new EpgSourceStatus(
        "running",
        now,
        lastSuccess,
        bytes,
        xmlBytes,
        compression,
        channels,
        programmes,
        skipped,
        durationMillis,
        lastError,
        node);
  }

  EpgSourceStatus failed(Instant started, long millis, long bytesRead, String reason, String node) {
    return new EpgSourceStatus(
        "failed",
        started,
        lastSuccess,
        bytesRead,
        xmlBytes,
        compression,
        channels,
        programmes,
        skipped,
        millis,
        reason,
        node);
  }

  /**
   * Whether the source is due: {@code refreshMinutes} after its last fetch, or {@value
   * #RETRY_MINUTES} minutes after one that failed (or that a node stopped in the middle of, which
   * stays "running"), so a provider's bad hour does not cost the guide half a day.
   */
  boolean dueAt(Instant now, int refreshMinutes) {
    if (lastFetch == null) {
      return true;
    }
    int minutes = "ok".equals(result) ? refreshMinutes : Math.min(refreshMinutes, RETRY_MINUTES);
    return !now.isBefore(lastFetch.plusSeconds(60L * minutes));
  }

  static final int RETRY_MINUTES = 10;

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("result", result);
    node.put("last_fetch", lastFetch == null ? null : lastFetch.toString());
    node.put("last_success", lastSuccess == null ? null : lastSuccess.toString());
    node.put("bytes", bytes);
    node.put("xml_bytes", xmlBytes);
    node.put("compression", compression);
    node.put("channels", channels);
    node.put("programmes", programmes);
    node.put("skipped", skipped);
    node.put("duration_ms", durationMillis);
    node.put("last_error", lastError);
    node.put("node", this.node);
    return node;
  }

  public String toStoredJson() {
    return Json.write(toJson());
  }

  public static EpgSourceStatus fromStoredJson(String json) {
    if (json == null) {
      return NEVER;
    }
    ObjectNode n = Json.readStored(json);
    return new EpgSourceStatus(
        n.path("result").asText("never"),
        instant(n, "last_fetch"),
        instant(n, "last_success"),
        n.path("bytes").asLong(),
        n.path("xml_bytes").asLong(),
        text(n, "compression"),
        n.path("channels").asLong(),
        n.path("programmes").asLong(),
        n.path("skipped").asLong(),
        n.path("duration_ms").asLong(),
        text(n, "last_error"),
        text(n, "node"));
  }

  private static Instant instant(ObjectNode node, String field) {
    String value = text(node, field);
    return value == null ? null : Instant.parse(value);
  }

  private static String text(ObjectNode node, String field) {
    var value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
