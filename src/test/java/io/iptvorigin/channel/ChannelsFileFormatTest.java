package io.iptvorigin.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelsFileFormatTest {
  private static final String HEADER = String.join("|", ChannelsFileFormat.COLUMNS);

  private static Channel channel(String id, String name) {
    return new Channel(
        id,
        name,
        "http://upstream.example/" + id + ".ts",
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
  }

  private static Channel tricky() {
    return new Channel(
        "48681",
        "News, \"Live\" | 100% HD",
        "http://upstream.example/a%20b.ts?x=%7C&y=%25",
        "images/logo|1%.png",
        "Favorite | 50%",
        Quality.HIGH,
        -3,
        7,
        false,
        "Mozilla/5.0 (X11; Linux) | literal %0A and %7C and %25",
        "http://ref.example/?q=a|b",
        "https://origin.example",
        "a=1|b=2; c=%41",
        "http://proxy.example:3128");
  }

  private static List<Channel> readCollecting(String text, List<String> skipped) {
    return ChannelsFileFormat.read(text, skipped::add);
  }

  @Test
  void channelWithPipesPercentsQuotesAndCommasSurvivesWriteThenRead() {
    List<String> skipped = new ArrayList<>();
    List<Channel> read = readCollecting(ChannelsFileFormat.write(List.of(tricky())), skipped);
    assertEquals(List.of(), skipped, "skipped lines");
    assertEquals(List.of(tricky()), read);
  }

  @Test
  void backupsProviderAlwaysOnAndSlateSurviveWriteThenRead() {
    Channel resilient =
        channel("9", "Nine")
            .withResilience(
                new Resilience(
                    List.of(
                        Source.of("http://b1.example/a.ts?x=1%7C2"),
                        new Source("http://b2.example/", "UA|2", null, null, "x=1", null)),
                    "acme",
                    true,
                    false));
    List<String> skipped = new ArrayList<>();
    assertEquals(
        List.of(resilient), readCollecting(ChannelsFileFormat.write(List.of(resilient)), skipped));
    assertEquals(List.of(), skipped, "skipped lines");
  }

  @Test
  void channelWithOnlyRequiredFieldsSurvivesWriteThenRead() {
    Channel plain = channel("1", "One");
    List<String> skipped = new ArrayList<>();
    assertEquals(List.of(plain), readCollecting(ChannelsFileFormat.write(List.of(plain)), skipped));
    assertEquals(List.of(), skipped, "skipped lines");
  }

  @Test
  void writtenFileIsCommentHeaderThenOneLinePerChannel() {
    String text = ChannelsFileFormat.write(List.of(tricky(), channel("2", "Two")));
    String[] lines = text.split("\n", -1);
    assertEquals(4 + 1, lines.length, "comment, header, 2 channels, final empty split");
    assertTrue(lines[0].startsWith("#"), "comment first: " + lines[0]);
    assertEquals(HEADER, lines[1]);
    assertEquals(
        ChannelsFileFormat.COLUMNS.size(),
        lines[2].split("\\|", -1).length,
        "fields in " + lines[2]);
    assertEquals("", lines[4]);
  }

  @Test
  void valueWithLineBreakStaysOnOneLine() {
    Channel broken = channel("1", "One\r\nTwo");
    String text = ChannelsFileFormat.write(List.of(broken));
    assertEquals(3, text.split("\n").length, text);
  }

  @Test
  void emptyChannelListWritesOnlyCommentAndHeader() {
    String[] lines = ChannelsFileFormat.write(List.of()).split("\n");
    assertEquals(2, lines.length);
    assertEquals(HEADER, lines[1]);
  }

  @Test
  void lineWithWrongFieldCountIsSkippedAndReported() {
    String good = ChannelsFileFormat.write(List.of(channel("1", "One"))).split("\n")[2];
    String text = HEADER + "\n" + "2|Two|http://upstream.example/2.ts\n" + good + "\n";
    List<String> skipped = new ArrayList<>();
    List<Channel> read = readCollecting(text, skipped);
    assertEquals(List.of(channel("1", "One")), read);
    assertEquals(1, skipped.size(), skipped.toString());
    assertTrue(skipped.get(0).startsWith("line 2:"), skipped.get(0));
  }

  @Test
  void lineWithBadChannelIdIsSkippedAndReportedWhileOthersLoad() {
    String text =
        "channel_id|name|source_url\n"
            + "1|One|http://upstream.example/1.ts\n"
            + "../bad|Bad|http://upstream.example/bad.ts\n"
            + "3|Three|http://upstream.example/3.ts\n";
    List<String> skipped = new ArrayList<>();
    List<Channel> read = readCollecting(text, skipped);
    assertEquals(List.of(channel("1", "One"), channel("3", "Three")), read);
    assertEquals(1, skipped.size(), skipped.toString());
    assertTrue(skipped.get(0).startsWith("line 3:"), skipped.get(0));
    assertTrue(skipped.get(0).contains("channel_id"), skipped.get(0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1|One|file:///etc/passwd|0", // source_url refused
        "1|One|http://upstream.example/1.ts|x", // order not a number
        "1||http://upstream.example/1.ts|0" // name missing
      })
  void lineThatDoesNotValidateIsSkippedAndReported(String line) {
    String text = "channel_id|name|source_url|order\n" + line + "\n";
    List<String> skipped = new ArrayList<>();
    assertEquals(List.of(), readCollecting(text, skipped));
    assertEquals(1, skipped.size(), skipped.toString());
  }

  @Test
  void isActiveFalseIsRead() {
    String text =
        "channel_id|name|source_url|is_active\n1|One|http://upstream.example/1.ts|false\n";
    List<Channel> read = readCollecting(text, new ArrayList<>());
    assertFalse(read.get(0).active());
  }

  @Test
  void missingIsActiveColumnMeansActive() {
    String text = "channel_id|name|source_url\n1|One|http://upstream.example/1.ts\n";
    List<Channel> read = readCollecting(text, new ArrayList<>());
    assertTrue(read.get(0).active());
  }

  @Test
  void emptyIsActiveMeansNotSetSoActive() {
    String text = "channel_id|name|source_url|is_active\n1|One|http://upstream.example/1.ts|\n";
    List<Channel> read = readCollecting(text, new ArrayList<>());
    assertTrue(read.get(0).active());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "treu"})
  void isActiveThatIsNotABooleanIsSkippedAndReported(String value) {
    String text =
        "channel_id|name|source_url|is_active\n1|One|http://upstream.example/1.ts|" + value + "\n";
    List<String> skipped = new ArrayList<>();
    assertEquals(List.of(), readCollecting(text, skipped));
    assertEquals(1, skipped.size(), skipped.toString());
  }

  @Test
  void columnsAreReadByHeaderInAnyOrder() {
    String text =
        "quality|source_url|is_active|name|channel_id|order\n"
            + "high|http://upstream.example/9.ts|true|Nine|9|4\n";
    List<String> skipped = new ArrayList<>();
    List<Channel> read = readCollecting(text, skipped);
    assertEquals(
        List.of(
            new Channel(
                "9",
                "Nine",
                "http://upstream.example/9.ts",
                null,
                null,
                Quality.HIGH,
                4,
                0,
                true,
                null,
                null,
                null,
                null,
                null)),
        read);
    assertEquals(List.of(), skipped);
  }

  @Test
  void commentsBlankLinesAndCrlfAreTolerated() {
    String text =
        "# a comment\r\n\r\nchannel_id|name|source_url\r\n# another\r\n1|One|http://upstream.example/1.ts\r\n\r\n";
    List<String> skipped = new ArrayList<>();
    assertEquals(List.of(channel("1", "One")), readCollecting(text, skipped));
    assertEquals(List.of(), skipped);
  }

  @Test
  void fileWhoseHeaderHasNoChannelIdIsIgnoredAndReported() {
    String text = "id|name|source_url\n1|One|http://upstream.example/1.ts\n";
    List<String> skipped = new ArrayList<>();
    assertEquals(List.of(), readCollecting(text, skipped));
    assertEquals(1, skipped.size(), skipped.toString());
  }

  @Test
  void emptyFileGivesNoChannels() {
    List<String> skipped = new ArrayList<>();
    assertEquals(List.of(), readCollecting("", skipped));
    assertEquals(List.of(), skipped);
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "|", "%7C", "%25", "%0A", "a\nb", "a\rb", "100%|%%7c"})
  void encodeThenDecodeGivesTheValueBack(String value) {
    assertEquals(value, ChannelsFileFormat.decode(ChannelsFileFormat.encode(value)));
  }

  @Test
  void encodedValueHoldsNoDelimiterOrLineBreak() {
    String encoded = ChannelsFileFormat.encode("a|b\nc\rd%");
    assertEquals("a%7Cb%0Ac%0Dd%25", encoded);
  }

  @ParameterizedTest
  @EnumSource(RemuxChoice.class)
  void remuxSurvivesWriteThenRead(RemuxChoice remux) {
    Channel chosen = channel("5", "Five").withRemux(remux);
    String text = ChannelsFileFormat.write(List.of(chosen));
    assertTrue(text.split("\n")[2].endsWith("|" + remux.wireName()), text);
    List<String> skipped = new ArrayList<>();
    assertEquals(List.of(chosen), readCollecting(text, skipped));
    assertEquals(List.of(), skipped, "skipped lines");
  }

  @Test
  void remuxIsTheLastColumn() {
    assertEquals("remux", ChannelsFileFormat.COLUMNS.get(ChannelsFileFormat.COLUMNS.size() - 1));
  }

  @Test
  void fileWrittenBeforeTheRemuxColumnReadsAsAuto() {
    String text =
        "channel_id|name|source_url|logo|category|quality|order|category_order|is_active"
            + "|user_agent|referer|origin|cookie|http_proxy|epg_channel_id|backup_urls|provider"
            + "|always_on|slate\n"
            + "1|One|http://upstream.example/1.ts||||||||||||||||\n";
    List<String> skipped = new ArrayList<>();
    List<Channel> read = readCollecting(text, skipped);
    assertEquals(List.of(), skipped, "skipped lines");
    assertEquals(List.of(channel("1", "One")), read);
    assertEquals(RemuxChoice.AUTO, read.get(0).remux());
  }

  @Test
  void emptyRemuxMeansAuto() {
    String text = "channel_id|name|source_url|remux\n1|One|http://upstream.example/1.ts|\n";
    List<String> skipped = new ArrayList<>();
    assertEquals(RemuxChoice.AUTO, readCollecting(text, skipped).get(0).remux());
    assertEquals(List.of(), skipped);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "NATIVE", "FFmpeg", "true"})
  void unknownRemuxIsSkippedAndReportedWhileOthersLoad(String value) {
    String text =
        "channel_id|name|source_url|remux\n"
            + "1|One|http://upstream.example/1.ts|"
            + value
            + "\n"
            + "2|Two|http://upstream.example/2.ts|native\n";
    List<String> skipped = new ArrayList<>();
    assertEquals(
        List.of(channel("2", "Two").withRemux(RemuxChoice.NATIVE)), readCollecting(text, skipped));
    assertEquals(1, skipped.size(), skipped.toString());
    assertTrue(skipped.get(0).startsWith("line 2:"), skipped.get(0));
    assertTrue(skipped.get(0).contains("remux"), skipped.get(0));
  }
}
