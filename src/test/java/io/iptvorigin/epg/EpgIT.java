package io.iptvorigin.epg;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.GuideServer;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.TestUsers;
import io.iptvorigin.support.XmltvValidation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import redis.clients.jedis.Jedis;

/**
 * The programme guide end to end: sources the harness serves on the upstream address, ingested by
 * the real WildFly into the real Redis, rendered and sent by the real nginx, read back as a player
 * would and validated with xmltv-util's {@code tv_validate_file}.
 */
@ExtendWith(ArquillianExtension.class)
class EpgIT {
  @RegisterExtension static final OriginStack stack = OriginStack.deployed().withNginx();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long HOUR = 3600;
  private static final long DAY = 86_400;

  /** The whole hour before now: the guides' times line up with it. */
  private static final long NOW = Instant.now().getEpochSecond() / HOUR * HOUR;

  private static GuideServer guides;
  private final AdminApi admin = stack.admin();
  private final List<String> sources = new ArrayList<>();

  @BeforeAll
  static void guideServer() {
    assertTrue(XmltvValidation.available(), "xmltv-util (tv_validate_file) is installed");
    guides = GuideServer.start();
  }

  @AfterAll
  static void stopGuideServer() {
    guides.close();
  }

  @AfterEach
  void deleteSources() {
    for (String id : sources) {
      admin.delete("/api/epg/sources/" + id);
    }
  }

