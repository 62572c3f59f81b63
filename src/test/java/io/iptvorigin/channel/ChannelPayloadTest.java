package io.iptvorigin.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelPayloadTest {
  private static final String SOURCE = "http://upstream.example:80/live/u/p/48681.ts";
  private static final Channel CURRENT =
      new Channel(
          "48681",
          "MBC Pro aflam",
          SOURCE,
          "images/no_logo.jpg",
          "Favorite",
          Quality.MEDIUM,
          1,
          1,
          true,
          "VLC/3.0",
          "http://ref.example/",
          null,
          "sid=1",
          "http://proxy.example:3128");

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private static ObjectNode body(String json) {
    return (ObjectNode) parse(json);
  }

  /** A POST body with the required fields plus {@code field} set to the raw JSON {@code value}. */
  private static ObjectNode newChannelWith(String field, String value) {
    ObjectNode body = Json.object();
    body.put("channel_id", "48681");
    body.put("name", "MBC Pro aflam");
    body.put("source_url", SOURCE);
    body.set(field, parse(value));
    return body;
  }

  private static String quoted(String text) {
    return Json.write(text);
  }

  private static Channel create(ObjectNode body) {
    return ChannelPayload.parse(body).toNewChannel();
  }

  private static void assertRefusedNaming(String field, ObjectNode body) {
    ApiException e = assertThrows(ApiException.class, () -> ChannelPayload.parse(body));
    assertEquals(400, e.status(), "status");
    assertTrue(
        e.getMessage().contains("'" + field + "'"), "message names the field: " + e.getMessage());
  }

  // --- channel_id

  @ParameterizedTest
  @ValueSource(
      strings = {
        "48681",
        "a",
        "abc_DEF-1",
        "0000000000000000000000000000000000000000000000000000000000000000"
      })
  void channelIdOfAllowedCharactersIsAccepted(String id) {
    assertEquals(id, create(newChannelWith("channel_id", quoted(id))).id());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a b",
        "a.b",
        "a/b",
        "../etc",
        "48681\n",
        "chaîne",
        "a%20b",
        "00000000000000000000000000000000000000000000000000000000000000000"
      })
  void channelIdWithOtherCharactersOrTooLongIsRefused(String id) {
    assertRefusedNaming("channel_id", newChannelWith("channel_id", quoted(id)));
  }

  @Test
  void numericChannelIdIsRefused() {
    assertRefusedNaming("channel_id", newChannelWith("channel_id", "48681"));
  }

  // --- quality

  @ParameterizedTest
  @ValueSource(strings = {"low", "medium", "high"})
  void knownQualityIsAccepted(String quality) {
    assertEquals(quality, create(newChannelWith("quality", quoted(quality))).quality().wireName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"ultra\"", "\"HIGH\"", "\"\"", "1", "null"})
  void otherQualityIsRefused(String value) {
    assertRefusedNaming("quality", newChannelWith("quality", value));
  }

  // --- source_url

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://upstream.example:80/live/u/p/48681.ts",
        "https://cdn.example/hls/index.m3u8?a=1&b=%7C",
        "http://10.0.0.1:8080/x.ts",
        "http://[2001:db8::1]/x.ts",
        "http://user:pass@upstream.example/x"
      })
  void httpOrHttpsUrlWithHostIsAccepted(String url) {
    assertEquals(url, create(newChannelWith("source_url", quoted(url))).sourceUrl());
  }

  @Test
  void upperCaseSchemeIsStoredLowerCaseForFfmpeg() {
    String url = "HTTP://upstream.example/x.ts";
    assertEquals(
        "http://upstream.example/x.ts",
        create(newChannelWith("source_url", quoted(url))).sourceUrl());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "FILE://localhost/etc/passwd",
        "concat:http://a.example/1.ts|http://a.example/2.ts",
        "concat:http://a.example/1.ts",
        "pipe:1",
        "subfile,,start,0,end,0,,:/etc/passwd",
        "hls+http://upstream.example/x.m3u8",
        "ftp://x",
        "rtmp://upstream.example/live",
        "http://",
        "http:///etc/passwd",
        "http:/upstream.example/x",
        "//upstream.example/x",
        "/etc/passwd",
        "upstream.example/x.ts",
        "",
        "http://upstream.example/a b.ts",
        "http://upstream.example/x.ts\n#EXTINF:-1,fake",
        "http://upstream.example/x.ts\r"
      })
  void otherUrlIsRefused(String url) {
    assertRefusedNaming("source_url", newChannelWith("source_url", quoted(url)));
  }

  @Test
  void urlLongerThan2048CharactersIsRefused() {
    String url = "http://upstream.example/" + "a".repeat(2048);
    assertRefusedNaming("source_url", newChannelWith("source_url", quoted(url)));
  }

  // --- name and free text

  @Test
  void nameWithQuotesAndCommasIsAccepted() {
    String name = "News, \"Live\" | 100% HD";
    assertEquals(name, create(newChannelWith("name", quoted(name))).name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"News\nLive", "News\r\nLive", "News\u2028Live", "News\u0000", "   ", ""})
  void nameWithLineBreakControlCharacterOrBlankIsRefused(String name) {
    assertRefusedNaming("name", newChannelWith("name", quoted(name)));
  }

  @Test
  void nameLongerThan200CharactersIsRefused() {
    assertRefusedNaming("name", newChannelWith("name", quoted("n".repeat(201))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"user_agent", "referer", "origin", "cookie", "category", "logo"})
  void requestHeaderOrDisplayTextWithLineBreakIsRefused(String field) {
    assertRefusedNaming(field, newChannelWith(field, quoted("x\r\nX-Injected: 1")));
  }

  @Test
  void nonIntegerOrderIsRefused() {
    assertRefusedNaming("order", newChannelWith("order", "\"1\""));
  }

  @Test
  void negativeOrderIsAccepted() {
    assertEquals(-5, create(newChannelWith("order", "-5")).order());
  }

  // --- http_proxy

  @Test
  void httpProxyIsAccepted() {
    String proxy = "http://user:pw@proxy.example:3128";
    assertEquals(proxy, create(newChannelWith("http_proxy", quoted(proxy))).httpProxy());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://proxy.example:3128",
        "socks5://proxy.example:1080",
        "proxy.example:3128",
        "http://"
      })
  void proxyThatIsNotAnHttpUrlIsRefused(String proxy) {
    assertRefusedNaming("http_proxy", newChannelWith("http_proxy", quoted(proxy)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "null"})
  void emptyOrNullProxyMeansNoProxy(String value) {
    assertNull(create(newChannelWith("http_proxy", value)).httpProxy());
  }

  // --- create

  @ParameterizedTest
  @ValueSource(strings = {"channel_id", "name", "source_url"})
  void createWithoutRequiredFieldIsRefused(String field) {
    ObjectNode body = newChannelWith("quality", "\"low\"");
    body.remove(field);
    ChannelPayload payload = ChannelPayload.parse(body);
    ApiException e = assertThrows(ApiException.class, payload::toNewChannel);
    assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
  }

  @Test
  void createWithOnlyRequiredFieldsUsesDefaults() {
    Channel channel = create(newChannelWith("ignored_unknown_field", "1"));
    assertEquals(
        new Channel(
            "48681",
            "MBC Pro aflam",
            SOURCE,
            null,
            null,
            Quality.MEDIUM,
            0,
            0,
            true,
            null,
            null,
            null,
            null,
            null),
        channel);
  }

  // --- PUT

  private static Channel update(String json) {
    return ChannelPayload.parse(body(json)).applyTo(CURRENT);
  }

  @Test
  void emptyUpdateChangesNothing() {
    assertEquals(CURRENT, update("{}"));
  }

  @Test
  void updateChangesOnlyTheNamedFields() {
    Channel updated = update("{\"name\":\"MBC 2\",\"quality\":\"high\",\"is_active\":false}");
    assertEquals(
        new Channel(
            "48681",
            "MBC 2",
            SOURCE,
            "images/no_logo.jpg",
            "Favorite",
            Quality.HIGH,
            1,
            1,
            false,
            "VLC/3.0",
            "http://ref.example/",
            null,
            "sid=1",
            "http://proxy.example:3128"),
        updated);
  }

  @Test
  void updateWithNullLogoClearsIt() {
    assertNull(update("{\"logo\":null}").logo());
  }

  @Test
  void updateWithEmptyProxyClearsIt() {
    assertNull(update("{\"http_proxy\":\"\"}").httpProxy());
  }

  @Test
  void updateNamingTheSameChannelIdIsAccepted() {
    assertEquals(CURRENT, update("{\"channel_id\":\"48681\"}"));
  }

  @Test
  void updateCannotChangeTheChannelId() {
    ChannelPayload payload = ChannelPayload.parse(body("{\"channel_id\":\"48682\"}"));
    ApiException e = assertThrows(ApiException.class, () -> payload.applyTo(CURRENT));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("'channel_id'"), e.getMessage());
  }

  @Test
  void updateWithRefusedSourceUrlIsRefused() {
    assertRefusedNaming("source_url", body("{\"source_url\":\"file:///etc/passwd\"}"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:image/png;base64,AA",
        "vbscript:x",
        "file:///etc/passwd",
        " javascript:x",
        "java\tscript:x",
        "http://",
        "a\\b.png"
      })
  void logosThatAreNotHttpUrlsOrRelativePathsAreRefused(String logo) {
    org.junit.jupiter.api.Assertions.assertThrows(
        io.iptvorigin.common.InvalidFieldException.class, () -> ChannelPayload.checkLogo(logo));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "images/no_logo.jpg",
        "/logos/a b.png",
        "http://cdn.example/l.png",
        "https://cdn.example/l.png?x=1"
      })
  void httpLogosAndRelativePathsAreKept(String logo) {
    assertEquals(logo, ChannelPayload.checkLogo(logo));
  }

  @org.junit.jupiter.api.Test
  void aLogoSchemeIsStoredLowerCase() {
    assertEquals(
        "https://cdn.example/l.png", ChannelPayload.checkLogo("HTTPS://cdn.example/l.png"));
  }

  // --- epg_channel_id

  @Test
  void epgChannelIdIsOptionalKeptAndCleared() {
    assertNull(create(newChannelWith("name", quoted("A"))).epgChannelId());
    Channel guided = create(newChannelWith("epg_channel_id", quoted("BBCOne.uk")));
    assertEquals("BBCOne.uk", guided.epgChannelId());
    assertEquals("BBCOne.uk", guided.tvgId());
    assertEquals("48681", CURRENT.tvgId());
    Channel kept = ChannelPayload.parse(body("{\"name\":\"B\"}")).applyTo(guided);
    assertEquals("BBCOne.uk", kept.epgChannelId());
    assertNull(
        ChannelPayload.parse(body("{\"epg_channel_id\":null}")).applyTo(guided).epgChannelId());
    assertNull(
        ChannelPayload.parse(body("{\"epg_channel_id\":\"\"}")).applyTo(guided).epgChannelId());
    assertEquals(
        "BBCOne.uk", Channel.fromStoredJson(guided.toStoredJson()).epgChannelId(), "stored");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\" BBC\"", "\"BBC \"", "\"a\\nb\"", "\"a\\u0001b\"", "42"})
  void epgChannelIdMustBeOneCleanLine(String value) {
    assertRefusedNaming("epg_channel_id", newChannelWith("epg_channel_id", value));
  }

  @Test
  void epgChannelIdIsBounded() {
    assertRefusedNaming(
        "epg_channel_id", newChannelWith("epg_channel_id", quoted("x".repeat(256))));
    assertEquals(
        255,
        create(newChannelWith("epg_channel_id", quoted("x".repeat(255)))).epgChannelId().length());
  }

  @Test
  void backupUrlsTakeStringsAndSourceObjectsInOrder() {
    Channel channel =
        create(
            newChannelWith(
                "backup_urls",
                "[\"http://b1.example/live.ts\", {\"url\": \"https://b2.example/x.ts\","
                    + " \"user_agent\": \"UA2\", \"cookie\": \"c=2\","
                    + " \"http_proxy\": \"http://proxy2.example:3128\"}]"));
    assertEquals(
        java.util.List.of(
            Source.of("http://b1.example/live.ts"),
            new Source(
                "https://b2.example/x.ts", "UA2", null, null, "c=2", "http://proxy2.example:3128")),
        channel.resilience().backups());
    assertEquals(3, channel.sources().size());
    assertEquals(SOURCE, channel.sources().get(0).url());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"http://b.example/x.ts\"",
        "[\"file:///etc/passwd\"]",
        "[\"concat:http://a|http://b\"]",
        "[42]",
        "[{\"user_agent\": \"no url\"}]",
        "[{\"url\": \"http://b.example/\", \"http_proxy\": \"socks5://p.example\"}]",
        "[{\"url\": \"http://b.example/\", \"unknown\": 1}]",
        "[{\"url\": \"http://b.example/\", \"cookie\": \"a\\nb\"}]"
      })
  void badBackupUrlsAreRefusedNamingTheField(String value) {
    ApiException e =
        assertThrows(
            ApiException.class, () -> ChannelPayload.parse(newChannelWith("backup_urls", value)));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("backup_urls"), e.getMessage());
  }

  @Test
  void moreThanTenBackupsAreRefused() {
    String eleven = "[" + String.join(",", java.util.Collections.nCopies(11, quoted(SOURCE))) + "]";
    assertRefusedNaming("backup_urls", newChannelWith("backup_urls", eleven));
  }

  @Test
  void resilienceDefaultsToNoBackupsNoProviderOnDemandWithSlate() {
    Channel channel = create(newChannelWith("name", quoted("Plain")));
    assertEquals(Resilience.DEFAULT, channel.resilience());
    assertTrue(channel.resilience().slate());
  }

  @Test
  void putChangesOnlyTheResilienceFieldsItNames() {
    Channel withBackups =
        ChannelPayload.parse(
                body("{\"backup_urls\": [\"http://b.example/1.ts\"], \"always_on\": true}"))
            .applyTo(CURRENT);
    Channel next =
        ChannelPayload.parse(body("{\"provider\": \"acme\", \"slate\": false}"))
            .applyTo(withBackups);
    assertEquals(
        new Resilience(java.util.List.of(Source.of("http://b.example/1.ts")), "acme", true, false),
        next.resilience());
    Channel cleared =
        ChannelPayload.parse(body("{\"backup_urls\": null, \"provider\": null}")).applyTo(next);
    assertEquals(new Resilience(java.util.List.of(), null, true, false), cleared.resilience());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"acme provider\"", "\"../x\"", "\"a:b\"", "7", "\"-x\""})
  void badProviderIdsAreRefused(String value) {
    assertRefusedNaming("provider", newChannelWith("provider", value));
  }

  @Test
  void storedJsonKeepsResilience() {
    Channel channel =
        CURRENT.withResilience(
            new Resilience(
                java.util.List.of(new Source("http://b.example/1.ts", "UA", "r", "o", "c", null)),
                "acme",
                true,
                false));
    assertEquals(channel, Channel.fromStoredJson(channel.toStoredJson()));
  }

  // --- remux

  @ParameterizedTest
  @ValueSource(strings = {"auto", "native", "ffmpeg"})
  void knownRemuxIsAccepted(String remux) {
    assertEquals(remux, create(newChannelWith("remux", quoted(remux))).remux().wireName());
  }

  @Test
  void remuxDefaultsToAuto() {
    assertEquals(RemuxChoice.AUTO, create(newChannelWith("name", quoted("Plain"))).remux());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"fast\"", "\"NATIVE\"", "\"\"", "5", "true", "null", "[\"auto\"]"})
  void otherRemuxIsRefusedNamingTheWords(String value) {
    ApiException e =
        assertThrows(
            ApiException.class, () -> ChannelPayload.parse(newChannelWith("remux", value)));
    assertEquals(400, e.status());
    assertEquals("invalid field 'remux': must be auto, native or ffmpeg", e.getMessage());
  }

  @Test
  void putNamingRemuxChangesItAndPutWithoutItKeepsIt() {
    Channel nativeRemux = ChannelPayload.parse(body("{\"remux\": \"native\"}")).applyTo(CURRENT);
    assertEquals(CURRENT.withRemux(RemuxChoice.NATIVE), nativeRemux);
    Channel renamed = ChannelPayload.parse(body("{\"name\": \"Renamed\"}")).applyTo(nativeRemux);
    assertEquals(RemuxChoice.NATIVE, renamed.remux());
  }

  @Test
  void jsonAlwaysCarriesRemux() {
    assertEquals("auto", CURRENT.toJson().get("remux").asText());
    assertEquals("ffmpeg", CURRENT.withRemux(RemuxChoice.FFMPEG).toJson().get("remux").asText());
  }

  @Test
  void storedJsonKeepsRemux() {
    Channel channel = CURRENT.withRemux(RemuxChoice.NATIVE);
    assertEquals(channel, Channel.fromStoredJson(channel.toStoredJson()));
  }

  @Test
  void storedJsonFromBeforeRemuxReadsAsAuto() {
    // What the previous version wrote to Redis: every field but remux.
    String old =
        "{\"channel_id\":\"48681\",\"name\":\"MBC Pro aflam\",\"source_url\":\""
            + SOURCE
            + "\",\"logo\":\"images/no_logo.jpg\",\"category\":\"Favorite\","
            + "\"quality\":\"medium\",\"order\":1,\"category_order\":1,\"is_active\":true,"
            + "\"user_agent\":\"VLC/3.0\",\"referer\":\"http://ref.example/\",\"origin\":null,"
            + "\"cookie\":\"sid=1\",\"http_proxy\":\"http://proxy.example:3128\","
            + "\"epg_channel_id\":null,\"backup_urls\":[],\"provider\":null,"
            + "\"always_on\":false,\"slate\":true}";
    Channel read = Channel.fromStoredJson(old);
    assertEquals(RemuxChoice.AUTO, read.remux());
    assertEquals(CURRENT, read);
  }

  @Test
  void nullRemuxInTheRecordMeansAuto() {
    assertEquals(RemuxChoice.AUTO, CURRENT.withRemux(null).remux());
  }
}
