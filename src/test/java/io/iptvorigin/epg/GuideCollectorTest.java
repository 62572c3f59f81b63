package io.iptvorigin.epg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuideCollectorTest {
  private static final long FROM = XmltvTime.parse("20240101000000");
  private static final long TO = FROM + 86_400;
  private static final long HOUR = 3600;

  @TempDir Path dir;

  private static Programme programme(long start, long stop, String title) {
    return new Programme(
        start, stop, List.of(new ProgrammeText(TextKind.TITLE, null, title)), null);
  }

  private GuideCollector collector(String... wanted) {
    return new GuideCollector(dir, Set.of(wanted), FROM, TO);
  }

  private static Map<String, List<Programme>> collected(GuideCollector collector)
      throws IOException {
    Map<String, List<Programme>> all = new LinkedHashMap<>();
    collector.forEachChannel(all::put);
    return all;
  }

  private static List<String> titles(List<Programme> programmes) {
    return programmes.stream().map(p -> p.title().orElseThrow()).toList();
  }

  @Test
  void unorderedProgrammesComeBackSortedPerChannel() throws IOException {
    try (GuideCollector c = collector("a.test", "b.test")) {
      c.programme("b.test", programme(FROM + 2 * HOUR, FROM + 3 * HOUR, "b3"));
      c.programme("a.test", programme(FROM + HOUR, FROM + 2 * HOUR, "a2"));
      c.programme("b.test", programme(FROM, FROM + HOUR, "b1"));
      c.programme("a.test", programme(FROM, FROM + HOUR, "a1"));
      c.programme("b.test", programme(FROM + HOUR, FROM + 2 * HOUR, "b2"));
      Map<String, List<Programme>> all = collected(c);
      assertEquals(List.of("a.test", "b.test"), List.copyOf(all.keySet()));
      assertEquals(List.of("a1", "a2"), titles(all.get("a.test")));
      assertEquals(List.of("b1", "b2", "b3"), titles(all.get("b.test")));
      assertEquals(5, c.keptProgrammes());
    }
  }

  @Test
  void onlyProgrammesOverlappingTheWindowAreKept() throws IOException {
    try (GuideCollector c = collector("a.test")) {
      c.programme("a.test", programme(FROM - 2 * HOUR, FROM - HOUR, "before"));
      c.programme("a.test", programme(FROM - HOUR, FROM, "ends at from"));
      c.programme("a.test", programme(FROM - HOUR, FROM + 1, "overlaps from"));
      c.programme("a.test", programme(FROM + HOUR, FROM + 2 * HOUR, "inside"));
      c.programme("a.test", programme(TO - 1, TO + HOUR, "overlaps to"));
      c.programme("a.test", programme(TO, TO + HOUR, "starts at to"));
      c.programme("a.test", programme(FROM - 1, 0, "open before from"));
      c.programme("a.test", programme(FROM, 0, "open at from"));
      c.programme("a.test", programme(TO, 0, "open at to"));
      assertEquals(
          List.of("overlaps from", "open at from", "inside", "overlaps to"),
          titles(collected(c).get("a.test")));
    }
  }

  @Test
  void unwantedChannelsAreSeenButNotKept() throws IOException {
    try (GuideCollector c = collector("a.test", "never.test")) {
      c.channel("declared.test");
      c.programme("other.test", programme(FROM, FROM + HOUR, "x"));
      c.programme("a.test", programme(FROM, FROM + HOUR, "a"));
      assertEquals(Set.of("declared.test", "other.test", "a.test"), c.seenChannels());
      assertEquals(Set.of("a.test"), collected(c).keySet());
      assertEquals(1, c.keptProgrammes());
    }
  }

  @Test
  void sameStartsAreKeptOnceFirstListedWins() throws IOException {
    try (GuideCollector c = collector("a.test")) {
      c.programme("a.test", programme(FROM + HOUR, FROM + 2 * HOUR, "first"));
      c.programme("a.test", programme(FROM, FROM + HOUR, "earlier"));
      c.programme("a.test", programme(FROM + HOUR, FROM + 3 * HOUR, "second"));
      c.programme("a.test", programme(FROM + HOUR, 0, "third"));
      assertEquals(List.of("earlier", "first"), titles(collected(c).get("a.test")));
    }
  }

  @Test
  void unknownStopsBecomeTheNextStartButTheLastStaysUnknown() throws IOException {
    try (GuideCollector c = collector("a.test")) {
      c.programme("a.test", programme(FROM + 2 * HOUR, 0, "3"));
      c.programme("a.test", programme(FROM, 0, "1"));
      c.programme("a.test", programme(FROM + HOUR, FROM + 90 * 60, "2"));
      List<Programme> programmes = collected(c).get("a.test");
      assertEquals(
          List.of(FROM + HOUR, FROM + 90 * 60, 0L),
          programmes.stream().map(Programme::stop).toList());
    }
  }

  @Test
  void listsHandedOverAreUnmodifiable() throws IOException {
    try (GuideCollector c = collector("a.test")) {
      c.programme("a.test", programme(FROM, 0, "1"));
      c.forEachChannel(
          (id, programmes) ->
              assertThrows(UnsupportedOperationException.class, () -> programmes.remove(0)));
    }
  }

  @Test
  void theSpillIsDeletedOnClose() throws IOException {
    GuideCollector c = collector("a.test");
    c.programme("a.test", programme(FROM, 0, "1"));
    Path spill = c.spillFile();
    assertTrue(Files.exists(spill));
    assertEquals(dir, spill.getParent());
    assertTrue(spill.getFileName().toString().startsWith("guide-"));
    assertTrue(spill.getFileName().toString().endsWith(".spill"));
    c.close();
    assertFalse(Files.exists(spill));
    c.close();
    assertThrows(IllegalStateException.class, () -> c.forEachChannel((id, p) -> {}));
    assertThrows(IllegalStateException.class, () -> c.programme("a.test", programme(FROM, 0, "2")));
  }

  @Test
  void anUnusableWorkDirFailsAtOnce() {
    Path missing = dir.resolve("missing");
    assertThrows(
        java.io.UncheckedIOException.class,
        () -> new GuideCollector(missing, Set.of("a.test"), FROM, TO));
  }

  @Test
  void aWindowEndingBeforeItStartsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new GuideCollector(dir, Set.of(), TO, FROM));
  }

  @Test
  void programmesOfAnySizeComeBackWhole() throws IOException {
    List<ProgrammeText> texts = new ArrayList<>();
    texts.add(new ProgrammeText(TextKind.TITLE, "ja", "東".repeat(4096)));
    for (int i = 0; i < 15; i++) {
      texts.add(new ProgrammeText(TextKind.DESC, "ja", ("京" + i).repeat(2048)));
    }
    Programme big = new Programme(FROM, FROM + HOUR, texts, "https://i.test/" + "x".repeat(2000));
    try (GuideCollector c = collector("a.test", "b.test")) {
      c.programme("a.test", programme(FROM, 0, "small"));
      c.programme("b.test", big);
      c.programme("a.test", programme(FROM + HOUR, 0, "small 2"));
      Map<String, List<Programme>> all = collected(c);
      assertEquals(List.of(big), all.get("b.test"));
      assertEquals(List.of("small", "small 2"), titles(all.get("a.test")));
    }
  }

  @Test
  void manyChannelsInRandomOrderMatchWhatWasGiven() throws IOException {
    Random random = new Random(3);
    List<String[]> given = new ArrayList<>();
    for (int channel = 0; channel < 40; channel++) {
      for (int slot = 0; slot < 300; slot++) {
        given.add(new String[] {"ch" + channel + ".test", Integer.toString(slot)});
      }
    }
    Collections.shuffle(given, random);
    Map<String, List<Programme>> expected = new TreeMap<>();
    try (GuideCollector c = new GuideCollector(dir, wantedChannels(40), FROM, FROM + 300 * 600)) {
      for (String[] g : given) {
        long start = FROM + Long.parseLong(g[1]) * 600;
        String title = g[0] + " " + g[1] + " " + "é".repeat(random.nextInt(500));
        Programme p = programme(start, start + 600, title);
        c.programme(g[0], p);
        expected.computeIfAbsent(g[0], k -> new ArrayList<>()).add(p);
      }
      expected.values().forEach(list -> list.sort((a, b) -> Long.compare(a.start(), b.start())));
      assertEquals(expected, collected(c));
      assertEquals(12_000, c.keptProgrammes());
    }
  }

  @Test
  void aChannelKeepsAtMostItsLimit() throws IOException {
    try (GuideCollector c = new GuideCollector(dir, Set.of("a.test"), 0, Long.MAX_VALUE)) {
      for (int i = 0; i < GuideCollector.MAX_PER_CHANNEL + 10; i++) {
        c.programme("a.test", programme(FROM + i, 0, "p"));
      }
      assertEquals(GuideCollector.MAX_PER_CHANNEL, c.keptProgrammes());
      assertEquals(10, c.droppedProgrammes());
      c.forEachChannel(
          (id, programmes) -> assertEquals(GuideCollector.MAX_PER_CHANNEL, programmes.size()));
    }
  }

  @Test
  void seenChannelsAreCapped() {
    try (GuideCollector c = collector()) {
      for (int i = 0; i < GuideCollector.MAX_SEEN_CHANNELS + 5; i++) {
        c.channel("c" + i + ".test");
      }
      assertEquals(GuideCollector.MAX_SEEN_CHANNELS, c.seenChannels().size());
    }
  }

  private static Set<String> wantedChannels(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("ch" + i + ".test");
    }
    return Set.copyOf(ids);
  }
}
