package io.iptvorigin.monitoring.status;

import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.common.Credentials;
import io.iptvorigin.stream.supervision.StreamEvents;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The status page's HTML, rendered on the server from a {@link StatusReport.View}: plain tables
 * that need no script. With JavaScript on, a few inline lines fetch the page again every {@value
 * #REFRESH_SECONDS} s and swap its content in place; without, a {@code <noscript>} refresh reloads
 * it. Every value from Redis, a panel or an upstream is HTML-escaped. The inline style and script
 * are allowed by their hashes in {@link #CONTENT_SECURITY_POLICY}, nothing else runs or loads.
 */
public final class StatusPage {
  static final int REFRESH_SECONDS = 5;
  private static final int NOSCRIPT_REFRESH_SECONDS = 30;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private static final String STYLE =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5em 2em;color:#1d2125;background:#fff}
      header{display:flex;flex-wrap:wrap;align-items:baseline;gap:1em;border-bottom:1px solid #ccd}
      h1{font-size:1.3em;margin:.6em 0}h2{font-size:1.05em;margin:1.4em 0 .4em}
      table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25em .6em;\
      border-bottom:1px solid #e4e6eb;vertical-align:top}th{background:#f3f4f6}
      td.n{text-align:right;font-variant-numeric:tabular-nums}.empty{color:#667}
      .bad{color:#a4161a}.warn{background:#fff3cd;padding:.5em;border:1px solid #e0c36a}
      form{margin:0}.login{max-width:24em;margin:3em auto}input{width:100%;padding:.4em;\
      margin:.4em 0;box-sizing:border-box}button{padding:.3em 1em}
      """;

  private static final String SCRIPT =
      """
      (function () {
        var seconds = %d;
        function refresh() {
          fetch(location.pathname, {credentials: 'same-origin', cache: 'no-store'})
            .then(function (r) { return r.text().then(function (t) { return [r, t]; }); })
            .then(function (rt) {
              var page = new DOMParser().parseFromString(rt[1], 'text/html');
              var main = page.getElementById('status');
              if (!main) { throw new Error('status ' + rt[0].status); }
              document.getElementById('status').replaceWith(main);
              document.getElementById('updated').replaceWith(page.getElementById('updated'));
            })
            .catch(function (e) {
              document.getElementById('updated').textContent = 'refresh failed (' + e.message + ')';
            })
            .finally(function () { setTimeout(refresh, seconds * 1000); });
        }
        setTimeout(refresh, seconds * 1000);
      })();
      """
          .formatted(REFRESH_SECONDS);

  /** Allows the page's own style and script by hash, fetches from itself, forms to itself. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src '"
          + sha256(STYLE)
          + "'; script-src '"
          + sha256(SCRIPT)
          + "'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private StatusPage() {}

  /** The page for a signed-in operator. */
  public static String render(StatusReport.View view) {
    StringBuilder html = new StringBuilder(16_384);
    head(html, "iptv-origin status: " + view.node(), true);
    html.append("<header><h1>iptv-origin status</h1><span>node <b>")
        .append(escape(view.node()))
        .append("</b></span><span id=\"updated\" data-at=\"")
        .append(view.at().toEpochMilli())
        .append("\">as of ")
        .append(DATE_TIME.format(view.at()))
        .append("</span>")
        .append("<form method=\"post\" action=\"/status/logout\"><button>Log out</button></form>")
        .append("</header>\n<main id=\"status\">\n");
    view.unavailable()
        .ifPresent(why -> html.append("<p class=\"warn\">").append(escape(why)).append("</p>\n"));
    channels(html, view);
    starts(html, view.starts());
    failures(html, view.failures());
    nodes(html, view);
    html.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  /** The login form; {@code message} says why it is shown again, if it is. */
  public static String login(Optional<String> message) {
    StringBuilder html = new StringBuilder(2048);
    head(html, "iptv-origin status: sign in", false);
    html.append("<main class=\"login\"><h1>iptv-origin status</h1>\n");
    message.ifPresent(m -> html.append("<p class=\"bad\">").append(escape(m)).append("</p>\n"));
    html.append(
        """
        <form method="post" action="/status/login">
        <label for="token">Admin token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
        <button type="submit">Sign in</button>
        </form>
        <p class="empty">Or send the admin token as <code>Authorization: Bearer ...</code>.</p>
        </main>
        </body>
        </html>
        """);
    return html.toString();
  }

  private static void head(StringBuilder html, String title, boolean refresh) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"robots\" content=\"noindex\">\n<title>")
        .append(escape(title))
        .append("</title>\n");
    if (refresh) {
      html.append("<noscript><meta http-equiv=\"refresh\" content=\"")
          .append(NOSCRIPT_REFRESH_SECONDS)
          .append("\"></noscript>\n");
    }
    html.append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
  }

  private static void channels(StringBuilder html, StatusReport.View view) {
    long viewers = view.channels().stream().mapToLong(StatusReport.RunningChannel::viewers).sum();
    html.append("<section id=\"channels\"><h2>Running channels: ")
        .append(view.channels().size())
        .append(", viewers: ")
        .append(viewers)
        .append("</h2>\n");
    if (view.channels().isEmpty()) {
      html.append("<p class=\"empty\">No channel is running.</p></section>\n");
      return;
    }
    html.append(
        "<table><thead><tr><th>Channel</th><th>Name</th><th>Viewers</th><th>Mode</th>"
            + "<th>Source</th><th>Node</th><th>Uptime</th><th>Restarts</th>"
            + "<th>Last source switch</th></tr></thead><tbody>\n");
    for (StatusReport.RunningChannel c : view.channels()) {
      html.append("<tr data-channel=\"").append(escape(c.id())).append("\">");
      cell(html, c.id());
      cell(html, c.name());
      number(html, c.viewers());
      cell(html, c.mode());
      cell(html, (c.sourceIndex() == 0 ? "" : "backup " + c.sourceIndex() + ": ") + c.source());
      cell(html, c.node() + (c.node().equals(view.node()) ? " (this node)" : ""));
      cell(html, c.uptime().map(StatusPage::duration).orElse(""));
      number(html, c.restarts());
      cell(html, c.lastSwitch());
      html.append("</tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private static void starts(StringBuilder html, List<StreamEvents.Start> starts) {
    html.append("<section id=\"starts\"><h2>Latest starts on this node</h2>\n");
    if (starts.isEmpty()) {
      html.append("<p class=\"empty\">No viewer has started a channel here yet.</p></section>\n");
      return;
    }
    html.append(
        "<table><thead><tr><th>Time</th><th>Channel</th><th>Result</th><th>Seconds</th>"
            + "</tr></thead><tbody>\n");
    for (StreamEvents.Start start : starts) {
      html.append(start.result().equals("ok") ? "<tr>" : "<tr class=\"bad\">");
      cell(html, TIME.format(start.at()));
      cell(html, start.channelId());
      cell(html, start.result());
      html.append("<td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.2f", start.latency().toMillis() / 1000.0))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private static void failures(StringBuilder html, List<StreamEvents.Failure> failures) {
    html.append("<section id=\"failures\"><h2>Latest failures on this node</h2>\n");
    if (failures.isEmpty()) {
      html.append("<p class=\"empty\">None.</p></section>\n");
      return;
    }
    html.append(
        "<table><thead><tr><th>Time</th><th>Channel</th><th>What</th><th>Reason</th>"
            + "</tr></thead><tbody>\n");
    for (StreamEvents.Failure failure : failures) {
      html.append("<tr>");
      cell(html, TIME.format(failure.at()));
      cell(html, failure.channelId());
      cell(html, failure.kind());
      cell(html, Credentials.forDisplay(failure.reason()));
      html.append("</tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private static void nodes(StringBuilder html, StatusReport.View view) {
    html.append("<section id=\"nodes\"><h2>Nodes: ").append(view.nodes().size()).append("</h2>\n");
    if (view.nodes().isEmpty()) {
      html.append("<p class=\"empty\">No node heartbeat in Redis.</p></section>\n");
      return;
    }
    html.append(
        "<table><thead><tr><th>Node</th><th>Peer address</th><th>State</th></tr></thead>"
            + "<tbody>\n");
    for (Nodes.Peer peer : view.nodes()) {
      html.append("<tr>");
      cell(html, peer.id() + (peer.id().equals(view.node()) ? " (this node)" : ""));
      cell(html, peer.address());
      cell(html, peer.draining() ? "draining" : "serving");
      html.append("</tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private static void cell(StringBuilder html, String text) {
    html.append("<td>").append(escape(text)).append("</td>");
  }

  private static void number(StringBuilder html, long value) {
    html.append("<td class=\"n\">").append(value).append("</td>");
  }

  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
  }

  /** Text as HTML text or a quoted attribute value. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 && c != '\t' ? ' ' : c);
      }
    }
    return out.toString();
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
