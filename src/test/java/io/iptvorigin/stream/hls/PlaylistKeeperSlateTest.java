package io.iptvorigin.stream.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.slate.SlateLibrary;
import io.iptvorigin.support.MediaTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keeper with real FFmpeg runs and real slates in a temporary HLS directory (no WildFly): what
 * a player sees when a channel loses its source and gets it back.
 */
class PlaylistKeeperSlateTest {
  private static final String CHANNEL = "42";

  @TempDir static Path slateDir;
  private static SlateLibrary library;

  @TempDir Path hls;
  private PlaylistKeeper keeper;
  private HlsPaths paths;

  /** Every media sequence number seen, with the segment it named. */
  private final Map<Long, String> named = new HashMap<>();

  private long lastSequence = -1;

  @BeforeAll
  static void library() {
    // Shared: a profile's slate is made once for all the tests, as in the application.
    library = new SlateLibrary(slateDir, "ffmpeg", "ffprobe", 1);
  }

  @AfterAll
  static void closeLibrary() {
    library.close();
  }

  private void keeper(int playlistSize) throws IOException {
    paths = new HlsPaths(hls);
    Files.createDirectories(paths.runsDir());
    StreamSettings settings = mock(StreamSettings.class);
    when(settings.hls()).thenReturn(new StreamSettings.HlsOptions(1, 1.0, playlistSize));
    keeper = new PlaylistKeeper();
    keeper.paths = paths;
    keeper.settings = settings;
    keeper.clock = new Clock();
    keeper.slates = library;
    keeper.init();
  }

  @AfterEach
  void close() {
    if (keeper != null) {
      keeper.close();
    }
  }

