package io.iptvorigin.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.NginxProcess;
import io.iptvorigin.support.StandInOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The front tier (nginx/front/, rendered and run by scripts/nginx-local as the nginx role renders
 * it for production) in front of three origin nodes: where each request goes, what crosses from an
 * origin to the front, and what happens when an origin dies. The nodes are {@link StandInOrigin}s
 * (an nginx each, serving HLS files and logging every request it gets), so no WildFly runs; what an
 * origin's own config makes of the front (its authorisation answers, the client's address) is
 * checked against the real nginx/ config, with a stand-in for the app behind it.
 */
class FrontTierIT {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final Path DIR = ItEnvironment.workDir().resolve("front-tier");

  /** XC-style numeric channel ids, new in every run (a front's cache outlives a run). */
  private static final AtomicInteger NEXT_CHANNEL =
      new AtomicInteger(1_000_000 + new SecureRandom().nextInt(1_000_000_000));

  private static final List<StandInOrigin> origins = new ArrayList<>();
  private static NginxProcess front;

  @BeforeAll
  static void start() {
    deleteTree(DIR);
    for (String name : List.of("node-a", "node-b", "node-c")) {
      origins.add(StandInOrigin.start(name, DIR.resolve(name)));
    }
    front = NginxProcess.front("front-tier/front", addresses(origins), Map.of());
  }

  @AfterAll
  static void stop() {
    try {
      if (front != null) {
        front.close();
      }
    } finally {
      origins.forEach(StandInOrigin::close);
    }
  }

  @Test
  void everyUrlFormOfAChannelGoesToTheSameOrigin() {
    for (int i = 0; i < 6; i++) {
      String channel = newChannel();
      String token = ItEnvironment.newToken();
      publishChannel(origins, channel);
      List<String> forms =
          List.of(
              "/live/" + token + "/stream_" + channel + ".m3u8",
              "/live/" + token + "/" + segment(channel),
              "/live/" + token + "/stream_" + channel + ".ts",
              "/live/stream_" + channel + ".m3u8?token=" + token,
              "/live/user/pass/" + channel + ".m3u8",
              "/live/user/pass/" + channel + ".ts",
              "/live/user/pass/" + channel,
              "/user/pass/" + channel,
              "/user/pass/" + channel + ".m3u8",
              "/us%2Fer/p%40ss/" + channel + ".ts");
      Map<String, String> nodeOfForm = new LinkedHashMap<>();
      for (String form : forms) {
        HttpResponse<String> answer = get(front, form);
        assertEquals(200, answer.statusCode(), form);
        nodeOfForm.put(form, node(answer));
      }
      assertEquals(
          1, new HashSet<>(nodeOfForm.values()).size(), "channel " + channel + ": " + nodeOfForm);
    }
  }

