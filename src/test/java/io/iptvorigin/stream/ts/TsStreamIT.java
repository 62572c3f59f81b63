package io.iptvorigin.stream.ts;

import static io.iptvorigin.support.TestChannels.aLiveChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.MediaTools;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.TestUsers;
import io.iptvorigin.support.TsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Continuous MPEG-TS through the real nginx, WildFly, Redis and the remuxer: what players see
 * (ffmpeg, ffprobe, VLC), timestamps without jumps across segments, sessions held while a
 * connection is open and freed when it closes, revocation, a channel stop, and a slow reader cut
 * while the others keep real time. The slow cases run once each, several tools side by side on one
 * stream.
 */
@ExtendWith(ArquillianExtension.class)
class TsStreamIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double FRAME_SECONDS = 1.0 / 25;

  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private final AdminApi admin = stack.admin();

  private String tsUrl(String token, String channel) {
    return stack.edge().url("/live/" + token + "/stream_" + channel + ".ts");
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private long streamId(String username, String password, String channelName) throws Exception {
    String query =
        "/player_api.php?username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&action=get_live_streams";
    for (JsonNode s : JSON.readTree(Curl.from("127.0.0.1").get(stack.edge().url(query)).body())) {
      if (s.get("name").textValue().equals(channelName)) {
        return s.get("stream_id").longValue();
      }
    }
    throw new AssertionError("no stream " + channelName);
  }

  @Test
  void playersDecodeTheTokenAndXcStreamsColdAndWarmWithContinuousTimestamps() throws Exception {
    String username = ItEnvironment.unique("ts");
    String password = "p/ss w+" + ItEnvironment.unique("p");
    String token =
        admin
            .create(aUser().withUsername(username).withPassword(password).withMaxConnections(5))
            .token();
    String one = admin.create(aLiveChannel(stack.upstream()).named("TS one"));
    String two = admin.create(aLiveChannel(stack.upstream()).named("TS two"));
    String xc = "/live/" + segment(username) + "/" + segment(password) + "/";
    long twoId = streamId(username, password, "TS two");

    // Cold, both forms at once: the token form read for 20 s, the XC form (no extension: XC's TS)
    // probed. Each starts its channel.
    CompletableFuture<MediaTools.Result> coldToken =
        CompletableFuture.supplyAsync(() -> MediaTools.read(tsUrl(token, one), 20));
    MediaTools.Result coldXc = MediaTools.probe(stack.edge().url(xc + twoId), "stream=codec_type");
    assertEquals(0, coldXc.exit(), coldXc.output());
    assertTrue(
        coldXc.output().contains("video") && coldXc.output().contains("audio"), coldXc.output());

    // Warm, while the cold reader still reads: timestamps, ffmpeg on the XC .ts form, VLC.
    assertTrue(admin.running(one));
    Path vlcDir = Files.createTempDirectory("ts-vlc");
    Files.setPosixFilePermissions(vlcDir, PosixFilePermissions.fromString("rwxrwxrwx"));
    CompletableFuture<MediaTools.Result> vlc =
        CompletableFuture.supplyAsync(() -> MediaTools.vlc(tsUrl(token, one), 8, vlcDir));
    CompletableFuture<MediaTools.Result> warmXc =
        CompletableFuture.supplyAsync(
            () -> MediaTools.read(stack.edge().url(xc + twoId + ".ts"), 20));
    MediaTools.Result times = MediaTools.videoPacketTimes(tsUrl(token, two), 20);

    assertEquals(0, times.exit(), times.output());
    double previous = Double.NaN;
    double first = Double.NaN;
    int packets = 0;
    for (String line : times.output().strip().split("\n")) {
      // "6.421333," when a packet has side data; a packet without a DTS has none.
      String field = line.split(",")[0].strip();
      if (field.isEmpty() || field.equals("N/A")) {
        continue;
      }
      double dts = Double.parseDouble(field);
      if (!Double.isNaN(previous)) {
        double step = dts - previous;
        assertTrue(
            step > 0 && step < FRAME_SECONDS * 1.5,
            "video DTS " + previous + " -> " + dts + " (a gap or repeat between segments)");
      } else {
        first = dts;
      }
      previous = dts;
      packets++;
    }
    assertTrue(previous - first >= 18, "20 s read, " + (previous - first) + " s of video");
    assertTrue(packets >= 18 * 25, packets + " video packets");

    for (MediaTools.Result read : new MediaTools.Result[] {coldToken.get(), warmXc.get()}) {
      assertEquals(0, read.exit(), read.output());
      assertEquals("", read.output().strip(), "ffmpeg -v error prints nothing");
    }
    MediaTools.Result played = vlc.get();
    Path recorded = vlcDir.resolve("vlc.ts");
    assertTrue(Files.exists(recorded) && Files.size(recorded) > 100_000, played.output());
    MediaTools.Result probe = MediaTools.probe(recorded.toString(), "stream=codec_name");
    assertTrue(probe.output().contains("h264") && probe.output().contains("aac"), probe.output());
  }

  @Test
  void anOpenTsConnectionHoldsASessionUntilItCloses() throws Exception {
    TestUsers.Subscriber user = admin.create(aUser().withMaxConnections(1));
    String channel = admin.create(aLiveChannel(stack.upstream()).named("TS held"));
    String url = tsUrl(user.token(), channel);
    try (TsClient first = TsClient.open("127.0.0.81", url)) {
      assertEquals(200, first.status(Duration.ofSeconds(20)));
      assertTrue(first.awaitBytes(200_000, Duration.ofSeconds(20)));
      // Longer than the session window (10 s in these tests): the open stream keeps it live.
      Thread.sleep(12_000);
      assertTrue(
          admin.get("/api/users/" + user.username() + "/sessions").body().contains("\"count\":1"));
      try (TsClient second = TsClient.open("127.0.0.82", url)) {
        assertEquals(429, second.status(Duration.ofSeconds(10)));
      }
      assertTrue(first.bytes() > 200_000);
    }
    // Closed: the slot is free long before the window would have freed it (nginx may keep the
    // second address's refusal for its cache period).
    long closed = System.nanoTime();
    int status = 0;
    while (System.nanoTime() - closed < Duration.ofSeconds(9).toNanos()) {
      try (TsClient again = TsClient.open("127.0.0.82", url)) {
        status = again.status(Duration.ofSeconds(10));
        if (status == 200) {
          assertTrue(again.awaitBytes(10_000, Duration.ofSeconds(10)));
          break;
        }
      }
      Thread.sleep(500);
    }
    assertEquals(200, status, "the second device is admitted once the first closed");
  }

  @Test
  void revokingTheUserEndsTheStreamWithin10SecondsAndAStopEndsItCleanly() throws Exception {
    TestUsers.Subscriber revoked = admin.create(aUser().withMaxConnections(2));
    TestUsers.Subscriber watching = admin.create(aUser().withMaxConnections(2));
    String channel = admin.create(aLiveChannel(stack.upstream()).named("TS revoke"));
    try (TsClient gone = TsClient.open("127.0.0.83", tsUrl(revoked.token(), channel));
        TsClient stays = TsClient.open("127.0.0.84", tsUrl(watching.token(), channel))) {
      assertTrue(gone.awaitBytes(100_000, Duration.ofSeconds(20)));
      assertTrue(stays.awaitBytes(100_000, Duration.ofSeconds(20)));
      // Both arrived at a cold channel together: one start, one upstream connection.
      assertEquals(1, stack.upstream().activeConnections("/live/" + channel + ".ts"));
      long revokedAt = System.nanoTime();
      admin.put("/api/users/" + revoked.username(), "{\"is_active\":false}");
      assertTrue(gone.awaitEnd(Duration.ofSeconds(10)), "ended within 10 s of the revocation");
      assertTrue((gone.endedAtNanos() - revokedAt) < Duration.ofSeconds(10).toNanos());
      assertFalse(stays.awaitEnd(Duration.ofSeconds(1)), "the other viewer is not affected");

      long before = stays.bytes();
      admin.stopStream(channel);
      assertTrue(stays.awaitEnd(Duration.ofSeconds(15)), "a stopped channel ends its streams");
      assertTrue(stays.endedCleanly(), "ended with the last chunk, not cut");
      assertTrue(stays.bytes() > before);
    }
  }

  @Test
  void aSlowReaderIsCutAndTheOthersKeepRealTime() throws Exception {
    TestUsers.Subscriber fastUser = admin.create(aUser());
    TestUsers.Subscriber slowUser = admin.create(aUser());
    String channel = admin.create(aLiveChannel(stack.upstream()).named("TS slow"));
    try (TsClient fast = TsClient.open("127.0.0.85", tsUrl(fastUser.token(), channel));
        TsClient slow = TsClient.slow("127.0.0.86", tsUrl(slowUser.token(), channel), 2_000)) {
      assertTrue(fast.awaitBytes(50_000, Duration.ofSeconds(20)));
      assertEquals(200, slow.status(Duration.ofSeconds(5)));
      long start = System.nanoTime();
      long startBytes = fast.bytes();
      // The origin cuts it (its session is released at once) once it is more than
      // iptv.ts.max-behind-seconds (8 s in these tests) behind, counted from what the origin
      // handed to the socket: the socket buffers between it and the reader come first.
      String sessions = "/api/users/" + slowUser.username() + "/sessions";
      while (!admin.get(sessions).body().contains("\"count\":0")) {
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(120).toNanos(), "not cut");
        Thread.sleep(500);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("slow TS reader cut after %.1f s, %d bytes read%n", seconds, slow.bytes());
      slow.speedUp();
      assertTrue(slow.awaitEnd(Duration.ofSeconds(30)), "the cut reader's response ends");
      // The upstream sends about 100 KB/s (800 kbit/s video and audio): the fast viewer got
      // about that the whole time.
      double rate = (fast.bytes() - startBytes) / seconds;
      assertTrue(rate > 80_000, "fast viewer " + rate + " B/s over " + seconds + " s");
      assertFalse(fast.awaitEnd(Duration.ofMillis(100)));
    }
  }
}