  /** One FFmpeg run as FfmpegCommand writes it: three 1 s segments, its playlist in runs/. */
  private void run(String runId, String size) {
    MediaTools.Result ffmpeg =
        MediaTools.run(
            List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=s=" + size + ":r=25",
                "-f",
                "lavfi",
                "-i",
                "sine=r=48000",
                "-t",
                "3",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "25",
                "-c:a",
                "aac",
                "-ac",
                "2",
                "-f",
                "hls",
                "-hls_time",
                "1",
                "-hls_list_size",
                "6",
                "-hls_flags",
                "delete_segments+independent_segments+temp_file+omit_endlist+program_date_time",
                "-hls_start_number_source",
                "epoch",
                "-hls_segment_filename",
                paths.segmentPattern(CHANNEL, runId).toString(),
                paths.runPlaylist(CHANNEL).toString()));
    assertEquals(0, ffmpeg.exit(), ffmpeg.output());
  }

  private String playlistText() throws IOException {
    return Files.readString(paths.playlist(CHANNEL));
  }

  /** The published playlist, checked against every earlier one: numbers only grow, never reused. */
  private ChannelPlaylist playlist() throws IOException {
    ChannelPlaylist playlist = ChannelPlaylist.parse(playlistText(), 1);
    long sequence = playlist.mediaSequence();
    for (ChannelPlaylist.Entry entry : playlist.entries()) {
      String before = named.putIfAbsent(sequence, entry.uri());
      assertTrue(
          before == null || before.equals(entry.uri()),
          "sequence " + sequence + " named " + before + ", now " + entry.uri());
      sequence++;
    }
    assertTrue(sequence - 1 >= lastSequence, "the media sequence never goes back");
    lastSequence = sequence - 1;
    return playlist;
  }

  private List<ChannelPlaylist.Entry> entriesOf(ChannelPlaylist playlist, String run) {
    return playlist.entries().stream().filter(e -> e.run().equals(run)).toList();
  }

  private ChannelPlaylist awaitPlaylist(Predicate<ChannelPlaylist> until) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      ChannelPlaylist playlist = playlist();
      if (until.test(playlist)) {
        return playlist;
      }
      assertTrue(System.nanoTime() < deadline, "waited 30 s for the playlist: " + playlistText());
      Thread.sleep(100);
    }
  }

  private static String slateRun(ChannelPlaylist playlist) {
    return playlist.entries().stream()
        .map(ChannelPlaylist.Entry::run)
        .filter(r -> !r.equals("aaaaaaaa") && !r.equals("bbbbbbbb"))
        .findFirst()
        .orElseThrow();
  }

  private static long slateCount(ChannelPlaylist playlist) {
    return playlist.entries().stream()
        .filter(e -> !e.run().equals("aaaaaaaa") && !e.run().equals("bbbbbbbb"))
        .count();
  }

  @Test
  void realThenSlateThenRealGoesOnWithDiscontinuitiesAndDecodesCleanly() throws Exception {
    keeper(20);
    run("aaaaaaaa", "640x360");
    keeper.accept(CHANNEL, "aaaaaaaa");
    assertEquals(3, playlist().entries().size());

    assertTrue(keeper.startSlate(CHANNEL, true));
    assertTrue(keeper.isSlating(CHANNEL));
    assertTrue(keeper.startSlate(CHANNEL, true), "already on the slate");
    ChannelPlaylist slating = awaitPlaylist(p -> slateCount(p) >= 3);
    String slate = slateRun(slating);
    List<ChannelPlaylist.Entry> slates = entriesOf(slating, slate);
    assertTrue(slates.get(0).discontinuity(), "a discontinuity before the first slate segment");
    assertTrue(slates.stream().skip(1).noneMatch(ChannelPlaylist.Entry::discontinuity));
    for (ChannelPlaylist.Entry entry : slates) {
      assertTrue(HlsPaths.belongsTo(CHANNEL, entry.uri()), entry.uri());
      assertTrue(Files.exists(hls.resolve(entry.uri())), entry.uri());
      assertTrue(entry.seconds() > 0.7 && entry.seconds() <= 1.0, "real length " + entry.seconds());
      assertTrue(entry.programDateTime() != null);
    }
    assertTrue(
        slates.get(0).programDateTime().compareTo(slates.get(1).programDateTime()) < 0,
        "dates go on");

    run("bbbbbbbb", "320x240");
    keeper.accept(CHANNEL, "bbbbbbbb");
    assertFalse(keeper.isSlating(CHANNEL), "accept ends the slate");
    int slatesAtAccept = entriesOf(playlist(), slate).size();
    Thread.sleep(2500);
    ChannelPlaylist after = playlist();
    assertEquals(slatesAtAccept, entriesOf(after, slate).size(), "no slate after accept");
    List<ChannelPlaylist.Entry> real = entriesOf(after, "bbbbbbbb");
    assertEquals(3, real.size());
    assertTrue(real.get(0).discontinuity(), "the next real run has its own discontinuity");
    assertEquals(2, after.entries().stream().filter(ChannelPlaylist.Entry::discontinuity).count());

    // The whole window read as a player would (ended, so ffmpeg reads it through and stops).
    Path ended = hls.resolve("ended.m3u8");
    Files.writeString(ended, playlistText() + "#EXT-X-ENDLIST\n");
    MediaTools.Result decoded =
        MediaTools.run(
            List.of(
                "ffmpeg", "-nostdin", "-v", "error", "-i", ended.toString(), "-f", "null", "-"));
    assertEquals(0, decoded.exit());
    assertEquals("", decoded.output(), "decodes cleanly across real, slate, real");
  }

  @Test
  void slateSegmentsAndTheRunsBeforeRollOffAndAreDeleted() throws Exception {
    keeper(4);
    run("aaaaaaaa", "640x360");
    keeper.accept(CHANNEL, "aaaaaaaa");
    assertTrue(keeper.startSlate(CHANNEL, true));
    ChannelPlaylist slating = awaitPlaylist(p -> slateCount(p) == 4 && named.size() >= 8);
    String slate = slateRun(slating);
    assertEquals(1, slating.discontinuitySequence(), "the slate's mark left the window");
    assertFalse(slating.render().contains("#EXT-X-DISCONTINUITY\n"));

    run("bbbbbbbb", "640x360");
    keeper.accept(CHANNEL, "bbbbbbbb");
    ChannelPlaylist after = playlist();
    assertEquals(3, entriesOf(after, "bbbbbbbb").size());
    assertEquals(1, entriesOf(after, slate).size());
    assertTrue(entriesOf(after, "bbbbbbbb").get(0).discontinuity());

    List<String> files;
    try (Stream<Path> list = Files.list(hls)) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ts")).toList();
    }
    List<String> listed = after.entries().stream().map(ChannelPlaylist.Entry::uri).toList();
    List<String> unlisted = new ArrayList<>(files);
    unlisted.removeAll(listed);
    assertTrue(unlisted.size() <= 2, "only the last two that left are kept a while: " + unlisted);
    assertTrue(
        unlisted.stream().noneMatch(n -> n.contains("_aaaaaaaa_")), "run a's are gone: " + files);
  }

  @Test
  void aColdChannelHasNoSlate() throws Exception {
    keeper(6);
    assertFalse(keeper.startSlate(CHANNEL, true), "no playlist: the player gets its 503");
    assertFalse(keeper.isSlating(CHANNEL));
  }

  @Test
  void aChannelWithTheSlateOffHasNone() throws Exception {
    keeper(6);
    run("aaaaaaaa", "640x360");
    keeper.accept(CHANNEL, "aaaaaaaa");
    assertFalse(keeper.startSlate(CHANNEL, false));
    assertFalse(keeper.isSlating(CHANNEL));
    assertTrue(keeper.startSlate(CHANNEL, true));
    assertFalse(keeper.startSlate(CHANNEL, false), "turning it off stops it");
    assertFalse(keeper.isSlating(CHANNEL));
  }

  @Test
  void stopSlateHandsThePlaylistBackToTheRunAndARunIgnoredMeanwhileResumes() throws Exception {
    keeper(20);
    run("aaaaaaaa", "640x360");
    keeper.accept(CHANNEL, "aaaaaaaa");
    assertTrue(keeper.startSlate(CHANNEL, true));
    ChannelPlaylist slating = awaitPlaylist(p -> slateCount(p) >= 1);
    String slate = slateRun(slating);

    keeper.runPlaylistChanged(CHANNEL);
    assertEquals(3, entriesOf(playlist(), "aaaaaaaa").size(), "the run's playlist is not read");
    keeper.stopSlate(CHANNEL);
    assertFalse(keeper.isSlating(CHANNEL));
    int slates = entriesOf(playlist(), slate).size();
    Thread.sleep(1500);
    assertEquals(slates, entriesOf(playlist(), slate).size(), "no slate after stop");

    // The same run taken back: its old segments are not listed again.
    keeper.accept(CHANNEL, "aaaaaaaa");
    assertEquals(3, entriesOf(playlist(), "aaaaaaaa").size());
  }

  @Test
  void aStoppedChannelsSlateEndsWithItsFiles() throws Exception {
    keeper(6);
    run("aaaaaaaa", "640x360");
    keeper.accept(CHANNEL, "aaaaaaaa");
    assertTrue(keeper.startSlate(CHANNEL, true));
    awaitPlaylist(p -> slateCount(p) >= 1);
    paths.removeAll(CHANNEL);
    Thread.sleep(1500);
    assertFalse(keeper.isSlating(CHANNEL));
    assertFalse(Files.exists(paths.playlist(CHANNEL)), "not written again");
  }
}
