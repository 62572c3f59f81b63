package io.iptvorigin.epg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.XmltvValidation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmltvWriterTest {
  private static final long T0 = XmltvTime.parse("20240101120000");

  @TempDir Path dir;

  private interface Body {
    void write(XmltvWriter writer) throws IOException;
  }

  private static String document(Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (XmltvWriter writer = new XmltvWriter(bytes)) {
      writer.begin();
      body.write(writer);
      writer.end();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Programme titled(String title, ProgrammeText... more) {
    List<ProgrammeText> texts = new ArrayList<>();
    texts.add(new ProgrammeText(TextKind.TITLE, null, title));
    texts.addAll(List.of(more));
    return new Programme(T0, T0 + 1800, texts, null);
  }

  @Test
  void aDocumentHasTheHeadAndEnd() throws IOException {
    assertEquals(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tv SYSTEM \"xmltv.dtd\">\n"
            + "<tv generator-info-name=\"iptv-origin\">\n</tv>\n",
        document(w -> {}));
  }

  @Test
  void channelsAndProgrammesAreWrittenInDtdOrder() throws IOException {
    Programme p =
        new Programme(
            T0,
            T0 + 1800,
            List.of(
                new ProgrammeText(TextKind.CATEGORY, "en", "News"),
                new ProgrammeText(TextKind.DESC, "en", "What happened"),
                new ProgrammeText(TextKind.SUB_TITLE, null, "Evening"),
                new ProgrammeText(TextKind.TITLE, "en", "Headlines")),
            "https://img.test/n.png");
    String xml =
        document(
            w -> {
              w.channel("ch1.test", List.of("One", " ", "Uno"), "https://img.test/1.png");
              w.programme("ch1.test", p);
            });
    assertTrue(
        xml.contains(
            "  <channel id=\"ch1.test\">\n    <display-name>One</display-name>\n"
                + "    <display-name>Uno</display-name>\n"
                + "    <icon src=\"https://img.test/1.png\"/>\n  </channel>\n"),
        xml);
    assertTrue(
        xml.contains(
            "  <programme start=\"20240101120000 +0000\" stop=\"20240101123000 +0000\""
                + " channel=\"ch1.test\">\n"
                + "    <title lang=\"en\">Headlines</title>\n"
                + "    <sub-title>Evening</sub-title>\n"
                + "    <desc lang=\"en\">What happened</desc>\n"
                + "    <category lang=\"en\">News</category>\n"
                + "    <icon src=\"https://img.test/n.png\"/>\n  </programme>\n"),
        xml);
  }

  @Test
  void unknownStopAndMissingIconAreOmitted() throws IOException {
    Programme p = titled("T").withStop(0);
    String xml = document(w -> w.programme("c.test", p));
    assertTrue(
        xml.contains("<programme start=\"20240101120000 +0000\" channel=\"c.test\">\n"), xml);
    assertFalse(xml.contains("stop="), xml);
    assertFalse(xml.contains("<icon"), xml);
  }

  @Test
  void aChannelWithoutNamesIsNamedByItsIdAndABlankIconOmitted() throws IOException {
    String xml = document(w -> w.channel("c.test", List.of(), " "));
    assertTrue(
        xml.contains(
            "<channel id=\"c.test\">\n    <display-name>c.test</display-name>\n  </channel>"),
        xml);
  }

  @Test
  void markupCharactersAreEscaped() throws IOException {
    Programme p = titled("Tom & Jerry <live> \"quoted\" 'single'");
    String xml =
        document(
            w -> {
              w.channel("a&b\"<>.test", List.of("x\ty\nz"), "http://i.test/?a=1&b=\"2\"");
              w.programme("a&b\"<>.test", p);
            });
    assertTrue(xml.contains("<channel id=\"a&amp;b&quot;&lt;&gt;.test\">"), xml);
    assertTrue(xml.contains("<display-name>x\ty\nz</display-name>"), xml);
    assertTrue(xml.contains("src=\"http://i.test/?a=1&amp;b=&quot;2&quot;\""), xml);
    assertTrue(
        xml.contains("<title>Tom &amp; Jerry &lt;live&gt; &quot;quoted&quot; 'single'</title>"),
        xml);
  }

  @Test
  void whitespaceControlsSurviveInAttributes() throws IOException, GuideFormatException {
    String xml = document(w -> w.channel("a\tb\nc\rd", List.of("n\re"), null));
    assertTrue(xml.contains("id=\"a&#9;b&#10;c&#13;d\""), xml);
    assertTrue(xml.contains("<display-name>n&#13;e</display-name>"), xml);
    List<String> ids = new ArrayList<>();
    XmltvReader.read(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
        new XmltvReader.Listener() {
          @Override
          public void channel(String id) {
            ids.add(id);
          }

          @Override
          public void programme(String channel, Programme programme) {}
        });
    assertEquals(List.of("a\tb\nc\rd"), ids);
  }

  @Test
  void charactersXmlCannotHoldAreDropped() throws IOException {
    StringBuilder bad = new StringBuilder("A");
    for (char c = 0; c < 0x20; c++) {
      if (c != '\t' && c != '\n' && c != '\r') {
        bad.append(c);
      }
    }
    bad.append('\u007f');
    for (char c = 0x80; c <= 0x9f; c++) {
      bad.append(c);
    }
    bad.append("\uFFFE\uFFFF").append('\uD800').append("B").append('\uDC00').append("C");
    bad.append("\uD83D\uDCFA é ☺ \u00A0\u00A1").append('\uD83D');
    Programme p = titled(bad.toString());
    byte[] bytes = document(w -> w.programme("c.test", p)).getBytes(StandardCharsets.UTF_8);
    String xml = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(xml.contains("<title>ABC\uD83D\uDCFA é ☺ \u00A0\u00A1</title>"), xml);
    for (int i = 0; i + 1 < bytes.length; i++) {
      boolean c1 =
          (bytes[i] & 0xff) == 0xc2
              && (bytes[i + 1] & 0xff) >= 0x80
              && (bytes[i + 1] & 0xff) <= 0x9f;
      assertFalse(c1, "C1 control at byte " + i);
    }
  }

  @Test
  void textsLeftBlankAreOmitted() throws IOException {
    Programme p =
        titled(
            "T",
            new ProgrammeText(TextKind.DESC, null, "\u0001\u0002\u0085"),
            new ProgrammeText(TextKind.CATEGORY, "\u0001", "Cat"));
    String xml = document(w -> w.programme("c.test", p));
    assertFalse(xml.contains("<desc"), xml);
    assertTrue(xml.contains("<category>Cat</category>"), xml);
  }

  @Test
  void aProgrammeWithoutATitleIsRefusedAndNothingWritten() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    XmltvWriter writer = new XmltvWriter(bytes);
    writer.begin();
    Programme untitled =
        new Programme(T0, 0, List.of(new ProgrammeText(TextKind.DESC, null, "d")), null);
    assertThrows(IllegalArgumentException.class, () -> writer.programme("c.test", untitled));
    assertThrows(
        IllegalArgumentException.class, () -> writer.programme("c.test", titled("\u0001")));
    writer.end();
    assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("programme"));
  }

  @Test
  void theDtdOrderIsEnforced() throws IOException {
    XmltvWriter writer = new XmltvWriter(new ByteArrayOutputStream());
    assertThrows(IllegalStateException.class, () -> writer.channel("c.test", List.of(), null));
    assertThrows(IllegalStateException.class, writer::end);
    writer.begin();
    assertThrows(IllegalStateException.class, writer::begin);
    writer.programme("c.test", titled("T"));
    assertThrows(IllegalStateException.class, () -> writer.channel("c.test", List.of(), null));
    writer.end();
    assertThrows(IllegalStateException.class, () -> writer.programme("c.test", titled("T")));
  }

  @Test
  void closeClosesTheStream() throws IOException {
    boolean[] closed = {false};
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    new XmltvWriter(bytes).close();
    assertTrue(closed[0]);
  }

  @Test
  void largeTextsCrossTheBuffer() throws IOException, GuideFormatException {
    String long1 = "é&<".repeat(30_000) + "\uD83D\uDCFA".repeat(20_000);
    Programme p = titled(long1);
    String xml = document(w -> w.programme("c.test", p));
    XmltvReaderTest.Collected c = new XmltvReaderTest.Collected();
    // The reader caps texts; compare the part it keeps.
    XmltvReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), c);
    assertEquals(long1.substring(0, XmltvReader.MAX_TEXT_CHARS), c.only().title().orElseThrow());
  }

  @Test
  void generatedGuideSurvivesReadCollectWriteRead() throws IOException, GuideFormatException {
    for (boolean interleaved : new boolean[] {false, true}) {
      GuideGenerator guide =
          GuideGenerator.builder()
              .everything()
              .interleaved(interleaved)
              .channels(5)
              .days(2)
              .programmeMinutes(45)
              .build();
      Map<String, List<Programme>> collected = collect(guide);
      assertEquals(Set.copyOf(guide.channelIds()), collected.keySet());
      for (String channel : guide.channelIds()) {
        checkAgainstGenerator(guide, channel, collected.get(channel));
      }
      byte[] written = write(collected);
      assertEquals(collected, readBack(written));
    }
  }

  @Test
  void writtenGuideValidatesWithTvValidateFile() throws Exception {
    Assumptions.assumeTrue(
        XmltvValidation.available(), "xmltv-util's tv_validate_file is not installed");
    GuideGenerator guide = GuideGenerator.builder().everything().channels(4).days(1).build();
    Path written = dir.resolve("written.xml");
    Files.write(written, write(collect(guide)));
    XmltvValidation.assertValid(written);
    Path generated = dir.resolve("generated.xml");
    try (var out = Files.newOutputStream(generated)) {
      guide.write(out);
    }
    XmltvValidation.assertValid(generated);
  }

  private Map<String, List<Programme>> collect(GuideGenerator guide)
      throws IOException, GuideFormatException {
    ByteArrayOutputStream xml = new ByteArrayOutputStream();
    guide.write(xml);
    long from = guide.start(0);
    long to = guide.start(guide.programmesPerChannel());
    Map<String, List<Programme>> collected = new TreeMap<>();
    try (GuideCollector collector =
            new GuideCollector(dir, Set.copyOf(guide.channelIds()), from, to);
        InputStream in = GuideDecompression.open(new ByteArrayInputStream(xml.toByteArray()))) {
      XmltvReader.Result result = XmltvReader.read(in, collector);
      assertEquals(0, result.skipped());
      assertEquals(guide.channelIds().size() + 2, result.channels());
      collector.forEachChannel(collected::put);
      assertTrue(collector.seenChannels().contains(GuideGenerator.unmappedChannelId(1)));
    }
    return collected;
  }

  private static void checkAgainstGenerator(
      GuideGenerator guide, String channel, List<Programme> programmes) {
    int slots = guide.programmesPerChannel();
    assertEquals(slots, programmes.size());
    for (int slot = 0; slot < slots; slot++) {
      Programme p = programmes.get(slot);
      long start = guide.start(slot);
      boolean lastWithoutStop = slot == slots - 1 && guide.writtenStop(slot) == 0;
      assertEquals(start, p.start(), channel + " slot " + slot);
      assertEquals(lastWithoutStop ? 0 : guide.start(slot + 1), p.stop(), channel + " " + slot);
      assertEquals(GuideGenerator.title(channel, start), p.title().orElseThrow());
      assertEquals(
          GuideGenerator.description(channel, start), p.description().orElse(null), channel);
      assertEquals(GuideGenerator.icon(channel, start), p.icon());
      assertEquals("en", p.texts().get(0).lang());
      assertEquals(
          List.of(TextKind.TITLE, TextKind.SUB_TITLE),
          p.texts().subList(0, 2).stream().map(ProgrammeText::kind).toList());
    }
  }

  private static byte[] write(Map<String, List<Programme>> channels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (XmltvWriter writer = new XmltvWriter(bytes)) {
      writer.begin();
      for (String id : channels.keySet()) {
        writer.channel(id, List.of("Channel " + id), "http://img.test/" + id + ".png");
      }
      for (Map.Entry<String, List<Programme>> e : channels.entrySet()) {
        for (Programme p : e.getValue()) {
          writer.programme(e.getKey(), p);
        }
      }
      writer.end();
    }
    return bytes.toByteArray();
  }

  private static Map<String, List<Programme>> readBack(byte[] xml) throws GuideFormatException {
    Map<String, List<Programme>> read = new LinkedHashMap<>();
    XmltvReader.read(
        new ByteArrayInputStream(xml),
        (channel, p) -> read.computeIfAbsent(channel, k -> new ArrayList<>()).add(p));
    return read;
  }
}