  @Test
  void channelsSpreadOverEveryOrigin() {
    String token = ItEnvironment.newToken();
    Map<String, Integer> channelsOfNode = new TreeMap<>();
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> answer =
          get(front, "/live/" + token + "/stream_" + newChannel() + ".ts");
      assertEquals(200, answer.statusCode());
      channelsOfNode.merge(node(answer), 1, Integer::sum);
    }
    assertEquals(names(origins), channelsOfNode.keySet(), "30 channels: " + channelsOfNode);
  }

  @Test
  void aSegmentCrossesFromItsOriginOnceForAHundredViewers() {
    String channel = newChannel();
    publishChannel(origins, channel);
    List<String> tokens = IntStream.range(0, 10).mapToObj(i -> ItEnvironment.newToken()).toList();

    List<CompletableFuture<HttpResponse<String>>> viewers =
        IntStream.range(0, 100)
            .mapToObj(i -> getAsync(front, "/live/" + tokens.get(i % 10) + "/" + segment(channel)))
            .toList();

    for (CompletableFuture<HttpResponse<String>> viewer : viewers) {
      HttpResponse<String> answer = viewer.join();
      assertEquals(200, answer.statusCode());
      assertEquals(segmentContent(channel), answer.body());
    }
    assertEquals(1, fetches(origins, "GET", "/" + segment(channel)), "segment fetches at origins");
    assertEquals(
        10,
        fetches(origins, "HEAD", "/stream_" + channel + ".m3u8"),
        "authorisation questions at origins: one per viewer");
  }

  @Test
  void aPlaylistCopyServesEveryViewerForAtMostASecond() throws Exception {
    String channel = newChannel();
    String playlist = "stream_" + channel + ".m3u8";
    publish(origins, playlist, "#EXTM3U\n# version 1\n");
    List<String> tokens = IntStream.range(0, 20).mapToObj(i -> ItEnvironment.newToken()).toList();

    List<CompletableFuture<HttpResponse<String>>> burst =
        tokens.stream().map(t -> getAsync(front, "/live/" + t + "/" + playlist)).toList();
    burst.forEach(viewer -> assertTrue(viewer.join().body().contains("version 1")));
    // A copy per second: a burst that spans the turn of a second fetches twice.
    long fetched = fetches(origins, "GET", "/" + playlist);
    assertTrue(fetched >= 1 && fetched <= 2, "20 viewers at once: " + fetched + " fetches");

    String path = "/live/" + tokens.get(0) + "/" + playlist;
    publish(origins, playlist, "#EXTM3U\n# version 2\n");
    Instant changed = Instant.now();
    Instant lastOldCopy = null;
    String body = "";
    while (Instant.now().isBefore(changed.plusMillis(2500))) {
      Instant asked = Instant.now();
      body = get(front, path).body();
      if (body.contains("version 1")) {
        lastOldCopy = asked;
      }
      Thread.sleep(50);
    }
    assertTrue(body.contains("version 2"), body);
    if (lastOldCopy != null) {
      Duration stale = Duration.between(changed, lastOldCopy);
      assertTrue(stale.toMillis() < 1200, "the old playlist served " + stale + " after it changed");
    }
  }

  @Test
  void aViewerTheOriginRefusesGetsItsRefusalNotTheCachedCopy() {
    String channel = newChannel();
    publishChannel(origins, channel);
    String token = ItEnvironment.newToken();
    assertEquals(200, get(front, "/live/" + token + "/" + segment(channel)).statusCode());
    assertEquals(
        "HIT",
        get(front, "/live/" + token + "/" + segment(channel))
            .headers()
            .firstValue("X-Front-Cache")
            .orElse(""));

    HttpResponse<String> segment =
        get(front, "/live/" + StandInOrigin.REVOKED + "/" + segment(channel));
    HttpResponse<String> playlist =
        get(front, "/live/" + StandInOrigin.REVOKED + "/stream_" + channel + ".m3u8");

    assertEquals(403, segment.statusCode());
    assertEquals("ERROR: Token disabled\n", segment.body(), "the origin's own answer");
    assertEquals(403, playlist.statusCode());
    assertEquals("ERROR: Token disabled\n", playlist.body());
  }

  @Test
  void anHlsNameSpelledOtherwiseIsRefusedRatherThanReadFromTheCache() {
    String channel = newChannel();
    publishChannel(origins, channel);
    String token = ItEnvironment.newToken();
    assertEquals(200, get(front, "/live/" + token + "/" + segment(channel)).statusCode());

    String encoded = "/live/" + token + "/%73" + segment(channel).substring(1);
    assertEquals(400, get(front, encoded).statusCode(), encoded);
  }

  @Test
  void everythingButChannelsGoesToEveryOriginInTurn() {
    List<String> paths =
        List.of("/get_playlist.php?token=t", "/player_api.php?username=u&password=p", "/epg.xml");
    Map<String, Integer> answersOfNode = new TreeMap<>();
    for (int round = 0; round < 3; round++) {
      for (String path : paths) {
        HttpResponse<String> answer = get(front, path);
        assertEquals(200, answer.statusCode(), path);
        answersOfNode.merge(node(answer), 1, Integer::sum);
      }
    }
    assertEquals(
        Map.of("node-a", 3, "node-b", 3, "node-c", 3), answersOfNode, "9 requests, round robin");
  }

  @Test
  void originsGetTheClientTheFrontSawNotOneTheClientClaims() {
    String probe = ItEnvironment.unique("probe");
    Curl.Answer answer =
        Curl.from("127.0.0.2")
            .header("X-Forwarded-For", "203.0.113.9")
            .get(front.baseUrl() + "/player_api.php?probe=" + probe);
    assertEquals(200, answer.status());

    List<String> received =
        origins.stream()
            .flatMap(o -> o.requests().stream())
            .filter(line -> line.contains(probe))
            .toList();
    assertEquals(1, received.size(), received.toString());
    assertTrue(received.get(0).endsWith("\"127.0.0.2\""), received.get(0));
  }

  @Test
  void aDeadOriginsChannelsMoveToTheirNextOriginOnTheNextRequestAndTheOthersStay() {
    List<StandInOrigin> nodes = new ArrayList<>();
    List<NginxProcess> fronts = new ArrayList<>();
    try {
      for (String name : List.of("node-d", "node-e", "node-f")) {
        nodes.add(StandInOrigin.start(name, DIR.resolve(name)));
      }
      NginxProcess all = NginxProcess.front("front-tier/failover", addresses(nodes), Map.of());
      fronts.add(all);
      StandInOrigin dead = nodes.get(1);
      List<StandInOrigin> survivors = List.of(nodes.get(0), nodes.get(2));
      // The same ring without the dead node: where its channels should go.
      NginxProcess ring =
          NginxProcess.front("front-tier/failover-ring", addresses(survivors), Map.of());
      fronts.add(ring);
      String token = ItEnvironment.newToken();
      List<String> channels = IntStream.range(0, 30).mapToObj(i -> newChannel()).toList();
      Map<String, String> before = nodeOfChannels(all, token, channels);
      Map<String, String> next = nodeOfChannels(ring, token, channels);
      assertTrue(before.containsValue(dead.name()), "no channel on " + dead.name() + ": " + before);

      dead.kill();
      Map<String, String> after = nodeOfChannels(all, token, channels);

      for (String channel : channels) {
        String expected =
            before.get(channel).equals(dead.name()) ? next.get(channel) : before.get(channel);
        assertEquals(expected, after.get(channel), "channel " + channel + " was on " + before);
      }
      // Once it failed, the dead node is out of the ring (max_fails, fail_timeout): no later
      // request tries it first. XC stream URLs outside /live/ are logged with the nodes tried.
      for (String channel : channels) {
        assertEquals(after.get(channel), node(get(all, "/user/pass/" + channel)), channel);
      }
      List<String> tried =
          all.accessLog().stream()
              .filter(line -> line.contains("\"GET /-/-/"))
              .map(line -> line.replaceAll(".* origin=(.*) urt=.*", "$1"))
              .toList();
      assertEquals(30, tried.size(), "XC requests logged");
      assertFalse(
          tried.stream().anyMatch(addresses -> addresses.contains(dead.address())),
          "the dead node was tried again: " + tried);
    } finally {
      fronts.forEach(NginxProcess::close);
      nodes.forEach(StandInOrigin::close);
    }
  }

  @Test
  void anOriginCountsTheViewersAddressOnlyWhenItTrustsTheFront() throws Exception {
    Queue<String> viewerAddresses = new ConcurrentLinkedQueue<>();
    HttpServer app = authorisingApp(viewerAddresses);
    List<NginxProcess> started = new ArrayList<>();
    try {
      Path hls = Files.createDirectories(DIR.resolve("real-origin-hls"));
      String channel = "trust" + newChannel();
      Files.writeString(hls.resolve("stream_" + channel + ".m3u8"), "#EXTM3U\n");
      Files.writeString(hls.resolve(segment(channel)), segmentContent(channel));
      Map<String, String> origin =
          Map.of(
              "IPTV_HTTP_PORT",
              Integer.toString(ItEnvironment.freeLoopbackPort()),
              "IPTV_APP_ADDR",
              "127.0.0.1:" + app.getAddress().getPort(),
              "IPTV_HLS_DIR",
              hls.toString(),
              "IPTV_AUTH_CACHE_SECONDS",
              "1");
      Map<String, String> trustingOrigin = new LinkedHashMap<>(origin);
      trustingOrigin.put("IPTV_HTTP_PORT", Integer.toString(ItEnvironment.freeLoopbackPort()));
      trustingOrigin.put("IPTV_TRUSTED_PROXIES", "127.0.0.1");
      trustingOrigin.put("IPTV_REAL_IP_HEADER", "X-Forwarded-For");
      NginxProcess plain = NginxProcess.start("front-tier/origin-plain", origin);
      started.add(plain);
      NginxProcess trusting = NginxProcess.start("front-tier/origin-trusting", trustingOrigin);
      started.add(trusting);
      NginxProcess plainFront =
          NginxProcess.front("front-tier/front-plain", List.of(address(plain)), Map.of());
      started.add(plainFront);
      NginxProcess trustedFront =
          NginxProcess.front("front-tier/front-trusted", List.of(address(trusting)), Map.of());
      started.add(trustedFront);
      String playlist = "/live/" + ItEnvironment.newToken() + "/stream_" + channel + ".m3u8";

      assertEquals(200, Curl.from("127.0.0.2").get(plainFront.baseUrl() + playlist).status());
      assertEquals(Set.of("127.0.0.1"), Set.copyOf(viewerAddresses), "without trust: the front's");
      viewerAddresses.clear();
      assertEquals(200, Curl.from("127.0.0.2").get(trustedFront.baseUrl() + playlist).status());
      assertEquals(Set.of("127.0.0.2"), Set.copyOf(viewerAddresses), "with trust: the viewer's");

      // The real origin's refusal, reason included, reaches the viewer; the cached copy does not.
      String segment = "/live/" + ItEnvironment.newToken() + "/" + segment(channel);
      assertEquals(200, Curl.from("127.0.0.2").get(trustedFront.baseUrl() + segment).status());
      Curl.Answer refused =
          Curl.from("127.0.0.2")
              .get(
                  trustedFront.baseUrl()
                      + "/live/"
                      + StandInOrigin.REVOKED
                      + "/"
                      + segment(channel));
      assertEquals(403, refused.status());
      assertEquals("ERROR: Token disabled", refused.body().strip());
    } finally {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
      app.stop(0);
    }
  }

  @Test
  void theFrontTrustsTheCloudflareRangesTheOriginsTrust() throws IOException {
    Path project = Path.of(ItEnvironment.property("it.project.dir"));
    Set<String> origin = realIpRules(project.resolve("nginx/snippets/cloudflare-realip.conf"));
    Set<String> frontTier =
        realIpRules(project.resolve("nginx/front/snippets/cloudflare-realip.conf"));
    assertFalse(origin.isEmpty());
    assertEquals(origin, frontTier, "set_real_ip_from lines of the two templates");
  }

  /**
   * The app's authorisation endpoint as nginx/ calls it: every token allowed but {@link
   * StandInOrigin#REVOKED}, the client address each question named recorded.
   */
  private static HttpServer authorisingApp(Queue<String> viewerAddresses) throws IOException {
    HttpServer app =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    app.createContext(
        "/internal/authorize",
        exchange -> {
          viewerAddresses.add(exchange.getRequestHeaders().getFirst("X-Client-Addr"));
          boolean revoked =
              StandInOrigin.REVOKED.equals(exchange.getRequestHeaders().getFirst("X-Token"));
          exchange.getResponseHeaders().add("X-Auth-Status", revoked ? "403" : "200");
          exchange.getResponseHeaders().add("X-Auth-Reason", "Token disabled");
          exchange.sendResponseHeaders(revoked ? 403 : 200, -1);
          exchange.close();
        });
    app.start();
    return app;
  }

  private static Set<String> realIpRules(Path template) throws IOException {
    return Files.readAllLines(template).stream()
        .filter(line -> line.startsWith("set_real_ip_from "))
        .collect(Collectors.toSet());
  }

  /** Which node answers each channel's continuous TS (never cached: always the node's answer). */
  private static Map<String, String> nodeOfChannels(
      NginxProcess through, String token, List<String> channels) {
    Map<String, String> nodes = new LinkedHashMap<>();
    for (String channel : channels) {
      HttpResponse<String> answer = get(through, "/live/" + token + "/stream_" + channel + ".ts");
      assertEquals(200, answer.statusCode(), "channel " + channel);
      nodes.put(channel, node(answer));
    }
    return nodes;
  }

  private static String newChannel() {
    return Integer.toString(NEXT_CHANNEL.getAndIncrement());
  }

  private static String segment(String channel) {
    return "stream_" + channel + "_0a1b2c3d_7.ts";
  }

  private static String segmentContent(String channel) {
    return "segment 7 of channel " + channel + "\n";
  }

  /** The channel's playlist and one segment, on every node (any of them may be its own). */
  private static void publishChannel(List<StandInOrigin> nodes, String channel) {
    publish(nodes, "stream_" + channel + ".m3u8", "#EXTM3U\n" + segment(channel) + "\n");
    publish(nodes, segment(channel), segmentContent(channel));
  }

  private static void publish(List<StandInOrigin> nodes, String file, String content) {
    nodes.forEach(node -> node.publish(file, content));
  }

  private static long fetches(List<StandInOrigin> nodes, String method, String pathEnd) {
    return nodes.stream().mapToLong(node -> node.count(method, pathEnd)).sum();
  }

  private static String node(HttpResponse<String> answer) {
    String node = answer.headers().firstValue("X-Origin-Node").orElse(null);
    assertNotNull(node, "no X-Origin-Node in " + answer.headers().map());
    return node;
  }

  private static Set<String> names(List<StandInOrigin> nodes) {
    return nodes.stream().map(StandInOrigin::name).collect(Collectors.toSet());
  }

  private static List<String> addresses(List<StandInOrigin> nodes) {
    return nodes.stream().map(StandInOrigin::address).toList();
  }

  private static String address(NginxProcess nginx) {
    return URI.create(nginx.baseUrl()).getAuthority();
  }

  private static HttpResponse<String> get(NginxProcess through, String path) {
    return getAsync(through, path).join();
  }

  private static CompletableFuture<HttpResponse<String>> getAsync(
      NginxProcess through, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(through.baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
