package io.iptvorigin.provider;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.LiveUpstream;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.TestChannels;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Provider connection limits through the real stack: the API, and subscribers zapping through nginx
 * between channels of one provider while the test upstream counts the provider's open connections.
 */
@ExtendWith(ArquillianExtension.class)
class ProviderIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private final AdminApi admin = stack.admin();
  private final List<String> providers = new ArrayList<>();
  private final List<String> channels = new ArrayList<>();

  @AfterEach
  void removeWhatTheTestCreated() {
    for (String id : channels) {
      admin.stopStream(id);
      admin.delete("/api/channels/" + id);
    }
    providers.forEach(id -> admin.delete("/api/providers/" + id));
  }

  private String provider(int maxConnections) {
    String id = ItEnvironment.unique("acme");
    HttpResponse<String> created = createProvider(id, maxConnections);
    assertEquals(201, created.statusCode(), created.body());
    return id;
  }

  private HttpResponse<String> createProvider(String id, int maxConnections) {
    providers.add(id);
    return admin.post(
        "/api/providers", "{\"id\":\"" + id + "\",\"max_connections\":" + maxConnections + "}");
  }

  /** A channel of the provider pulling {@code /live/{name}.ts} from the test upstream. */
  private String channel(String provider, String name) {
    TestChannels.Channel channel =
        aChannel().from(stack.upstream().url("/live/" + name + ".ts?gop=1")).withProvider(provider);
    HttpResponse<String> created = admin.post("/api/channels", channel.json());
    assertEquals(201, created.statusCode(), created.body());
    channels.add(channel.id());
    return channel.id();
  }

  private String subscriber() {
    return admin.create(aUser().withMaxConnections(1)).token();
  }

  private static HttpResponse<String> play(String token, String channel) {
    return Http.of("").get(stack.edge().hlsUrl(token, channel));
  }

  private JsonNode providerJson(String id) throws IOException {
    HttpResponse<String> got = admin.get("/api/providers/" + id);
    assertEquals(200, got.statusCode(), got.body());
    return JSON.readTree(got.body());
  }

  private List<String> holders(String id) throws IOException {
    List<String> holders = new ArrayList<>();
    providerJson(id).get("channels").forEach(c -> holders.add(c.asText()));
    return holders;
  }

  private static void eventually(Duration limit, String what, BooleanSupplier check)
      throws InterruptedException {
    Instant end = Instant.now().plus(limit);
    while (Instant.now().isBefore(end)) {
      if (check.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    assertTrue(check.getAsBoolean(), what + " within " + limit);
  }

  @Test
  void providersAreCreatedListedChangedAndDeletedWithTheirLiveUsage() throws Exception {
    String later = ItEnvironment.unique("zz-acme");
    String earlier = ItEnvironment.unique("aa-acme");
    HttpResponse<String> created = createProvider(later, 1);
    assertEquals(201, created.statusCode(), created.body());
    assertTrue(
        created.headers().firstValue("Location").orElse("").endsWith("/api/providers/" + later));
    assertEquals(
        JSON.readTree(
            "{\"id\":\"" + later + "\",\"max_connections\":1,\"connections\":0,\"channels\":[]}"),
        JSON.readTree(created.body()));
    assertEquals(201, createProvider(earlier, 5).statusCode());

    HttpResponse<String> again = createProvider(later, 2);
    assertEquals(409, again.statusCode(), again.body());
    assertTrue(JSON.readTree(again.body()).get("error").asText().contains("already exists"));

    List<String> listed = new ArrayList<>();
    JsonNode list = JSON.readTree(admin.get("/api/providers").body());
    list.get("providers").forEach(p -> listed.add(p.get("id").asText()));
    assertTrue(listed.indexOf(earlier) >= 0 && listed.indexOf(earlier) < listed.indexOf(later));
    assertEquals(listed.size(), list.get("count").asInt());
    assertEquals(listed.stream().sorted().toList(), listed, "sorted by id");

    HttpResponse<String> changed = admin.put("/api/providers/" + later, "{\"max_connections\":3}");
    assertEquals(200, changed.statusCode(), changed.body());
    assertEquals(3, JSON.readTree(changed.body()).get("max_connections").asInt());
    assertEquals(3, providerJson(later).get("max_connections").asInt());

    HttpResponse<String> deleted = admin.delete("/api/providers/" + later);
    assertEquals(204, deleted.statusCode(), deleted.body());
    assertEquals("", deleted.body());
    assertEquals(404, admin.get("/api/providers/" + later).statusCode());
    assertEquals(404, admin.delete("/api/providers/" + later).statusCode());
    assertEquals(404, admin.put("/api/providers/" + later, "{\"max_connections\":1}").statusCode());
  }

  @Test
  void badBodiesAndIdsAre400WithAReasonAndTheApiNeedsTheAdminToken() throws Exception {
    String id = provider(1);
    String[][] refused = {
      {"{\"id\":\"x1\",\"max_connections\":1,\"limit\":2}", "unknown field 'limit'"},
      {"{\"id\":\"x1\",\"max_connections\":\"1\"}", "'max_connections'"},
      {"{\"id\":\"x1\",\"max_connections\":0}", "'max_connections'"},
      {"{\"id\":\"x1\",\"max_connections\":10001}", "'max_connections'"},
      {"{\"id\":\"x 1\",\"max_connections\":1}", "'id'"},
      {"{\"id\":7,\"max_connections\":1}", "'id'"},
      {"{\"max_connections\":1}", "'id'"},
      {"{\"id\":\"x1\"", "malformed JSON"},
      {"[]", "JSON object"},
    };
    for (String[] body : refused) {
      HttpResponse<String> answer = admin.post("/api/providers", body[0]);
      assertEquals(400, answer.statusCode(), body[0] + " -> " + answer.body());
      String error = JSON.readTree(answer.body()).get("error").asText();
      assertTrue(error.contains(body[1]), body[0] + " -> " + error);
    }
    HttpResponse<String> noLimit = admin.put("/api/providers/" + id, "{}");
    assertEquals(400, noLimit.statusCode(), noLimit.body());
    HttpResponse<String> renamed =
        admin.put("/api/providers/" + id, "{\"id\":\"other\",\"max_connections\":2}");
    assertEquals(400, renamed.statusCode(), renamed.body());
    assertEquals(400, admin.get("/api/providers/a%20b").statusCode());
    assertEquals(401, stack.app().get("/api/providers").statusCode());
    assertEquals(401, stack.app().get("/api/providers/" + id).statusCode());
  }

  @Test
  void aChannelNamesOnlyAProviderThatExistsAndKeepsItFromBeingDeleted() throws Exception {
    HttpResponse<String> typo =
        admin.post("/api/channels", aChannel().withProvider("no-such-provider").json());
    assertEquals(400, typo.statusCode(), typo.body());

    String id = provider(1);
    String channel = channel(id, ItEnvironment.unique("named"));
    HttpResponse<String> refused = admin.delete("/api/providers/" + id);
    assertEquals(409, refused.statusCode(), refused.body());
    String error = JSON.readTree(refused.body()).get("error").asText();
    assertTrue(error.contains(channel) && error.contains("still named"), error);

    admin.put("/api/channels/" + channel, "{\"provider\":null}");
    assertEquals(204, admin.delete("/api/providers/" + id).statusCode());
  }

  @Test
  void aZapOnAOneConnectionProviderPlaysTheNewChannelWithoutEverASecondConnection()
      throws Exception {
    String id = provider(1);
    String tag = "zap" + Long.toHexString(System.nanoTime());
    String a = channel(id, tag + "a");
    String b = channel(id, tag + "b");
    String token = subscriber();
    LiveUpstream upstream = stack.upstream();

    Instant coldStart = Instant.now();
    HttpResponse<String> first = play(token, a);
    long coldMillis = Duration.between(coldStart, Instant.now()).toMillis();
    assertEquals(200, first.statusCode(), first.body());
    assertEquals(List.of(a), holders(id));
    assertEquals(1, providerJson(id).get("connections").asInt());

    // Counts the provider's open connections at the upstream throughout the zap.
    AtomicBoolean counting = new AtomicBoolean(true);
    AtomicInteger most = new AtomicInteger();
    List<String> overlaps = new CopyOnWriteArrayList<>();
    Thread counter =
        new Thread(
            () -> {
              while (counting.get()) {
                int onA = upstream.activeConnections("/live/" + tag + "a");
                int onB = upstream.activeConnections("/live/" + tag + "b");
                most.accumulateAndGet(onA + onB, Math::max);
                if (onA + onB > 1) {
                  overlaps.add("a=" + onA + " b=" + onB + " at " + Instant.now());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
              }
            },
            "provider-connection-counter");
    counter.setDaemon(true);
    counter.start();
    HttpResponse<String> zapped;
    long zapMillis;
    try {
      Instant zap = Instant.now();
      zapped = play(token, b);
      zapMillis = Duration.between(zap, Instant.now()).toMillis();
      // The new channel's run is connected by now; its later reconnects count too.
      Thread.sleep(1000);
    } finally {
      counting.set(false);
      counter.join();
    }

    assertEquals(200, zapped.statusCode(), zapped.body());
    assertEquals(List.of(), overlaps, "the provider never had two connections at once");
    assertEquals(1, most.get(), "the new channel was pulled");
    assertTrue(
        zapMillis <= coldMillis + 4000,
        "the zap took " + zapMillis + " ms, a cold start " + coldMillis + " ms");
    assertFalse(admin.running(a), "the channel left was stopped");
    assertTrue(admin.running(b));
    assertEquals(List.of(b), holders(id));
    assertEquals(1, upstream.activeConnections("/live/" + tag + "b"));
    assertEquals(0, upstream.activeConnections("/live/" + tag + "a"));
  }

  @Test
  void aProviderWhoseChannelsAreAllWatchedRefusesAnotherViewerUntilItsLimitIsRaised()
      throws Exception {
    String id = provider(1);
    String watched = channel(id, ItEnvironment.unique("watched"));
    String wanted = channel(id, ItEnvironment.unique("wanted"));
    assertEquals(200, play(subscriber(), watched).statusCode());

    HttpResponse<String> refused = play(subscriber(), wanted);

    assertEquals(503, refused.statusCode(), refused.body());
    assertEquals(
        "provider " + id + " has no free connection: all its channels are being watched",
        refused.body().strip());
    assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    assertTrue(admin.running(watched), "the watched channel plays on");
    assertFalse(admin.running(wanted));

    assertEquals(200, admin.put("/api/providers/" + id, "{\"max_connections\":2}").statusCode());
    HttpResponse<String> admitted = play(subscriber(), wanted);
    assertEquals(200, admitted.statusCode(), admitted.body());
    assertTrue(admin.running(watched) && admin.running(wanted), "both play");
    assertEquals(List.of(watched, wanted).stream().sorted().toList(), holders(id));
  }

  @Test
  void aChannelHeldOnAnotherNodeIsAskedToStopAndItsSlotTakenOnceFreed() throws Exception {
    String id = provider(1);
    String wanted = channel(id, ItEnvironment.unique("wanted"));
    String remote = ItEnvironment.unique("remote");
    String slots = ProviderSlots.slotsKey(id);
    String stopRequest = "stream:" + remote + ":evict";
    try (Jedis redis = ItEnvironment.redis()) {
      // Another node runs `remote` on the provider's only connection; nobody watches it.
      redis.zadd(slots, System.currentTimeMillis() + 60_000, remote);
    }
    AtomicBoolean requested = new AtomicBoolean();
    Thread otherNode =
        new Thread(
            () -> {
              try (Jedis redis = ItEnvironment.redis()) {
                Instant end = Instant.now().plusSeconds(10);
                while (Instant.now().isBefore(end) && redis.get(stopRequest) == null) {
                  Thread.sleep(20);
                }
                requested.set(redis.get(stopRequest) != null);
                redis.zrem(slots, remote); // stopped: its slot goes back
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "other-node");
    otherNode.start();

    HttpResponse<String> played = play(subscriber(), wanted);
    otherNode.join();

    assertTrue(requested.get(), "the other node was asked to stop its channel");
    assertEquals(200, played.statusCode(), played.body());
    assertEquals(List.of(wanted), holders(id));
  }

  @Test
  void aChannelThatLosesItsSlotOrIsAskedToStopByAnotherNodeStops() throws Exception {
    String id = provider(2);
    String lost = channel(id, ItEnvironment.unique("lost"));
    String displaced = channel(id, ItEnvironment.unique("displaced"));
    assertEquals(200, play(subscriber(), lost).statusCode());
    assertEquals(200, play(subscriber(), displaced).statusCode());

    try (Jedis redis = ItEnvironment.redis()) {
      redis.zrem(ProviderSlots.slotsKey(id), lost); // as if it had expired
      redis.setex("stream:" + displaced + ":evict", 10, "node-x");
    }

    eventually(Duration.ofSeconds(3), "a stop request honoured", () -> !admin.running(displaced));
    eventually(Duration.ofSeconds(8), "a lost slot's channel stopped", () -> !admin.running(lost));
    assertEquals(List.of(), holders(id));
  }
}
