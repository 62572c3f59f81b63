package io.iptvorigin.monitoring;

import static io.iptvorigin.support.TestChannels.aLiveChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.MediaTools;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.PrometheusServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Prometheus scrapes the origin's /metrics through nginx while a subscriber watches: the
 * channel's viewers, its info row and the start histogram come out as Prometheus reads them, the
 * channel's series leave with the channel, and nobody but the monitoring addresses gets in.
 */
@ExtendWith(ArquillianExtension.class)
class MetricsIT {
  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private static PrometheusServer prometheus;
  private final AdminApi admin = stack.admin();

  @BeforeAll
  static void startPrometheus() throws Exception {
    URI edge = URI.create(stack.edge().baseUrl());
    prometheus =
        PrometheusServer.scraping(
            edge.getHost() + ":" + edge.getPort(),
            ItEnvironment.workDir().resolve(ItEnvironment.unique("prometheus")));
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void aWatchedChannelShowsItsViewerAndItsStartInPrometheus() {
    assertTrue(
        prometheus
            .await("up{job=\"iptv-origin\"}", v -> v == 1, Duration.ofSeconds(20))
            .isPresent(),
        "Prometheus scrapes /metrics through nginx");
    double startsBefore = scraped("iptv_stream_start_seconds_count").orElse(0.0);
    double okBefore = scraped("iptv_stream_starts_total\\{result=\"ok\"}").orElse(0.0);
    // FFmpeg's: the copy-mode count and FFmpeg's speed are among what is checked.
    String channel =
        admin.create(aLiveChannel(stack.upstream()).named("Metrics <One>").remux("ffmpeg"));
    String token = admin.create(aUser()).token();

    MediaTools.Result watched = MediaTools.read(stack.edge().hlsUrl(token, channel), 4);
    assertEquals(0, watched.exit(), watched.output());

    String viewers = "iptv_channel_viewers{channel=\"" + channel + "\"}";
    assertTrue(
        prometheus.await(viewers, v -> v == 1, Duration.ofSeconds(15)).isPresent(),
        "one viewer of the channel: " + prometheus.query(viewers));
    assertTrue(
        prometheus
            .await(
                "iptv_stream_start_seconds_count",
                v -> v == startsBefore + 1,
                Duration.ofSeconds(15))
            .isPresent(),
        "the cold start is in the histogram once");
    assertEquals(
        okBefore + 1, prometheus.value("iptv_stream_starts_total{result=\"ok\"}").orElse(-1));
    // A start here takes 1-3 s: every bucket from 15 s up holds it, the 0.5 s bucket does not.
    assertEquals(
        startsBefore + 1,
        prometheus.value("iptv_stream_start_seconds_bucket{le=\"15.0\"}").orElse(-1));
    double quantile =
        prometheus
            .value("histogram_quantile(0.5, iptv_stream_start_seconds_bucket)")
            .orElse(Double.NaN);
    assertTrue(quantile > 0 && quantile <= 15, "median start " + quantile);
    assertEquals(
        1,
        prometheus
            .value(
                "iptv_channel_info{channel=\""
                    + channel
                    + "\",name=\"Metrics <One>\",provider=\"\"}")
            .orElse(-1));
    assertTrue(
        prometheus.value("iptv_channels_running{mode=\"copy\"}").orElse(0) >= 1,
        "the channel counts among the copy-mode channels");
    assertTrue(
        prometheus.value("iptv_auth_checks_total{result=\"allowed\"}").orElse(0) >= 1,
        "nginx's checks of the viewer are counted");
    assertTrue(
        prometheus
            .await(
                "iptv_ffmpeg_speed{channel=\"" + channel + "\"}",
                v -> v > 0,
                Duration.ofSeconds(10))
            .isPresent(),
        "FFmpeg's speed is read");
    assertTrue(
        prometheus.value("iptv_upstream_bitrate_bits{channel=\"" + channel + "\"}").orElse(0)
            > 10_000,
        "the channel's bit rate");
    // The dashboard's estimated egress per channel joins the two series on instance and channel.
    assertTrue(
        prometheus
                .value(
                    "sum by (channel) (iptv_channel_viewers{channel=\""
                        + channel
                        + "\"} * on (instance, channel) iptv_upstream_bitrate_bits) / 8")
                .orElse(0)
            > 1_000,
        "estimated egress of the watched channel");
    assertTrue(
        prometheus.value("sum(iptv_redis_command_seconds_count)").orElse(0) > 0,
        "Redis calls are timed");
    assertTrue(
        prometheus.value("iptv_nginx_connections{state=\"active\"}").orElse(0) >= 1,
        "nginx's own connection figures come along");

    // A native run (remux auto, the default) reports no speed of its own: the supervisor's
    // measure is the series, so the behind-real-time alert covers it too.
    String nativeChannel = admin.create(aLiveChannel(stack.upstream()).named("Metrics Native"));
    MediaTools.Result nativeWatched = MediaTools.read(stack.edge().hlsUrl(token, nativeChannel), 4);
    assertEquals(0, nativeWatched.exit(), nativeWatched.output());
    String nativeSpeed = "iptv_ffmpeg_speed{channel=\"" + nativeChannel + "\"}";
    assertTrue(
        prometheus.await(nativeSpeed, v -> v > 0.8 && v < 1.25, Duration.ofSeconds(20)).isPresent(),
        "a native run's speed, about real time: " + prometheus.query(nativeSpeed));
    assertTrue(
        prometheus.value("iptv_channels_running{mode=\"native\"}").orElse(0) >= 1,
        "the channel counts among the native ones");
    admin.stopStream(nativeChannel);

    // Stopped: its series leave /metrics (bounded cardinality), Prometheus marks them stale.
    admin.stopStream(channel);
    assertTrue(
        prometheus
            .await("absent(" + viewers + ")", v -> v == 1, Duration.ofSeconds(15))
            .isPresent(),
        "the stopped channel's viewers series is gone");
    assertFalse(
        metrics().contains("channel=\"" + channel + "\""), "no series of a stopped channel");
  }

  @Test
  void metricsAreForTheMonitoringAddressesAndNginxOnly() {
    String url = stack.edge().url("/metrics");
    assertEquals(200, Curl.from("127.0.0.1").get(url).status());
    assertEquals(403, Curl.from("127.0.0.2").get(url).status());
    // The app's endpoint: not through nginx under any spelling, not straight without the secret.
    for (String path :
        new String[] {
          "/internal/metrics",
          "/metrics/../internal/metrics",
          "/%69nternal/metrics",
          "/metrics/",
          "/metrics;x",
          "//metrics"
        }) {
      Curl.Answer answer = Curl.from("127.0.0.1").get(stack.edge().url(path));
      assertTrue(
          answer.status() == 400 || answer.status() == 404 || answer.status() == 403,
          path + " -> " + answer.status());
      assertFalse(answer.body().contains("iptv_"), path);
    }
    HttpResponse<String> straight = stack.app().get("/internal/metrics");
    assertEquals(404, straight.statusCode());
    assertFalse(straight.body().contains("iptv_"));
  }

  /** The text /metrics gives the monitoring address now. */
  private static String metrics() {
    Curl.Answer answer = Curl.from("127.0.0.1").get(stack.edge().url("/metrics"));
    assertEquals(200, answer.status(), answer.body());
    return answer.body();
  }

  /** A series' value in /metrics now ({@code series} a regex of its name and labels). */
  private static Optional<Double> scraped(String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics());
    return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
  }
}