  // ---- helpers

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] xz(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
      xz.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    return new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
  }

  private static byte[] xml(GuideGenerator guide) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    guide.write(out);
    return out.toByteArray();
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.edge().url(path))).timeout(WAIT);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The guide as a player that takes gzip reads it. */
  private static String guideOf(String token) throws Exception {
    HttpResponse<byte[]> answer = get("/epg.xml?token=" + token, "Accept-Encoding", "gzip");
    assertEquals(200, answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
    assertEquals("gzip", answer.headers().firstValue("Content-Encoding").orElse(""));
    return new String(gunzip(answer.body()), StandardCharsets.UTF_8);
  }

  private static String waitForGuide(String token, Predicate<String> until) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    String guide = guideOf(token);
    while (!until.test(guide)) {
      assertTrue(Instant.now().isBefore(deadline), "the guide did not change as expected");
      Thread.sleep(300);
      guide = guideOf(token);
    }
    return guide;
  }

  /** Adds the source (201 expected), to be deleted after the test. */
  private String addSource(String id, String url) {
    HttpResponse<String> created =
        admin.post(
            "/api/epg/sources",
            "{\"id\":\"" + id + "\",\"url\":\"" + url + "\",\"refresh_minutes\":720}");
    assertEquals(201, created.statusCode(), created.body());
    sources.add(id);
    return id;
  }

  private JsonNode status(String id) throws IOException {
    HttpResponse<String> answer = admin.get("/api/epg/sources/" + id);
    assertEquals(200, answer.statusCode(), answer.body());
    return JSON.readTree(answer.body()).get("status");
  }

  /** The status once a refresh that began after {@code since} has ended. */
  private JsonNode refreshedAfter(String id, Instant since) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      JsonNode status = status(id);
      String result = status.get("result").asText();
      boolean ended = result.equals("ok") || result.equals("failed");
      if (ended && !Instant.parse(status.get("last_fetch").asText()).isBefore(since)) {
        return status;
      }
      assertTrue(Instant.now().isBefore(deadline), "no refresh of " + id + ": " + status);
      Thread.sleep(200);
    }
  }

  /** Refreshes now; the status once done. */
  private JsonNode refresh(String id) throws Exception {
    // The previous refresh's status, ended less than a second ago, is not this one's.
    String previous = status(id).path("last_fetch").asText("");
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<String> answer = admin.post("/api/epg/sources/" + id + "/refresh", "");
    assertEquals(202, answer.statusCode(), answer.body());
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      JsonNode status = refreshedAfter(id, before);
      if (!status.get("last_fetch").asText().equals(previous)) {
        return status;
      }
      assertTrue(Instant.now().isBefore(deadline), "no new refresh of " + id + ": " + status);
      Thread.sleep(100);
    }
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document doc, String name) {
    NodeList nodes = doc.getElementsByTagName(name);
    List<Element> list = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      list.add((Element) nodes.item(i));
    }
    return list;
  }

  private static String child(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagName(name);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
  }

  private static Map<String, List<Element>> programmesByChannel(Document doc) {
    Map<String, List<Element>> by = new HashMap<>();
    for (Element p : elements(doc, "programme")) {
      by.computeIfAbsent(p.getAttribute("channel"), k -> new ArrayList<>()).add(p);
    }
    return by;
  }

  private static void assertValidXmltv(String xml) throws Exception {
    Path file = Files.createTempFile(ItEnvironment.workDir(), "guide-", ".xml");
    try {
      Files.writeString(file, xml);
      XmltvValidation.assertValid(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static String decoded(JsonNode base64) {
    return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
  }

  // ---- tests

  @Test
  void guidesAreIngestedMergedAndServedInEveryFormPlayersUse() throws Exception {
    // Source "a": gzip, ch0-ch2 in hour slots, every feature the generator has (zones, missing
    // stops, entities, CDATA, skipped elements, unmapped channels), 9 days back to 16 ahead.
    GuideGenerator hourly =
        GuideGenerator.builder()
            .everything()
            .channels(3)
            .days(25)
            .programmeMinutes(60)
            .from(NOW - 9 * DAY)
            .build();
    // Source "b": xz, ch0-ch4 in half hours; ch0-ch2 come from "a" (first in id order).
    GuideGenerator halfHourly =
        GuideGenerator.builder().channels(5).days(3).programmeMinutes(30).from(NOW - DAY).build();
    guides.serve("/a.xml.gz", gzip(xml(hourly)));
    guides.serve("/b.xml.xz", xz(xml(halfHourly)));

    String zero = admin.create(aChannel().named("Guide Zero").withGuide("ch0.test"));
    admin.create(
        aChannel()
            .named("Guide Zero HD")
            .withGuide("ch0.test")
            .withLogo("http://logo.test/zero.png"));
    admin.create(aChannel().named("Guide One").withGuide("ch1.test"));
    admin.create(aChannel().named("Guide Two").withGuide("ch2.test").active(false));
    admin.create(aChannel().named("Guide Three").withGuide("ch3.test"));
    admin.create(aChannel().named("Guide Nobody").withGuide("nobody.test"));
    String plain = admin.create(aChannel().named("No Guide"));
    String password = "pw-" + ItEnvironment.unique("p");
    TestUsers.Subscriber subscriber = admin.create(aUser().withPassword(password));

    Instant before = Instant.now().minusSeconds(1);
    addSource("a-" + ItEnvironment.unique("s"), guides.url("/a.xml.gz"));
    String b = addSource("b-" + ItEnvironment.unique("s"), guides.url("/b.xml.xz"));
    JsonNode statusA = refreshedAfter(sources.get(0), before);
    JsonNode statusB = refreshedAfter(b, before);
    assertEquals("ok", statusA.get("result").asText(), statusA.toString());
    assertEquals("gzip", statusA.get("compression").asText());
    assertEquals("xz", statusB.get("compression").asText());
    assertEquals(5, statusA.get("channels").asLong(), "3 channels and 2 unmapped ones");
    assertTrue(statusA.get("bytes").asLong() < statusA.get("xml_bytes").asLong());

    // This test's channels and sources only (another test's may be in the file for up to 2 s).
    String guide =
        waitForGuide(
            subscriber.token(),
            g ->
                g.contains("<display-name>Guide Zero HD</display-name>")
                    && count(g, "channel=\"ch3.test\"") == halfHourly.programmesPerChannel());
    assertValidXmltv(guide);
    Document doc = parse(guide);

    // Channels: one per XMLTV id the playlist's channels map to and some source has.
    Map<String, Element> channels = new HashMap<>();
    elements(doc, "channel").forEach(c -> channels.put(c.getAttribute("id"), c));
    for (String id : List.of("ch0.test", "ch1.test", "ch3.test")) {
      assertTrue(channels.containsKey(id), id + " in " + channels.keySet());
    }
    assertFalse(channels.containsKey("ch2.test"), "an inactive channel's guide is not listed");
    assertFalse(channels.containsKey("nobody.test"), "no source has it");
    assertFalse(channels.containsKey("extra0.test"), "unmapped in the source");
    List<String> names = new ArrayList<>();
    elements(doc, "display-name").stream()
        .filter(n -> ((Element) n.getParentNode()).getAttribute("id").equals("ch0.test"))
        .forEach(n -> names.add(n.getTextContent()));
    assertEquals(List.of("Guide Zero", "Guide Zero HD"), names);
    assertEquals(
        "http://logo.test/zero.png",
        ((Element) channels.get("ch0.test").getElementsByTagName("icon").item(0))
            .getAttribute("src"));

    // Programmes: titles and descriptions as the source had them, times in UTC, the window kept.
    Map<String, List<Element>> programmes = programmesByChannel(doc);
    long windowStart = Instant.now().getEpochSecond() - 7 * DAY;
    long windowEnd = Instant.now().getEpochSecond() + 14 * DAY;
    for (Element p : programmes.get("ch0.test")) {
      long start = XmltvTime.parse(p.getAttribute("start"));
      long stop = XmltvTime.parse(p.getAttribute("stop"));
      assertTrue(p.getAttribute("start").endsWith(" +0000"), p.getAttribute("start"));
      assertEquals(start + HOUR, stop, "from source a, hour slots; missing stops filled");
      assertTrue(stop > windowStart - 60 && start < windowEnd + 60, "inside the window");
      assertEquals(GuideGenerator.title("ch0.test", start), child(p, "title"));
      String description = GuideGenerator.description("ch0.test", start);
      if (description != null) {
        assertEquals(description, child(p, "desc"));
      }
    }
    int expected = (int) ((windowEnd - windowStart) / HOUR);
    int count = programmes.get("ch0.test").size();
    assertTrue(Math.abs(count - expected) <= 2, count + " programmes, about " + expected);
    Element three = programmes.get("ch3.test").get(0);
    assertEquals(
        HOUR / 2,
        XmltvTime.parse(three.getAttribute("stop")) - XmltvTime.parse(three.getAttribute("start")),
        "ch3 from source b");

    // gzip and plain agree; the .gz URL is the gzip file itself.
    HttpResponse<byte[]> plainXml = get("/epg.xml?token=" + subscriber.token());
    assertEquals(200, plainXml.statusCode());
    assertTrue(plainXml.headers().firstValue("Content-Encoding").isEmpty());
    assertTrue(
        plainXml.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"));
    assertEquals(guide, new String(plainXml.body(), StandardCharsets.UTF_8));
    HttpResponse<byte[]> gzFile = get("/epg.xml.gz?token=" + subscriber.token());
    assertEquals(200, gzFile.statusCode());
    assertEquals("application/gzip", gzFile.headers().firstValue("Content-Type").orElse(""));
    assertArrayEquals(plainXml.body(), gunzip(gzFile.body()));
    String etag = plainXml.headers().firstValue("ETag").orElseThrow();
    assertEquals(
        304,
        get("/epg.xml?token=" + subscriber.token(), "If-None-Match", etag).statusCode(),
        "a player that kept its copy");

    // The M3U names the guide and lists guided channels under their XMLTV id.
    String m3u =
        new String(
            get("/get_playlist.php?token=" + subscriber.token()).body(), StandardCharsets.UTF_8);
    String guideUrl = stack.edge().url("/epg.xml?token=" + subscriber.token());
    assertTrue(
        m3u.startsWith("#EXTM3U x-tvg-url=\"" + guideUrl + "\" url-tvg=\"" + guideUrl + "\"\n"),
        m3u.lines().findFirst().orElse(""));
    assertTrue(m3u.contains("tvg-id=\"ch0.test\" tvg-name=\"Guide Zero\""), m3u);
    assertTrue(m3u.contains("tvg-id=\"" + plain + "\" tvg-name=\"No Guide\""), m3u);

    // The Xtream forms: get.php's header, xmltv.php, the EPG actions.
    String credentials =
        "username=" + query(subscriber.username()) + "&password=" + query(password);
    String getPhp = new String(get("/get.php?" + credentials).body(), StandardCharsets.UTF_8);
    String xcGuideUrl = stack.edge().url("/xmltv.php?" + credentials);
    assertTrue(
        getPhp.startsWith(
            "#EXTM3U x-tvg-url=\"" + xcGuideUrl + "\" url-tvg=\"" + xcGuideUrl + "\"\n"),
        getPhp.lines().findFirst().orElse(""));
    HttpResponse<byte[]> xmltvPhp = get("/xmltv.php?" + credentials);
    assertEquals(200, xmltvPhp.statusCode());
    assertArrayEquals(plainXml.body(), xmltvPhp.body());
    assertEquals(
        401,
        get("/xmltv.php?username=" + query(subscriber.username()) + "&password=x").statusCode());

    JsonNode streams =
        JSON.readTree(get("/player_api.php?" + credentials + "&action=get_live_streams").body());
    long zeroStream = -1;
    for (JsonNode s : streams) {
      if (s.get("name").asText().equals("Guide Zero")) {
        zeroStream = s.get("stream_id").asLong();
        assertEquals("ch0.test", s.get("epg_channel_id").asText());
      }
      if (s.get("name").asText().equals("No Guide")) {
        assertTrue(s.get("epg_channel_id").isNull());
      }
    }
    assertNotEquals(-1, zeroStream, "Guide Zero listed");
    JsonNode shortEpg =
        JSON.readTree(
                get("/player_api.php?"
                        + credentials
                        + "&action=get_short_epg&stream_id="
                        + zeroStream
                        + "&limit=2")
                    .body())
            .get("epg_listings");
    assertEquals(2, shortEpg.size());
    long now = Instant.now().getEpochSecond();
    long onNow = shortEpg.get(0).get("start_timestamp").asLong();
    assertTrue(onNow <= now && now < shortEpg.get(0).get("stop_timestamp").asLong());
    assertEquals(GuideGenerator.title("ch0.test", onNow), decoded(shortEpg.get(0).get("title")));
    assertEquals(onNow + HOUR, shortEpg.get(1).get("start_timestamp").asLong(), "then next");
    JsonNode table =
        JSON.readTree(
                get("/player_api.php?"
                        + credentials
                        + "&action=get_simple_data_table&stream_id="
                        + zeroStream)
                    .body())
            .get("epg_listings");
    assertEquals(count, table.size(), "every stored programme");
    int playing = 0;
    for (JsonNode listing : table) {
      playing += listing.get("now_playing").asInt();
    }
    assertEquals(1, playing);
    assertTrue(zero.length() > 0);
  }

  @Test
  void aBrokenDownloadKeepsThePreviousGuideAndSaysWhy() throws Exception {
    GuideGenerator good = GuideGenerator.builder().channels(7).days(2).from(NOW - DAY).build();
    byte[] goodXml = xml(good);
    String path = "/keep-" + ItEnvironment.unique("k") + ".xml";
    guides.serve(path, goodXml);
    admin.create(aChannel().named("Kept").withGuide("ch6.test"));
    TestUsers.Subscriber subscriber = admin.create(aUser());
    Instant before = Instant.now().minusSeconds(1);
    String id = addSource("keep-" + ItEnvironment.unique("s"), guides.url(path));
    assertEquals("ok", refreshedAfter(id, before).get("result").asText());
    // Only this source's ch6 (another test's may still be in the file for up to 2 s).
    String first =
        waitForGuide(
            subscriber.token(),
            g -> count(g, "channel=\"ch6.test\"") == good.programmesPerChannel() + 0L);
    List<String> kept = programmesOf(first, "ch6.test");
    assertEquals(good.programmesPerChannel(), kept.size());

    Map<String, Runnable> breakages = new java.util.LinkedHashMap<>();
    breakages.put(
        "truncated",
        () -> guides.serve(path, java.util.Arrays.copyOf(goodXml, goodXml.length / 2)));
    breakages.put(
        "not XML", () -> guides.serve(path, "<html><body>Bad gateway</body></html>".getBytes()));
    breakages.put("not XMLTV", () -> guides.serve(path, "<rss><channel/></rss>".getBytes()));
    breakages.put("too big", () -> guides.serve(path, new byte[20_000_001]));
    breakages.put(
        "HTTP 404",
        () -> guides.serve(path, new GuideServer.Answer(404, "text/plain", "gone".getBytes())));
    breakages.put(
        "redirect to loopback",
        () -> guides.redirect(path, "http://127.0.0.1:" + ItEnvironment.property("it.redis.port")));
    for (Map.Entry<String, Runnable> breakage : breakages.entrySet()) {
      breakage.getValue().run();
      JsonNode status = refresh(id);
      assertEquals("failed", status.get("result").asText(), breakage.getKey() + ": " + status);
      assertFalse(status.get("last_error").asText().isBlank(), breakage.getKey());
      assertTrue(
          status.get("last_success").asText().length() > 0, breakage.getKey() + ": " + status);
      assertEquals(
          kept,
          programmesOf(guideOf(subscriber.token()), "ch6.test"),
          breakage.getKey() + ": the previous guide is served");
    }
    assertTrue(status(id).get("last_error").asText().contains("refused"), status(id).toString());
  }

  private static long count(String text, String part) {
    long n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static List<String> programmesOf(String guide, String channel) throws Exception {
    List<String> list = new ArrayList<>();
    for (Element p : elements(parse(guide), "programme")) {
      if (p.getAttribute("channel").equals(channel)) {
        list.add(p.getAttribute("start") + " " + child(p, "title"));
      }
    }
    return list;
  }

  @Test
  void theApiRefusesBadSourcesAndForgetsDeletedOnes() throws Exception {
    for (String body :
        List.of(
            "{\"id\":\"x\",\"url\":\"file:///etc/passwd\"}",
            "{\"id\":\"x\",\"url\":\"http://127.0.0.1:6379/\"}",
            "{\"id\":\"x\",\"url\":\"http://2130706433/\"}",
            "{\"id\":\"x\",\"url\":\"http://10.1.2.3/guide.xml\"}",
            "{\"id\":\"x\",\"url\":\"http://[::1]/guide.xml\"}",
            "{\"id\":\"../x\",\"url\":\"http://epg.example/\"}",
            "{\"id\":\"x\",\"url\":\"http://epg.example/\",\"refresh_minutes\":5}",
            "{\"url\":\"http://epg.example/\"}",
            "[1,2]",
            "not json")) {
      HttpResponse<String> answer = admin.post("/api/epg/sources", body);
      assertEquals(400, answer.statusCode(), body + " -> " + answer.body());
      assertTrue(JSON.readTree(answer.body()).get("error").isTextual(), answer.body());
    }
    String path = "/api-" + ItEnvironment.unique("a") + ".xml";
    guides.serve(path, xml(GuideGenerator.builder().channels(1).from(NOW).build()));
    admin.create(aChannel().named("Api").withGuide("ch0.test"));
    String id = addSource("api-" + ItEnvironment.unique("s"), guides.url(path));
    HttpResponse<String> again =
        admin.post("/api/epg/sources", "{\"id\":\"" + id + "\",\"url\":\"http://e.example/\"}");
    assertEquals(409, again.statusCode(), again.body());
    HttpResponse<String> changed = admin.put("/api/epg/sources/" + id, "{\"refresh_minutes\":60}");
    assertEquals(200, changed.statusCode(), changed.body());
    assertEquals(60, JSON.readTree(changed.body()).get("refresh_minutes").asInt());
    assertEquals(
        400,
        admin.put("/api/epg/sources/" + id, "{\"url\":\"http://169.254.169.254/\"}").statusCode());
    refreshedAfter(id, Instant.now().minusSeconds(30));
    String guideKey;
    try (Jedis redis = ItEnvironment.redis()) {
      guideKey = redis.get("epg:source:" + id + ":guide");
      assertTrue(guideKey != null && redis.exists(guideKey), "the guide in use: " + guideKey);
    }
    assertEquals(200, admin.delete("/api/epg/sources/" + id).statusCode());
    for (String method : List.of("GET", "PUT", "DELETE")) {
      HttpResponse<String> gone =
          admin.send(method, "/api/epg/sources/" + id, method.equals("PUT") ? "{}" : null);
      assertEquals(404, gone.statusCode(), method + " " + gone.body());
    }
    assertEquals(404, admin.post("/api/epg/sources/" + id + "/refresh", "").statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertFalse(redis.exists("epg:source:" + id + ":status"));
      assertTrue(redis.ttl(guideKey) > 0, "the deleted source's guide expires");
    }
    assertEquals(401, stack.edge().http().get("/api/epg/sources").statusCode());
  }

  @Test
  void onlyTheNodeHoldingTheLeaseRefreshes() throws Exception {
    String path = "/lease-" + ItEnvironment.unique("l") + ".xml";
    guides.serve(path, xml(GuideGenerator.builder().channels(1).from(NOW).build()));
    Instant before = Instant.now().minusSeconds(1);
    String id = addSource("lease-" + ItEnvironment.unique("s"), guides.url(path));
    refreshedAfter(id, before);
    int fetched = guides.requests(path);
    try (Jedis redis = ItEnvironment.redis()) {
      redis.psetex("epg:source:" + id + ":lease", 60_000, "other-node:0123");
      assertEquals(202, admin.post("/api/epg/sources/" + id + "/refresh", "").statusCode());
      Thread.sleep(3000);
      assertEquals(fetched, guides.requests(path), "another node holds the lease");
      redis.del("epg:source:" + id + ":lease");
    }
    assertEquals("ok", refresh(id).get("result").asText());
    assertEquals(fetched + 1, guides.requests(path));
  }

  @Test
  void refusedTokensGetNoGuideAndDownloadsPerAddressAreCapped() throws Exception {
    // A guide big enough that a reader who does not read holds its download open.
    GuideGenerator big =
        GuideGenerator.builder()
            .channels(40)
            .days(22)
            .programmeMinutes(30)
            .from(NOW - 7 * DAY)
            .build();
    String path = "/big-" + ItEnvironment.unique("b") + ".xml.gz";
    guides.serve(path, gzip(xml(big)));
    for (String channel : big.channelIds()) {
      admin.create(aChannel().named("Big " + channel).withGuide(channel));
    }
    TestUsers.Subscriber subscriber = admin.create(aUser());
    String token = subscriber.token();
    Instant before = Instant.now().minusSeconds(1);
    String id = addSource("big-" + ItEnvironment.unique("s"), guides.url(path));
    assertEquals("ok", refreshedAfter(id, before).get("result").asText());
    waitForGuide(token, g -> g.contains("channel=\"ch39.test\""));

    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        stalled.add(openWithoutReading("/epg.xml?token=" + token));
      }
      HttpResponse<byte[]> third = get("/epg.xml.gz?token=" + token);
      assertEquals(429, third.statusCode(), "a third download from the same address");
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
    Thread.sleep(500);
    assertEquals(200, get("/epg.xml.gz?token=" + token).statusCode(), "once they ended");

    HttpResponse<byte[]> unknown = get("/epg.xml?token=" + ItEnvironment.newToken());
    assertEquals(401, unknown.statusCode());
    assertEquals("ERROR: Invalid token\n", new String(unknown.body(), StandardCharsets.UTF_8));
    assertEquals(401, get("/epg.xml").statusCode());
    assertEquals(401, get("/epg.xml.gz?token=short").statusCode());
    HttpResponse<String> disabled =
        admin.put("/api/users/" + subscriber.username(), "{\"is_active\":false}");
    assertEquals(200, disabled.statusCode(), disabled.body());
    Instant deadline = Instant.now().plus(WAIT);
    HttpResponse<byte[]> refused = get("/epg.xml?token=" + token);
    while (refused.statusCode() == 200 && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      refused = get("/epg.xml?token=" + token);
    }
    assertEquals(403, refused.statusCode());
    assertEquals("ERROR: Token disabled\n", new String(refused.body(), StandardCharsets.UTF_8));
    assertEquals(403, get("/epg.xml.gz?token=" + token).statusCode());
  }

  /** A download whose client reads its status line and then nothing, keeping it in flight. */
  private static Socket openWithoutReading(String path) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    URI edge = URI.create(stack.edge().baseUrl());
    socket.connect(new InetSocketAddress(edge.getHost(), edge.getPort()), 5000);
    socket.setSoTimeout(10_000);
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: " + edge.getHost() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    byte[] head = new byte[12];
    int read = 0;
    while (read < head.length) {
      int n = in.read(head, read, head.length - read);
      if (n < 0) {
        break;
      }
      read += n;
    }
    assertEquals("HTTP/1.1 200", new String(head, 0, read, StandardCharsets.US_ASCII));
    return socket;
  }

  @Test
  void xmltvSourcesCannotReadLocalFilesThroughEntities() throws Exception {
    String path = "/xxe-" + ItEnvironment.unique("x") + ".xml";
    Path secret = Files.writeString(ItEnvironment.workDir().resolve("xxe-secret"), "s3cr3t-" + NOW);
    guides.serve(
        path,
        ("<?xml version=\"1.0\"?>\n<!DOCTYPE tv [<!ENTITY secret SYSTEM \"file://"
                + secret.toAbsolutePath()
                + "\">]>\n"
                + "<tv><channel id=\"ch0.test\"><display-name>x</display-name></channel>"
                + "<programme start=\""
                + XmltvTime.format(NOW)
                + "\" channel=\"ch0.test\"><title>&secret;</title></programme></tv>")
            .getBytes(StandardCharsets.UTF_8));
    Instant before = Instant.now().minusSeconds(1);
    String id = addSource("xxe-" + ItEnvironment.unique("s"), guides.url(path));
    JsonNode status = refreshedAfter(id, before);
    assertEquals("failed", status.get("result").asText(), status.toString());
    assertFalse(status.toString().contains("s3cr3t"), "the file's content is nowhere");
  }
}
