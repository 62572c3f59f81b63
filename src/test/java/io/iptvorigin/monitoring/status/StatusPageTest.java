package io.iptvorigin.monitoring.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.stream.supervision.StreamEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  private static final Instant AT = Instant.parse("2026-12-03T12:00:00Z");

  private static StatusReport.View view(List<StatusReport.RunningChannel> channels) {
    return new StatusReport.View(
        AT,
        "node-a",
        channels,
        List.of(
            new StreamEvents.Start(AT.minusSeconds(5), "ch1", "ok", Duration.ofMillis(1530)),
            new StreamEvents.Start(AT.minusSeconds(9), "ch2", "timeout", Duration.ofSeconds(15))),
        List.of(
            new StreamEvents.Failure(
                AT.minusSeconds(3),
                "ch1",
                "restart",
                "stall of http://u:p@up.example/live/USER/PASS/1.ts")),
        List.of(
            new Nodes.Peer("node-a", "10.0.0.1:8088", false), new Nodes.Peer("node-b", "", true)),
        Optional.empty());
  }

  private static StatusReport.RunningChannel channel(String id, String name, long viewers) {
    return new StatusReport.RunningChannel(
        id,
        name,
        viewers,
        "copy",
        "http://up.example/...",
        1,
        "node-a",
        Optional.of(Duration.ofSeconds(3725)),
        2,
        "");
  }

  @Test
  void everyValueIsEscapedSoAChannelNameCannotBecomeMarkup() {
    String html =
        StatusPage.render(
            view(List.of(channel("ch1", "<script>alert('x')</script> & \"Sport\"", 3))));
    assertFalse(html.contains("<script>alert"));
    assertTrue(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Sport&quot;"));
    // The only script is the page's own, allowed by its hash.
    assertEquals(1, count(html, "<script>"));
  }

  @Test
  void thePageListsChannelsStartsFailuresAndNodesWithoutAccounts() {
    String html = StatusPage.render(view(List.of(channel("ch1", "One", 3))));
    assertTrue(html.contains("Running channels: 1, viewers: 3"));
    assertTrue(html.contains("<tr data-channel=\"ch1\">"));
    assertTrue(html.contains("backup 1: http://up.example/..."));
    assertTrue(html.contains("node-a (this node)"));
    assertTrue(html.contains("1h 02m"), "uptime");
    assertTrue(html.contains("1.53"), "start latency");
    assertTrue(html.contains("<tr class=\"bad\">"), "a failed start stands out");
    assertTrue(html.contains("stall of http://***@up.example/..."));
    assertFalse(html.contains("PASS"));
    assertTrue(html.contains("draining"));
    assertTrue(html.contains("<noscript><meta http-equiv=\"refresh\""), "refreshes without JS");
    assertTrue(html.contains("action=\"/status/logout\""));
  }

  @Test
  void anEmptyClusterSaysSoAndAMissingRedisIsShown() {
    StatusReport.View empty =
        new StatusReport.View(
            AT, "node-a", List.of(), List.of(), List.of(), List.of(), Optional.of("Redis <down>"));
    String html = StatusPage.render(empty);
    assertTrue(html.contains("No channel is running."));
    assertTrue(html.contains("Redis &lt;down&gt;"));
    assertTrue(html.contains("No node heartbeat in Redis."));
  }

  @Test
  void thePolicyAllowsExactlyThePagesOwnStyleAndScript() {
    String html = StatusPage.render(view(List.of()));
    String policy = StatusPage.CONTENT_SECURITY_POLICY;
    assertTrue(policy.startsWith("default-src 'none'"));
    assertTrue(policy.contains("frame-ancestors 'none'"));
    assertEquals(
        hashOf(between(html, "<script>", "</script>")), between(policy, "script-src '", "'"));
    assertEquals(hashOf(between(html, "<style>", "</style>")), between(policy, "style-src '", "'"));
    assertFalse(StatusPage.login(Optional.empty()).contains("<script"), "the form needs none");
  }

  @Test
  void theLoginFormPostsTheTokenAsAPasswordField() {
    String html = StatusPage.login(Optional.of("That is not the admin token."));
    assertTrue(html.contains("<form method=\"post\" action=\"/status/login\">"));
    assertTrue(html.contains("name=\"token\" type=\"password\""));
    assertTrue(html.contains("That is not the admin token."));
  }

  @Test
  void uptimeReadsAsMinutesThenHours() {
    assertEquals("0m 05s", StatusPage.duration(Duration.ofSeconds(5)));
    assertEquals("59m 59s", StatusPage.duration(Duration.ofSeconds(3599)));
    assertEquals("26h 00m", StatusPage.duration(Duration.ofHours(26)));
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String between(String text, String open, String close) {
    int from = text.indexOf(open) + open.length();
    return text.substring(from, text.indexOf(close, from));
  }

  private static String hashOf(String text) throws RuntimeException {
    try {
      return "sha256-"
          + java.util.Base64.getEncoder()
              .encodeToString(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
