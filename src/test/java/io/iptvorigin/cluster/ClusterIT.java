package io.iptvorigin.cluster;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.FrameWatcher;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.MediaTools;
import io.iptvorigin.support.OriginCluster;
import io.iptvorigin.support.OriginNode;
import io.iptvorigin.support.TestChannels;
import io.iptvorigin.support.TestUsers.Subscriber;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three origin nodes, each its own WildFly, nginx and HLS directory, behind the front tier, on
 * Redis with Sentinel, pulling from the live test upstream ({@link OriginCluster}): a channel runs
 * on one node cluster-wide however its viewers arrive, a dead node's viewers play again within 15
 * s, a Redis master's death is a short pause, and a subscriber's connection limit holds across
 * nodes. The two destructive cases (Redis master, then a node) come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final long RECOVERY_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(15);

  private static OriginCluster cluster;
  private static Subscriber viewer;
  private final List<String> channels = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    cluster =
        OriginCluster.start(
            ItEnvironment.workDir().resolve(ItEnvironment.unique("cluster")),
            3,
            Map.of(),
            Map.of());
    viewer = cluster.admin().create(aUser().withMaxConnections(50));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void stopChannels() {
    for (OriginNode node : cluster.nodes()) {
      if (node.alive()) {
        AdminApi admin = node.admin();
        channels.forEach(admin::stopStream);
      }
    }
  }

  /**
   * {@code count} channels, each from its own path of one shared upstream encoder, run by FFmpeg:
   * which node runs a channel is seen from its process, and a redeploy adopts it.
   */
  private List<String> createChannels(String prefix, int count) {
    return createChannels(prefix, count, UnaryOperator.identity());
  }

  /** As {@link #createChannels(String, int)}, each channel with more of its fields set. */
  private List<String> createChannels(
      String prefix, int count, UnaryOperator<TestChannels.Channel> fields) {
    AdminApi admin = cluster.admin();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = ItEnvironment.unique(prefix);
      HttpResponse<String> created =
          admin.post(
              "/api/channels",
              fields
                  .apply(
                      aChannel()
                          .withId(id)
                          .from(cluster.upstream().url("/live/" + id + "/cluster.ts?gop=2"))
                          .remux("ffmpeg"))
                  .json());
      assertEquals(201, created.statusCode(), created.body());
      ids.add(id);
    }
    channels.addAll(ids);
    return ids;
  }

  private static String upstreamPath(String channel) {
    return "/live/" + channel + "/";
  }

  /** Asks the front for every channel's playlist at once, as many viewers zapping in. */
  private static void watchThroughTheFront(List<String> ids) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (String id : ids) {
        answers.add(
            pool.submit(() -> cluster.front().http().get(playlistPath(viewer.token(), id))));
      }
      for (int i = 0; i < ids.size(); i++) {
        HttpResponse<String> answer = answers.get(i).get(60, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), ids.get(i) + ": " + answer.body());
        assertTrue(answer.body().contains("#EXTINF"), answer.body());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until every channel's playlist, through the front, lists {@code segments} segments. */
  private static void awaitSegmentsListed(List<String> ids, int segments) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (String id : ids) {
      while (true) {
        HttpResponse<String> playlist =
            cluster.front().http().get(playlistPath(viewer.token(), id));
        long listed = playlist.body().lines().filter(line -> line.startsWith("#EXTINF")).count();
        if (playlist.statusCode() == 200 && listed >= segments) {
          break;
        }
        assertTrue(
            System.nanoTime() < deadline,
            id + " lists " + listed + " segments, not " + segments + ": " + playlist.body());
        Thread.sleep(250);
      }
    }
  }

  private static String playlistPath(String token, String channel) {
    return "/live/" + token + "/stream_" + channel + ".m3u8";
  }

  /** The nodes whose FFmpeg writes the channel, by id. */
  private static List<String> nodesRunning(String channel) {
    return cluster.runningOn(channel).stream().map(OriginNode::id).toList();
  }

  @Test
  @Order(1)
  void thirtyChannelsThroughTheFrontRunOnceEachSpreadOverEveryNode() throws Exception {
    List<String> ids = createChannels("spread", 30);
    watchThroughTheFront(ids);
    Thread.sleep(2000);

    Map<String, Integer> perNode = new HashMap<>();
    for (String id : ids) {
      List<String> running = nodesRunning(id);
      assertEquals(1, running.size(), id + " runs on " + running);
      perNode.merge(running.get(0), 1, Integer::sum);
      assertEquals(
          1, cluster.upstream().activeConnections(upstreamPath(id)), id + ": upstream connections");
    }
    System.out.println("ClusterIT: 30 channels per node " + perNode);
    assertEquals(3, perNode.size(), "every node runs some: " + perNode);
    // The same channel asked again through the front lands where it runs: no second FFmpeg.
    watchThroughTheFront(ids);
    for (String id : ids) {
      assertEquals(1, nodesRunning(id).size(), id);
    }
  }

  @Test
  @Order(2)
  void aRequestStraightToANodeThatDoesNotRunTheChannelPlaysAndStartsNothingThere()
      throws Exception {
    String id = createChannels("straight", 1).get(0);
    watchThroughTheFront(List.of(id));
    String owner = nodesRunning(id).get(0);
    for (OriginNode other : cluster.nodes()) {
      if (other.id().equals(owner)) {
        continue;
      }
      MediaTools.Result played = MediaTools.read(other.edge().hlsUrl(viewer.token(), id), 6);
      assertEquals(0, played.exit(), other.id() + ": " + played.output());
      assertEquals("", played.output().strip(), other.id() + " played with errors");
      assertEquals(0, other.ffmpegCountFor(id), other.id() + " started FFmpeg");
      // The continuous TS too: streamed from the owner, checked with this viewer's token.
      MediaTools.Result ts =
          MediaTools.read(other.edge().url("/live/" + viewer.token() + "/stream_" + id + ".ts"), 6);
      assertEquals(0, ts.exit(), other.id() + " TS: " + ts.output());
      assertEquals("", ts.output().strip(), other.id() + " TS played with errors");
      assertEquals(0, other.ffmpegCountFor(id), other.id() + " started FFmpeg for the TS");
    }
    assertEquals(List.of(owner), nodesRunning(id));
    assertEquals(1, cluster.upstream().activeConnections(upstreamPath(id)));
  }

  @Test
  @Order(3)
  void maxConnectionsHoldsWhenTheViewersRequestsHitDifferentNodes() throws Exception {
    List<String> ids = createChannels("limit", 3);
    Subscriber limited = cluster.admin().create(aUser().withMaxConnections(2));
    List<OriginNode> nodes = cluster.nodes();
    String[] addresses = {"127.0.0.21", "127.0.0.22", "127.0.0.23"};
    for (int i = 0; i < 2; i++) {
      Curl.Answer answer =
          Curl.from(addresses[i]).get(nodes.get(i).edge().hlsUrl(limited.token(), ids.get(i)));
      assertEquals(200, answer.status(), nodes.get(i).id() + ": " + answer.body());
    }
    Curl.Answer third =
        Curl.from(addresses[2]).get(nodes.get(2).edge().hlsUrl(limited.token(), ids.get(2)));
    assertEquals(429, third.status(), "a third address on a third node: " + third.body());
    assertTrue(third.body().startsWith("ERROR: Too many connections"), third.body());
    // The first two still play, on whichever node they ask.
    Curl.Answer again =
        Curl.from(addresses[0]).get(nodes.get(2).edge().hlsUrl(limited.token(), ids.get(0)));
    assertEquals(200, again.status(), again.body());
  }

  @Test
  @Order(4)
  void aProvidersConnectionLimitHoldsAcrossNodes() throws Exception {
    AdminApi admin = cluster.admin();
    String provider = ItEnvironment.unique("prov");
    HttpResponse<String> created =
        admin.post("/api/providers", "{\"id\":\"" + provider + "\",\"max_connections\":1}");
    assertEquals(201, created.statusCode(), created.body());
    List<String> ids = createChannels("prov", 2, c -> c.withProvider(provider));
    List<OriginNode> nodes = cluster.nodes();
    Subscriber other = admin.create(aUser().withMaxConnections(5));
    HttpResponse<String> watched =
        nodes.get(0).edge().http().get(playlistPath(viewer.token(), ids.get(0)));
    assertEquals(200, watched.statusCode(), watched.body());

    // Another subscriber, on another node: the provider's one connection is in use.
    HttpResponse<String> refused =
        nodes.get(1).edge().http().get(playlistPath(other.token(), ids.get(1)));
    assertEquals(503, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("has no free connection"), refused.body());
    assertEquals(0, cluster.upstream().activeConnections(upstreamPath(ids.get(1))));
    assertEquals(1, cluster.upstream().activeConnections(upstreamPath(ids.get(0))));
    assertEquals(1, nodesRunning(ids.get(0)).size());
  }

  @Test
  @Order(5)
  void firstRequestsForOneChannelOnEveryNodeAtOnceStartItOnce() throws Exception {
    String id = createChannels("race", 1).get(0);
    List<OriginNode> nodes = cluster.nodes();
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size() * 2);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (OriginNode node : nodes) {
          answers.add(pool.submit(() -> node.edge().http().get(playlistPath(viewer.token(), id))));
        }
      }
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> playlist = answer.get(60, TimeUnit.SECONDS);
        assertEquals(200, playlist.statusCode(), playlist.body());
        assertTrue(playlist.body().contains("#EXTINF"), playlist.body());
      }
    } finally {
      pool.shutdownNow();
    }
    Thread.sleep(1000);
    assertEquals(1, nodesRunning(id).size(), "runs on " + nodesRunning(id));
    assertEquals(1, cluster.upstream().activeConnections(upstreamPath(id)));
  }

  @Test
  @Order(6)
  void aRedisMasterKilledIsAShortPauseAndLosesNoUserOrChannel() throws Exception {
    AdminApi admin = cluster.admin();
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      users.add(admin.create(aUser()).username());
    }
    List<String> ids = createChannels("redis", 5);
    try (var master = cluster.redis().node(cluster.redis().masterPort())) {
      assertEquals(1L, master.waitReplicas(1, 5000), "the replica acknowledged the writes");
    }

    cluster.redis().killMaster();
    long killed = System.nanoTime();
    Map<String, Long> recoveredAfter = new HashMap<>();
    List<Integer> statuses = new ArrayList<>();
    long slowest = 0;
    while (recoveredAfter.size() < cluster.nodes().size()) {
      assertTrue(
          System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(30),
          "not every node recovered within 30 s: " + recoveredAfter + " " + statuses);
      for (OriginNode node : cluster.nodes()) {
        if (recoveredAfter.containsKey(node.id())) {
          continue;
        }
        long start = System.nanoTime();
        int status;
        try {
          // A write: only a master takes it.
          status =
              node.admin()
                  .put("/api/users/" + users.get(0), "{\"email\":\"after@example.com\"}")
                  .statusCode();
        } catch (UncheckedIOException e) {
          status = -1;
        }
        slowest = Math.max(slowest, System.nanoTime() - start);
        statuses.add(status);
        assertTrue(status == 200 || status == 503, node.id() + " answered " + status);
        if (status == 200) {
          recoveredAfter.put(node.id(), (System.nanoTime() - killed) / 1_000_000);
        }
      }
      Thread.sleep(200);
    }
    System.out.printf(
        "ClusterIT: Redis master killed; writes accepted again after %s ms; slowest answer %d"
            + " ms%n",
        recoveredAfter, slowest / 1_000_000);
    assertTrue(statuses.contains(503), "the pause is visible as 503s: " + statuses);
    assertTrue(slowest < TimeUnit.SECONDS.toNanos(5), "an answer took " + slowest / 1e9 + " s");

    for (OriginNode node : cluster.nodes()) {
      for (String user : users) {
        assertEquals(200, node.admin().get("/api/users/" + user).statusCode(), user);
      }
      for (String id : ids) {
        assertEquals(200, node.admin().get("/api/channels/" + id).statusCode(), id);
      }
    }
    // And the cluster serves viewers again.
    watchThroughTheFront(ids);
  }

  @Test
  @Order(7)
  void aRedeployedNodeAdoptsItsChannelsAndItsViewersKeepPlaying() throws Exception {
    List<String> ids = createChannels("upgrade", 6);
    watchThroughTheFront(ids);
    Map<String, List<String>> byNode =
        ids.stream().collect(Collectors.groupingBy(id -> nodesRunning(id).get(0)));
    OriginNode upgraded =
        cluster.nodes().stream().filter(n -> byNode.containsKey(n.id())).findFirst().orElseThrow();
    List<String> its = byNode.get(upgraded.id());
    Map<String, Long> pids = new HashMap<>();
    for (String id : its) {
      pids.put(id, upgraded.ffmpegPidsFor(id).get(0));
    }
    // Viewers join as players do, three segments behind the live edge (hls.js's
    // liveSyncDurationCount, ffmpeg's live_start_index): that buffer is what carries them across
    // the
    // seconds a redeploy leaves the channel playlist as it was. A watcher that joined a channel's
    // first segment would sit at the edge with no buffer at all, which no player does.
    awaitSegmentsListed(its, 3);
    List<FrameWatcher> watchers = new ArrayList<>();
    try {
      for (String id : its) {
        watchers.add(FrameWatcher.watchInRealTime(cluster.front().hlsUrl(viewer.token(), id)));
      }
      long warm = System.nanoTime();
      for (FrameWatcher w : watchers) {
        assertTrue(w.awaitFrameAfter(warm, 20_000).isPresent(), "a watcher plays before");
      }
      Thread.sleep(3000);
      long from = System.nanoTime();
      upgraded.redeploy();
      Thread.sleep(14_000);
      long end = System.nanoTime();
      List<String> gaps = new ArrayList<>();
      for (int i = 0; i < its.size(); i++) {
        long gap = watchers.get(i).longestGapNanos(from, end);
        gaps.add(its.get(i) + "=" + gap / 1_000_000 + "ms");
        assertTrue(
            gap <= TimeUnit.SECONDS.toNanos(4),
            its.get(i) + " stopped playing for " + gap / 1_000_000 + " ms");
      }
      System.out.println(
          "ClusterIT: " + upgraded.id() + " redeployed; longest playback gap " + gaps);
      for (String id : its) {
        assertEquals(
            List.of(pids.get(id)), upgraded.ffmpegPidsFor(id), id + ": adopted, not restarted");
        assertEquals(List.of(upgraded.id()), nodesRunning(id), id);
        assertEquals(1, cluster.upstream().activeConnections(upstreamPath(id)), id);
      }
    } finally {
      watchers.forEach(FrameWatcher::close);
    }
  }

  @Test
  @Order(8)
  void aDrainedNodesViewersKeepPlayingAndItsChannelsMoveToTheOtherNodes() throws Exception {
    List<String> ids = createChannels("drain", 8);
    watchThroughTheFront(ids);
    Map<String, List<String>> byNode =
        ids.stream().collect(Collectors.groupingBy(id -> nodesRunning(id).get(0)));
    OriginNode drained =
        cluster.nodes().stream()
            .filter(n -> byNode.getOrDefault(n.id(), List.of()).size() >= 2)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no node runs two of 8 channels: " + byNode));
    List<String> moving = byNode.get(drained.id());
    List<FrameWatcher> watchers = new ArrayList<>();
    try {
      for (String id : moving) {
        watchers.add(FrameWatcher.watchInRealTime(cluster.front().hlsUrl(viewer.token(), id)));
      }
      long warm = System.nanoTime();
      for (FrameWatcher w : watchers) {
        assertTrue(w.awaitFrameAfter(warm, 20_000).isPresent(), "a watcher plays before");
      }
      Thread.sleep(3000);

      long drainedAt = System.nanoTime();
      HttpResponse<String> drain = drained.admin().post("/api/node/drain", "");
      assertEquals(202, drain.statusCode(), drain.body());
      assertTrue(drain.body().contains("\"draining\":true"), drain.body());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (drained.ffmpegCount() > 0) {
        assertTrue(System.nanoTime() < deadline, "the drained node still runs FFmpeg after 30 s");
        Thread.sleep(250);
      }
      long handedOver = (System.nanoTime() - drainedAt) / 1_000_000;
      // The viewers play on from the new owners for longer than their buffer lasts.
      Thread.sleep(16_000);
      long end = System.nanoTime();

      List<String> gaps = new ArrayList<>();
      for (int i = 0; i < moving.size(); i++) {
        long gap = watchers.get(i).longestGapNanos(drainedAt, end);
        gaps.add(moving.get(i) + "=" + gap / 1_000_000 + "ms");
        // One segment duration (iptv.stream.segment-seconds, 4 s).
        assertTrue(
            gap <= TimeUnit.SECONDS.toNanos(4),
            moving.get(i) + " stopped playing for " + gap / 1_000_000 + " ms");
      }
      System.out.println(
          "ClusterIT: "
              + drained.id()
              + " drained; its channels handed over after "
              + handedOver
              + " ms; longest playback gap "
              + gaps);
      for (String id : moving) {
        List<String> running = nodesRunning(id);
        assertEquals(1, running.size(), id + " runs on " + running);
        assertTrue(!running.contains(drained.id()), id + " still on the drained node");
        assertEquals(1, cluster.upstream().activeConnections(upstreamPath(id)), id);
      }
      // While it drains it starts nothing: a new channel asked of it runs elsewhere.
      String fresh = createChannels("drain-new", 1).get(0);
      MediaTools.Result played = MediaTools.read(drained.edge().hlsUrl(viewer.token(), fresh), 4);
      assertEquals(0, played.exit(), played.output());
      assertEquals(0, drained.ffmpegCount(), "the drained node started " + fresh);
      assertEquals(1, nodesRunning(fresh).size(), fresh);
    } finally {
      watchers.forEach(FrameWatcher::close);
      HttpResponse<String> undrain = drained.admin().delete("/api/node/drain");
      assertEquals(200, undrain.statusCode(), undrain.body());
      assertTrue(undrain.body().contains("\"draining\":false"), undrain.body());
    }
  }

  @Test
  @Order(9)
  void aNodeWhoseApplicationDiedBehindItsLiveNginxLosesItsViewersToTheOthersWithin15Seconds()
      throws Exception {
    OriginNode victim = survivesADeath("app", OriginNode::killApp);
    victim.restartApp();
  }

  @Test
  @Order(10)
  void aKilledNodesViewersGetFramesAgainWithin15SecondsAndNoChannelRunsTwice() throws Exception {
    survivesADeath("kill", OriginNode::kill);
  }

  /**
   * Viewers through the front of the channels of one node (and of two others), {@code death} of
   * that node: every viewer decodes frames again within 15 s, no channel runs on two nodes (at the
   * upstream) for longer than a lease, and each then runs on one live node. Returns the victim.
   */
  private OriginNode survivesADeath(String prefix, Consumer<OriginNode> death) throws Exception {
    List<String> ids = createChannels(prefix, 12);
    watchThroughTheFront(ids);
    Map<String, List<String>> byNode =
        ids.stream().collect(Collectors.groupingBy(id -> nodesRunning(id).get(0)));
    OriginNode victim =
        cluster.nodes().stream()
            .filter(OriginNode::alive)
            .filter(n -> byNode.getOrDefault(n.id(), List.of()).size() >= 2)
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError("no node runs two of 12 channels: " + byNode));
    List<String> victims = byNode.get(victim.id());
    List<String> others = ids.stream().filter(id -> !victims.contains(id)).limit(2).toList();
    List<FrameWatcher> watchers = new ArrayList<>();
    try {
      for (String id : victims) {
        watchers.add(FrameWatcher.watch(cluster.front().hlsUrl(viewer.token(), id)));
      }
      for (String id : others) {
        watchers.add(FrameWatcher.watch(cluster.front().hlsUrl(viewer.token(), id)));
      }
      long warm = System.nanoTime();
      for (FrameWatcher w : watchers) {
        assertTrue(w.awaitFrameAfter(warm, 20_000).isPresent(), "a watcher plays before");
      }
      Thread.sleep(4000);

      death.accept(victim);
      long killed = System.nanoTime();
      // Upstream connections per channel, sampled: two at once means the channel runs twice.
      Map<String, Long> twiceSince = new HashMap<>();
      Map<String, Long> longestTwice = new HashMap<>();
      while (System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(20)) {
        long now = System.nanoTime();
        for (String id : victims) {
          if (cluster.upstream().activeConnections(upstreamPath(id)) > 1) {
            long since = twiceSince.computeIfAbsent(id, k -> now);
            longestTwice.merge(id, now - since, Math::max);
          } else {
            twiceSince.remove(id);
          }
        }
        Thread.sleep(250);
      }

      long end = System.nanoTime();
      List<String> recoveries = new ArrayList<>();
      for (int i = 0; i < watchers.size(); i++) {
        String id = i < victims.size() ? victims.get(i) : others.get(i - victims.size());
        FrameWatcher watcher = watchers.get(i);
        // Still playing at the end: a frame within the last segment's length.
        assertTrue(
            watcher.firstFrameAfter(end - TimeUnit.SECONDS.toNanos(5)).isPresent(),
            id + ": not playing 20 s after the death");
        if (i >= victims.size()) {
          continue;
        }
        // The dead node's channel: its first frame from the node that took it over.
        OptionalLong frame = watcher.firstFrameOfANewRunAfter(killed);
        assertTrue(frame.isPresent(), id + ": no frame of a new run since the death");
        long after = frame.getAsLong() - killed;
        recoveries.add(id + "=" + after / 1_000_000 + "ms");
        assertTrue(
            after <= RECOVERY_LIMIT_NANOS,
            id + ": first frame of the new owner " + after / 1_000_000 + " ms after the death");
      }
      System.out.println(
          "ClusterIT: "
              + victim.id()
              + " "
              + prefix
              + "; first frame from the new owner after "
              + recoveries);
      for (String id : victims) {
        long twice = longestTwice.getOrDefault(id, 0L);
        assertTrue(
            twice <= TimeUnit.SECONDS.toNanos(10), id + " ran twice for " + twice / 1e9 + " s");
        List<String> running = nodesRunning(id);
        assertEquals(1, running.size(), id + " runs on " + running);
        assertTrue(!running.contains(victim.id()), id + " still on the dead node");
      }
      return victim;
    } finally {
      watchers.forEach(FrameWatcher::close);
    }
  }
}
