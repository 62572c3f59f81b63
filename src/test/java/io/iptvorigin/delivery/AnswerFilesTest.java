package io.iptvorigin.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.common.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerFilesTest {
  @TempDir Path temp;

  private Instant now = Instant.parse("2026-12-02T00:00:00Z");
  private AnswerFiles files;
  private final AtomicInteger renders = new AtomicInteger();

  @BeforeEach
  void setUp() {
    files = answerFiles(1_000_000);
  }

  private AnswerFiles answerFiles(long maxBytes) {
    AnswerFiles answerFiles = new AnswerFiles();
    answerFiles.clock =
        new Clock() {
          @Override
          public Instant now() {
            return now;
          }
        };
    answerFiles.maxBytes = maxBytes;
    answerFiles.idleSeconds = 600;
    answerFiles.init(temp.resolve("answers"));
    return answerFiles;
  }

  private PlainAndGzipFile.Body body(String text) {
    return out -> {
      renders.incrementAndGet();
      out.write(text.getBytes(StandardCharsets.UTF_8));
    };
  }

  private Path file(String name) {
    return temp.resolve("answers").resolve(name);
  }

  @Test
  void writesTheFileAndItsGzipOnceThenReusesIt() throws IOException {
    String name = files.name("playlist", "m3u", "7", "http://h/live/t");
    assertEquals(Optional.of(name), files.publish(name, body("#EXTM3U\nabc\n")));
    assertEquals(Optional.of(name), files.publish(name, body("#EXTM3U\nabc\n")));
    assertEquals(1, renders.get());
    assertEquals("#EXTM3U\nabc\n", Files.readString(file(name)));
    try (var gzip = new GZIPInputStream(Files.newInputStream(file(name + ".gz")))) {
      assertArrayEquals(Files.readAllBytes(file(name)), gzip.readAllBytes());
    }
    try (var left = Files.list(temp.resolve("answers"))) {
      assertEquals(2, left.count(), "no temporary file left behind");
    }
  }

  @Test
  void aFileDeletedUnderneathIsWrittenAgain() throws IOException {
    String name = files.name("playlist", "m3u", "1");
    files.publish(name, body("a"));
    Files.delete(file(name));
    files.publish(name, body("a"));
    assertEquals(2, renders.get());
    assertTrue(Files.exists(file(name)));
  }

  @Test
  void namesDependOnEveryPartAndItsBoundaries() {
    String name = files.name("xtream-streams", "json", "ab", "c");
    assertTrue(name.matches("xtream-streams-[0-9a-f]{40}\\.json"), name);
    assertEquals(name, files.name("xtream-streams", "json", "ab", "c"));
    assertNotEquals(name, files.name("xtream-streams", "json", "a", "bc"));
    assertNotEquals(name, files.name("xtream-streams", "json", "ab", "d"));
    // Another process (a redeploy) has another key: its names cannot be derived from ours.
    assertNotEquals(name, answerFiles(1).name("xtream-streams", "json", "ab", "c"));
  }

  @Test
  void overTheByteBudgetTheLeastRecentlyUsedGoFirst() throws IOException {
    files = answerFiles(2_500);
    String a = files.name("playlist", "m3u", "a");
    String b = files.name("playlist", "m3u", "b");
    String c = files.name("playlist", "m3u", "c");
    files.publish(a, body("x".repeat(1000)));
    now = now.plusSeconds(1);
    files.publish(b, body("y".repeat(1000)));
    now = now.plusSeconds(1);
    files.publish(a, body("unused: already there"));
    now = now.plusSeconds(1);
    files.publish(c, body("z".repeat(1000)));
    assertTrue(Files.exists(file(a)), "used most recently but one");
    assertFalse(Files.exists(file(b)), "the least recently used");
    assertFalse(Files.exists(file(b + ".gz")));
    assertTrue(Files.exists(file(c)));
    assertTrue(files.totalBytes() <= 2_500, Long.toString(files.totalBytes()));
  }

  @Test
  void filesUnusedForTheIdlePeriodAreDeleted() {
    String old = files.name("xtream-playlist", "m3u", "old");
    String fresh = files.name("xtream-playlist", "m3u", "fresh");
    files.publish(old, body("password inside"));
    now = now.plusSeconds(601);
    files.publish(fresh, body("new"));
    assertFalse(Files.exists(file(old)));
    assertFalse(Files.exists(file(old + ".gz")));
    assertTrue(Files.exists(file(fresh)));
  }

  @Test
  void startRemovesWhatAnEarlierProcessLeft() throws IOException {
    Path stale = file("playlist-0123456789012345678901234567890123456789.m3u");
    Files.writeString(stale, "stale");
    answerFiles(1_000);
    assertFalse(Files.exists(stale));
    assertEquals(
        "rwx--x--x",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("answers"))));
  }

  @Test
  void aNameThatIsNotOneOfOursIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> files.publish("../x.m3u", body("x")));
    assertThrows(IllegalArgumentException.class, () -> files.publish("a.sh", body("x")));
  }

  @Test
  void aFailedRenderLeavesNoFileAndSaysSo() {
    String name = files.name("playlist", "m3u", "broken");
    Optional<String> published =
        files.publish(
            name,
            out -> {
              out.write('x');
              throw new IOException("disk full");
            });
    assertEquals(Optional.empty(), published);
    assertFalse(Files.exists(file(name)));
    assertEquals(0, files.totalBytes());
  }
}
