package io.iptvorigin.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelFixtures;
import io.iptvorigin.channel.Quality;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class M3uPlaylistTest {
  private static final String BASE = "http://tv.example";
  private static final String TOKEN = "0123456789abcdef".repeat(4);

  /** An #EXTINF line whose four attribute values hold no double quote; group 5 is the title. */
  private static final Pattern EXTINF =
      Pattern.compile(
          "#EXTINF:-1 tvg-id=\"([^\"]*)\" tvg-name=\"([^\"]*)\" tvg-logo=\"([^\"]*)\""
              + " group-title=\"([^\"]*)\",(.*)");

  private static Channel channel(
      String id, String name, String category, int categoryOrder, int order, boolean active) {
    return ChannelFixtures.channel(id, name, category, categoryOrder, order, active);
  }

  private static Channel named(String id, String name) {
    return channel(id, name, "Favorite", 1, 1, true);
  }

  private static String body(List<Channel> channels) {
    return new String(
        M3uPlaylist.render(1, channels, OutputFormat.HLS).body(BASE + "/live/" + TOKEN, null),
        StandardCharsets.UTF_8);
  }

  private static List<String> extinfLines(String body) {
    return Arrays.stream(body.split("\n")).filter(l -> l.startsWith("#EXTINF")).toList();
  }

  private static List<String> ids(String body) {
    return extinfLines(body).stream()
        .map(
            l -> {
              Matcher m = EXTINF.matcher(l);
              assertTrue(m.matches(), l);
              return m.group(1);
            })
        .toList();
  }

  @Test
  void channelIsRenderedInTheReferenceFormat() {
    Channel ch = named("48681", "MBC Pro aflam");
    assertEquals(
        "#EXTM3U\n"
            + "#EXTINF:-1 tvg-id=\"48681\" tvg-name=\"MBC Pro aflam\" tvg-logo=\"images/no_logo.jpg\""
            + " group-title=\"Favorite\",MBC Pro aflam\n"
            + "http://tv.example/live/"
            + TOKEN
            + "/stream_48681.m3u8\n",
        body(List.of(ch)));
  }

  @Test
  void emptyChannelListGivesOnlyTheHeader() {
    assertEquals("#EXTM3U\n", body(List.of()));
  }

  @Test
  void nameWithQuoteAndCommaStaysOnOneEntry() {
    String body = body(List.of(named("48681", "News, \"Live\", HD")));
    assertEquals(1, extinfLines(body).size(), body);
  }

  @Test
  void nameWithQuoteAndCommaLeavesNoQuoteInsideAnAttribute() {
    String line = extinfLines(body(List.of(named("48681", "News, \"Live\" tvg-id=\"x\"")))).get(0);
    Matcher m = EXTINF.matcher(line);
    assertTrue(m.matches(), "attributes well-formed: " + line);
    assertEquals("48681", m.group(1), "tvg-id");
  }

  @Test
  void titleKeepsQuotesAndCommasOfTheName() {
    String line = extinfLines(body(List.of(named("48681", "News, \"Live\"")))).get(0);
    Matcher m = EXTINF.matcher(line);
    assertTrue(m.matches(), line);
    assertEquals("News, \"Live\"", m.group(5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"One\nTwo", "One\r\nTwo", "One\rTwo", "One\u2028Two", "One\u0085Two"})
  void lineBreakInANameNeverStartsAnotherLine(String name) {
    String body = body(List.of(named("1", name)));
    String[] lines = body.split("\n|\r|\u2028|\u2029|\u0085", -1);
    assertEquals(4, lines.length, "header, EXTINF, URL, trailing empty: " + Arrays.toString(lines));
  }

  @Test
  void quoteInLogoOrCategoryLeavesNoQuoteInsideAnAttribute() {
    Channel ch =
        new Channel(
            "1",
            "One",
            "http://upstream.example/1.ts",
            "logo\".png\" x=\"",
            "Sports \"HD\"",
            Quality.MEDIUM,
            0,
            0,
            true,
            null,
            null,
            null,
            null,
            null);
    String line = extinfLines(body(List.of(ch))).get(0);
    assertTrue(EXTINF.matcher(line).matches(), line);
  }

  @Test
  void missingLogoAndCategoryGiveEmptyAttributes() {
    Channel ch =
        new Channel(
            "1",
            "One",
            "http://upstream.example/1.ts",
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
            null);
    Matcher m = EXTINF.matcher(extinfLines(body(List.of(ch))).get(0));
    assertTrue(m.matches());
    assertEquals("", m.group(3), "tvg-logo");
    assertEquals("", m.group(4), "group-title");
  }

  @Test
  void onlyActiveChannelsAreListed() {
    List<Channel> channels =
        List.of(
            channel("1", "On", "A", 1, 1, true),
            channel("2", "Off", "A", 1, 2, false),
            channel("3", "On too", "A", 1, 3, true));
    assertEquals(List.of("1", "3"), ids(body(channels)));
  }

  @Test
  void renderCountsOnlyActiveChannels() {
    List<Channel> channels = List.of(named("1", "On"), channel("2", "Off", "A", 1, 2, false));
    assertEquals(1, M3uPlaylist.render(7, channels, OutputFormat.HLS).size());
  }

  @Test
  void renderKeepsItsRevision() {
    assertEquals(42, M3uPlaylist.render(42, List.of(), OutputFormat.HLS).revision());
  }

  @Test
  void channelsAreOrderedByCategoryOrderThenCategoryThenOrderThenName() {
    List<Channel> channels =
        List.of(
            channel("6", "Zeta", "Sports", 2, 1, true),
            channel("5", "Beta", "News", 2, 1, true),
            channel("4", "Alpha", "News", 2, 1, true),
            channel("3", "Any", "News", 2, 0, true),
            channel("2", "Any", "Movies", 2, 9, true),
            channel("1", "Last alphabetically", "Zzz", 1, 99, true));
    assertEquals(List.of("1", "2", "3", "4", "5", "6"), ids(body(channels)));
  }

  @Test
  void eachEntryIsFollowedByItsStreamUrlWithTheToken() {
    String body = body(List.of(named("48681", "A"), named("7", "B")));
    List<String> lines = Arrays.asList(body.split("\n"));
    assertEquals("http://tv.example/live/" + TOKEN + "/stream_48681.m3u8", lines.get(2));
    assertEquals("http://tv.example/live/" + TOKEN + "/stream_7.m3u8", lines.get(4));
  }

  @Test
  void oneRenderServesDifferentTokensAndHosts() {
    M3uPlaylist playlist = M3uPlaylist.render(1, List.of(named("48681", "A")), OutputFormat.HLS);
    String first =
        new String(playlist.body("http://a.example/live/T1", null), StandardCharsets.UTF_8);
    String second =
        new String(playlist.body("https://b.example:8443/live/T2", null), StandardCharsets.UTF_8);
    assertTrue(first.endsWith("\nhttp://a.example/live/T1/stream_48681.m3u8\n"), first);
    assertTrue(second.endsWith("\nhttps://b.example:8443/live/T2/stream_48681.m3u8\n"), second);
  }

  @Test
  void nonAsciiNameIsEncodedAsUtf8() {
    String body = body(List.of(named("1", "قناة MBC")));
    assertTrue(body.contains(",قناة MBC\n"), body);
  }

  @Test
  void writtenInChunksItIsTheSameBytesAndLengthAsBuilt() throws Exception {
    List<Channel> many = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add(channel("c" + i, "Channel " + i, "Cat " + (i % 20), i % 20, i, true));
    }
    M3uPlaylist playlist = M3uPlaylist.render(1, many, OutputFormat.HLS);
    // A prefix longer than a chunk takes the direct path for every entry.
    for (String prefix : List.of(BASE + "/live/" + TOKEN, BASE + "/" + "x".repeat(70_000))) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      playlist.writeTo(out, prefix, null);
      byte[] written = out.toByteArray();
      assertEquals(playlist.length(prefix, null), written.length);
      String text = new String(written, StandardCharsets.UTF_8);
      assertTrue(text.startsWith("#EXTM3U\n#EXTINF:-1 tvg-id=\"c0\""), text.substring(0, 40));
      assertEquals(5000, text.split("\n#EXTINF").length - 1);
      assertTrue(text.endsWith(prefix + "/stream_c4999.m3u8\n"));
    }
    String guide = BASE + "/epg.xml?token=" + TOKEN;
    byte[] withGuide = playlist.body(BASE + "/live/" + TOKEN, guide);
    assertEquals(playlist.length(BASE + "/live/" + TOKEN, guide), withGuide.length);
    assertTrue(
        new String(withGuide, StandardCharsets.UTF_8)
            .startsWith(
                "#EXTM3U x-tvg-url=\"" + guide + "\" url-tvg=\"" + guide + "\"\n#EXTINF:-1 "));
  }

  @Test
  void aChannelWithAGuideIsListedUnderItsXmltvId() {
    Channel plain = named("48681", "A");
    Channel guided =
        new Channel(
            "7",
            "B",
            plain.sourceUrl(),
            null,
            "Favorite",
            plain.quality(),
            2,
            1,
            true,
            null,
            null,
            null,
            null,
            null,
            "BBCOne.uk");
    String body = body(List.of(plain, guided));
    assertTrue(body.contains("tvg-id=\"48681\" tvg-name=\"A\""), body);
    assertTrue(body.contains("tvg-id=\"BBCOne.uk\" tvg-name=\"B\""), body);
  }
}
