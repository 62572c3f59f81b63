package io.iptvorigin.epg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmltvReaderTest {
  private static final String HEAD =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tv SYSTEM \"xmltv.dtd\">\n<tv>\n";
  private static final long START = XmltvTime.parse("20240101120000 +0000");

  @TempDir Path dir;

  /** Everything a read handed over. */
  static final class Collected implements XmltvReader.Listener {
    final List<String> channels = new ArrayList<>();
    final List<String> programmeChannels = new ArrayList<>();
    final List<Programme> programmes = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();

    @Override
    public void channel(String id) {
      channels.add(id);
    }

    @Override
    public void programme(String channel, Programme programme) {
      programmeChannels.add(channel);
      programmes.add(programme);
    }

    @Override
    public void skipped(String reason) {
      skipped.add(reason);
    }

    Programme only() {
      assertEquals(1, programmes.size(), "programmes: " + programmes + " skipped: " + skipped);
      return programmes.get(0);
    }
  }

  private static Collected read(String xml) throws GuideFormatException {
    return read(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static Collected read(byte[] xml) throws GuideFormatException {
    Collected collected = new Collected();
    XmltvReader.Result result = XmltvReader.read(new ByteArrayInputStream(xml), collected);
    assertEquals(collected.channels.size(), result.channels());
    assertEquals(collected.programmes.size(), result.programmes());
    assertEquals(collected.skipped.size(), result.skipped());
    return collected;
  }

  private static String programme(String inside) {
    return "<programme start=\"20240101120000 +0000\" channel=\"ch1.test\">"
        + inside
        + "</programme>";
  }

  private static Programme one(String inside) throws GuideFormatException {
    return read(HEAD + programme(inside) + "</tv>").only();
  }

  @Test
  void readsChannelsAndProgrammes() throws GuideFormatException {
    Collected c =
        read(
            HEAD
                + "<channel id=\"ch1.test\"><display-name>One</display-name></channel>\n"
                + "<programme start=\"20240101120000 +0100\" stop=\"20240101130000 +0100\""
                + " channel=\"ch1.test\">\n"
                + "  <title lang=\"en\">News</title>\n  <title lang=\"de\">Nachrichten</title>\n"
                + "  <sub-title>Evening</sub-title>\n  <desc lang=\"en\">What happened.</desc>\n"
                + "  <category>Info</category>\n  <icon src=\"https://img.test/n.png\"/>\n"
                + "</programme>\n</tv>\n");
    assertEquals(List.of("ch1.test"), c.channels);
    assertEquals(List.of("ch1.test"), c.programmeChannels);
    Programme p = c.only();
    assertEquals(START - 3600, p.start());
    assertEquals(START, p.stop());
    assertEquals(
        List.of(
            new ProgrammeText(TextKind.TITLE, "en", "News"),
            new ProgrammeText(TextKind.TITLE, "de", "Nachrichten"),
            new ProgrammeText(TextKind.SUB_TITLE, null, "Evening"),
            new ProgrammeText(TextKind.DESC, "en", "What happened."),
            new ProgrammeText(TextKind.CATEGORY, null, "Info")),
        p.texts());
    assertEquals("https://img.test/n.png", p.icon());
  }

  @Test
  void predefinedAndNumericReferencesAreDecoded() throws GuideFormatException {
    Programme p =
        one("<title>A &amp; B &lt;C&gt; &quot;D&quot; &apos;E&apos; &#233; &#x263A;</title>");
    assertEquals("A & B <C> \"D\" 'E' é ☺", p.title().orElseThrow());
  }

  @Test
  void cdataIsText() throws GuideFormatException {
    Programme p = one("<title>T</title><desc><![CDATA[a <b> & c]]> and <![CDATA[more]]></desc>");
    assertEquals("a <b> & c and more", p.description().orElseThrow());
  }

  @Test
  void markupInsideATextKeepsItsWords() throws GuideFormatException {
    Programme p = one("<title>T</title><desc>one <b>two <i>three</i></b> four</desc>");
    assertEquals("one two three four", p.description().orElseThrow());
  }

  @Test
  void textIsTrimmedButInnerWhitespaceKept() throws GuideFormatException {
    Programme p = one("<title>\n   Two  words\n\tand a line  \n</title>");
    assertEquals("Two  words\n\tand a line", p.title().orElseThrow());
  }

  @Test
  void unknownElementsAreSkippedWithEverythingInThem() throws GuideFormatException {
    Programme p =
        one(
            "<title>Real</title><credits><director>D</director><actor role=\"x\">A"
                + "<title>Not a title</title><image>i</image></actor></credits>"
                + "<episode-num system=\"xmltv_ns\">0.4.</episode-num>"
                + "<rating system=\"MPAA\"><value>PG</value><icon src=\"http://r.test/pg.png\"/>"
                + "</rating><desc>Desc</desc>");
    assertEquals(
        List.of(
            new ProgrammeText(TextKind.TITLE, null, "Real"),
            new ProgrammeText(TextKind.DESC, null, "Desc")),
        p.texts());
    assertNull(p.icon());
  }

  @Test
  void unknownTopLevelElementsAreSkipped() throws GuideFormatException {
    Collected c =
        read(
            HEAD
                + "<extra><programme start=\"20240101120000\" channel=\"x.test\">"
                + "<title>inside extra</title></programme></extra>"
                + programme("<title>T</title>")
                + "</tv>");
    assertEquals("T", c.only().title().orElseThrow());
  }

  @Test
  void firstWebIconIsKept() throws GuideFormatException {
    assertEquals(
        "http://a.test/1.png",
        one("<title>T</title><icon src=\"file:///etc/passwd\"/><icon src=\"http://a.test/1.png\"/>"
                + "<icon src=\"http://a.test/2.png\"/>")
            .icon());
    assertEquals(
        "HTTPS://A.test/x", one("<title>T</title><icon src=\" HTTPS://A.test/x \"/>").icon());
    assertNull(one("<title>T</title><icon src=\"javascript:alert(1)\"/>").icon());
    assertNull(one("<title>T</title><icon/>").icon());
  }

  @Test
  void stopIsOptionalAndABadOneUnknown() throws GuideFormatException {
    String start = "start=\"20240101120000\" channel=\"c.test\"";
    Collected c =
        read(
            HEAD
                + "<programme "
                + start
                + "><title>none</title></programme>"
                + "<programme "
                + start
                + " stop=\"tomorrow\"><title>bad</title></programme>"
                + "<programme "
                + start
                + " stop=\"20240101110000\"><title>before</title></programme>"
                + "<programme "
                + start
                + " stop=\"20240101123000\"><title>good</title></programme></tv>");
    assertEquals(
        List.of(0L, 0L, 0L, START + 1800), c.programmes.stream().map(Programme::stop).toList());
  }

  @Test
  void badProgrammesAreSkippedAndTheRestKept() throws GuideFormatException {
    Collected c =
        read(
            HEAD
                + "<programme channel=\"c.test\"><title>no start</title></programme>\n"
                + "<programme start=\"2024\" channel=\"c.test\"><title>bad start</title></programme>\n"
                + "<programme start=\"20240101120000\"><title>no channel</title></programme>\n"
                + "<programme start=\"20240101120000\" channel=\" \"><title>blank</title></programme>\n"
                + "<programme start=\"20240101120000\" channel=\""
                + "x".repeat(256)
                + "\"><title>long channel</title></programme>\n"
                + "<programme start=\"20240101120000\" channel=\"c.test\"><desc>d</desc></programme>\n"
                + "<programme start=\"20240101120000\" channel=\"c.test\"><title> </title></programme>\n"
                + "<channel><display-name>no id</display-name></channel>\n"
                + programme("<title>Good</title>")
                + "\n</tv>");
    assertEquals("Good", c.only().title().orElseThrow());
    assertEquals(8, c.skipped.size(), c.skipped.toString());
    assertTrue(c.skipped.get(0).startsWith("line 4: "), c.skipped.get(0));
    assertTrue(c.skipped.get(1).contains("bad start"), c.skipped.get(1));
    assertTrue(c.skipped.get(5).contains("without a title"), c.skipped.get(5));
    assertTrue(c.skipped.stream().allMatch(r -> r.length() < 400));
  }

  @Test
  void aChannelIdOfTheLongestAllowedLengthIsKept() throws GuideFormatException {
    String id = "x".repeat(255);
    Collected c =
        read(
            HEAD
                + "<programme start=\"20240101120000\" channel=\""
                + id
                + "\"><title>T</title></programme></tv>");
    assertEquals(List.of(id), c.programmeChannels);
  }

  @Test
  void textsAreCapped() throws GuideFormatException {
    StringBuilder inside = new StringBuilder("<title>" + "t".repeat(10_000) + "</title>");
    for (int i = 0; i < 30; i++) {
      inside.append("<category>c").append(i).append("</category>");
    }
    Programme p = one(inside.toString());
    assertEquals(XmltvReader.MAX_TEXT_CHARS, p.title().orElseThrow().length());
    assertEquals(XmltvReader.MAX_TEXTS, p.texts().size());
  }

  @Test
  void aCutNeverSplitsASurrogatePair() throws GuideFormatException {
    String title = "a".repeat(XmltvReader.MAX_TEXT_CHARS - 1) + "\uD83D\uDCFA";
    assertEquals(
        "a".repeat(XmltvReader.MAX_TEXT_CHARS - 1),
        one("<title>" + title + "</title>").title().orElseThrow());
  }

  @Test
  void leadingWhitespaceDoesNotCountAgainstTheCap() throws GuideFormatException {
    Programme p = one("<title>" + " ".repeat(10_000) + "T</title>");
    assertEquals("T", p.title().orElseThrow());
  }

  @Test
  void anOverlongLangIsDropped() throws GuideFormatException {
    Programme p = one("<title lang=\"" + "x".repeat(36) + "\">T</title>");
    assertNull(p.texts().get(0).lang());
  }

  @Test
  void latin1GuidesAreDecoded() throws GuideFormatException {
    byte[] xml =
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><tv>"
                + programme("<title>Café</title>")
                + "</tv>")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("Café", read(xml).only().title().orElseThrow());
  }

  @Test
  void aByteOrderMarkIsFine() throws GuideFormatException {
    assertEquals(1, read("\uFEFF<tv>" + programme("<title>T</title>") + "</tv>").programmes.size());
  }

  @Test
  void externalDtdIsNotRead() throws IOException, GuideFormatException {
    Path dtd = dir.resolve("evil.dtd");
    Files.writeString(dtd, "<!ENTITY title \"FROM-DTD\"> this is not a DTD at all <<<");
    Collected c =
        read(
            "<?xml version=\"1.0\"?><!DOCTYPE tv SYSTEM \""
                + dtd.toUri()
                + "\"><tv>"
                + programme("<title>T</title>")
                + "</tv>");
    assertEquals("T", c.only().title().orElseThrow());
  }

  @Test
  void externalEntitiesAreNeitherReadNorExpanded() throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE tv [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]><tv>"
            + programme("<title>&xxe;</title>")
            + "</tv>";
    Collected collected = new Collected();
    GuideFormatException e =
        assertThrows(
            GuideFormatException.class,
            () ->
                XmltvReader.read(
                    new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), collected));
    assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    assertTrue(collected.programmes.isEmpty());
  }

  @Test
  void parameterEntitiesAreNotFetched() throws IOException {
    Path secret = dir.resolve("p.dtd");
    Files.writeString(secret, "<!ENTITY leak \"TOP-SECRET-CONTENT\">");
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE tv [<!ENTITY % p SYSTEM \""
            + secret.toUri()
            + "\"> %p;]><tv>"
            + programme("<title>x&leak;</title>")
            + "</tv>";
    Collected collected = new Collected();
    try {
      XmltvReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), collected);
    } catch (GuideFormatException e) {
      assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    }
    assertTrue(collected.programmes.stream().noneMatch(p -> p.toString().contains("TOP-SECRET")));
  }

  @Test
  void internalEntitiesAreNotExpandedEither() {
    String xml =
        "<!DOCTYPE tv [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + "<tv>"
            + programme("<title>&b;</title>")
            + "</tv>";
    assertThrows(GuideFormatException.class, () -> read(xml));
  }

  @Test
  void truncatedGuideFailsWithTheLine() {
    String xml = HEAD + programme("<title>T</title>") + "\n<programme start=\"2024";
    GuideFormatException e = assertThrows(GuideFormatException.class, () -> read(xml));
    assertTrue(e.getMessage().startsWith("XML not well-formed at line 5"), e.getMessage());
  }

  @Test
  void guideEndingBeforeTheRootClosesFails() {
    assertThrows(GuideFormatException.class, () -> read(HEAD + programme("<title>T</title>")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{\"tv\": []}",
        "not xml at all",
        "<tv><programme></tv>",
        "<tv></tv><tv></tv>",
        "<tv></tv> trailing",
        "<tv><title>a & b</title></tv>",
        "<tv>&nbsp;</tv>",
      })
  void notWellFormedFails(String xml) {
    assertThrows(GuideFormatException.class, () -> read(xml));
  }

  @Test
  void binaryFails() {
    byte[] gzipped = GuideDecompressionTest.gzip("<tv></tv>".getBytes(StandardCharsets.UTF_8));
    assertThrows(GuideFormatException.class, () -> read(gzipped));
  }

  @Test
  void wrongRootFails() {
    GuideFormatException e =
        assertThrows(GuideFormatException.class, () -> read("<html><body>Not found</body></html>"));
    assertEquals("not an XMLTV document: root element <html>", e.getMessage());
  }

  @Test
  void emptyGuideIsFine() throws GuideFormatException {
    Collected c = read(HEAD + "<!-- nothing today --></tv>\n<!-- bye -->\n");
    assertTrue(c.programmes.isEmpty());
  }

  @Test
  void deepNestingFails() {
    String xml = "<tv>" + "<x>".repeat(100) + "</x>".repeat(100) + "</tv>";
    GuideFormatException e = assertThrows(GuideFormatException.class, () -> read(xml));
    assertTrue(e.getMessage().contains("nested"), e.getMessage());
  }

  @Test
  void anUnclosedAttributeFailsBeforeFillingTheHeap() {
    InputStream endless =
        new SequenceInputStream(
            new ByteArrayInputStream("<tv><programme channel=\"".getBytes(StandardCharsets.UTF_8)),
            new InputStream() {
              @Override
              public int read() {
                return 'x';
              }
            });
    GuideFormatException e =
        assertThrows(GuideFormatException.class, () -> XmltvReader.read(endless, new Collected()));
    assertFalse(e.getCause() instanceof IOException, "the guide's fault, not the transport's");
    assertTrue(e.getMessage().startsWith("XML not usable at line 1: "), e.getMessage());
    assertTrue(e.getMessage().contains("longer than"), e.getMessage());
  }

  @Test
  void anUnclosedCdataSectionFailsBeforeFillingTheHeap() {
    String open = HEAD + "<programme start=\"20240101120000\" channel=\"c.test\"><desc><![CDATA[";
    byte[] xml = (open + "a]b>c<d ".repeat(200_000)).getBytes(StandardCharsets.UTF_8);
    GuideFormatException e = assertThrows(GuideFormatException.class, () -> read(xml));
    assertTrue(e.getMessage().contains("longer than"), e.getMessage());
  }

  @Test
  void longMarkupBelowTheLimitIsFine() throws GuideFormatException {
    String desc = "<![CDATA[" + "d".repeat(MarkupGuard.MAX_MARKUP_BYTES - 100) + "]]>";
    Programme p =
        one("<title>T</title><desc>" + desc + "</desc><!-- " + "- > <".repeat(10) + " -->");
    assertEquals(XmltvReader.MAX_TEXT_CHARS, p.description().orElseThrow().length());
  }

  @Test
  void failuresOfTheStreamAreReportedWithTheirCause() {
    InputStream failing =
        new SequenceInputStream(
            new ByteArrayInputStream(HEAD.getBytes(StandardCharsets.UTF_8)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("connection reset");
              }
            });
    GuideFormatException e =
        assertThrows(GuideFormatException.class, () -> XmltvReader.read(failing, new Collected()));
    assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
    assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
  }

  @Test
  void listenerExceptionsPassThrough() {
    XmltvReader.Listener failing =
        (channel, programme) -> {
          throw new IllegalStateException("full");
        };
    byte[] xml = (HEAD + programme("<title>T</title>") + "</tv>").getBytes(StandardCharsets.UTF_8);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> XmltvReader.read(new ByteArrayInputStream(xml), failing));
    assertEquals("full", e.getMessage());
  }
}
