package io.iptvorigin.stream.slate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.MediaTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slates made by the real FFmpeg, checked with the real ffprobe. */
class SlateLibraryTest {
  private static final SlateProfile MPEG2_SD =
      new SlateProfile(
          new SlateProfile.Video("mpeg2video", 720, 576, "25/1", "yuv420p"),
          new SlateProfile.Audio("mp2", 48000, 2));

  @TempDir Path temp;

  private final List<SlateLibrary> libraries = new ArrayList<>();

  @AfterEach
  void close() {
    libraries.forEach(SlateLibrary::close);
  }

  private SlateLibrary library(int seconds) {
    SlateLibrary library = new SlateLibrary(temp.resolve("slates"), "ffmpeg", "ffprobe", seconds);
    libraries.add(library);
    return library;
  }

  private static <T> T get(CompletableFuture<T> slate) throws Exception {
    return slate.get(60, TimeUnit.SECONDS);
  }

  /** The first timestamp and the end of the last packet of a TS file, 90 kHz, from ffprobe. */
  private static long[] timing(Path file) {
    MediaTools.Result packets =
        MediaTools.run(
            List.of(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "packet=pts,duration",
                "-of",
                "csv=p=0",
                file.toString()));
    assertEquals(0, packets.exit(), packets.output());
    long first = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (String line : packets.output().lines().filter(l -> !l.isBlank()).toList()) {
      String[] fields = line.split(",");
      long pts = Long.parseLong(fields[0]);
      first = Math.min(first, pts);
      end = Math.max(end, pts + Long.parseLong(fields[1]));
    }
    return new long[] {first, end};
  }

  private static String streams(Path file) {
    MediaTools.Result probe =
        MediaTools.probe(
            file.toString(), "stream=codec_name,width,height,pix_fmt,sample_rate,channels");
    assertEquals(0, probe.exit(), probe.output());
    // ffprobe lists a TS file's streams twice (under its program, then on their own), and ends
    // a line that has side data with a comma.
    return String.join(
        "\n",
        probe
            .output()
            .lines()
            .map(l -> l.replaceAll(",+$", ""))
            .filter(l -> !l.isBlank())
            .distinct()
            .toList());
  }

  private static String firstVideoPacketFlags(Path file) {
    MediaTools.Result probe =
        MediaTools.run(
            List.of(
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-read_intervals",
                "%+#1",
                "-show_entries",
                "packet=flags",
                "-of",
                "csv=p=0",
                file.toString()));
    assertEquals(0, probe.exit(), probe.output());
    return probe.output().strip();
  }

  @Test
  void theDefaultAndAnMpeg2SlateHaveTheirCodecsSizeAndAKeyframeFirst() throws Exception {
    SlateLibrary library = library(4);
    Slate h264 = get(library.forProfile(SlateProfile.DEFAULT));
    Slate mpeg2 = get(library.forProfile(MPEG2_SD));

    Path h264File = library.file(SlateProfile.DEFAULT);
    assertEquals("h264,1280,720,yuv420p\naac,48000,2", streams(h264File));
    assertTrue(firstVideoPacketFlags(h264File).startsWith("K"), "keyframe first");
    Path mpeg2File = library.file(MPEG2_SD);
    assertEquals("mpeg2video,720,576,yuv420p\nmp2,48000,2", streams(mpeg2File));
    assertTrue(firstVideoPacketFlags(mpeg2File).startsWith("K"), "keyframe first");

    for (Slate slate : List.of(h264, mpeg2)) {
      assertTrue(
          slate.seconds() > 3.7 && slate.seconds() <= 4.0,
          "under the 4 s segment length, never raising the target duration: " + slate.seconds());
    }
    assertEquals(
        List.of(h264File.getFileName(), mpeg2File.getFileName()),
        Files.list(temp.resolve("slates")).map(Path::getFileName).sorted().toList(),
        "no temporary file left");
  }

  @Test
  void everyCodecOfTheTableCanBeMadeAndOneSideAlone() throws Exception {
    SlateLibrary library = library(1);
    List<SlateProfile> profiles =
        List.of(
            new SlateProfile(
                new SlateProfile.Video("hevc", 320, 180, "50/1", "yuv420p10le"),
                new SlateProfile.Audio("eac3", 48000, 6)),
            new SlateProfile(
                new SlateProfile.Video("h264", 320, 180, "30000/1001", "yuv420p10le"),
                new SlateProfile.Audio("ac3", 44100, 1)),
            new SlateProfile(
                new SlateProfile.Video("mpeg2video", 320, 180, "25/1", "yuv422p"), null),
            new SlateProfile(null, new SlateProfile.Audio("aac", 32000, 2)));
    for (SlateProfile profile : profiles) {
      // read() checks with ffprobe that the file is this profile, or the making fails.
      Slate slate = get(library.forProfile(profile));
      assertEquals(profile, slate.profile());
      assertTrue(
          slate.seconds() > 0.7 && slate.seconds() <= 1.0, profile.key() + " " + slate.seconds());
    }
  }

  @Test
  void aSlateIsMadeOnceAndReadBackAfterARestart() throws Exception {
    SlateLibrary first = library(2);
    CompletableFuture<Slate> one = first.forProfile(SlateProfile.DEFAULT);
    assertSame(one, first.forProfile(SlateProfile.DEFAULT), "one making for both callers");
    Slate made = get(one);
    Path file = first.file(SlateProfile.DEFAULT);
    FileTime written = Files.getLastModifiedTime(file);

    Slate read = get(library(2).forProfile(SlateProfile.DEFAULT));
    assertEquals(written, Files.getLastModifiedTime(file), "not made again");
    assertEquals(made.seconds(), read.seconds(), 1e-9);
  }

  @Test
  void aCorruptSlateFileIsMadeAgain() throws Exception {
    SlateLibrary library = library(2);
    Path file = library.file(SlateProfile.DEFAULT);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {1, 2, 3});
    Slate slate = get(library.forProfile(SlateProfile.DEFAULT));
    assertTrue(slate.size() > 1000);
    assertEquals("h264,1280,720,yuv420p\naac,48000,2", streams(file));
  }

  @Test
  void aSegmentGetsTheSlateOfItsProfile() throws Exception {
    Path segment = temp.resolve("segment.ts");
    MediaTools.Result made =
        MediaTools.run(
            List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=s=640x360:r=30000/1001",
                "-f",
                "lavfi",
                "-i",
                "sine=r=44100",
                "-t",
                "1",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-c:a",
                "aac",
                "-ac",
                "1",
                "-f",
                "mpegts",
                segment.toString()));
    assertEquals(0, made.exit(), made.output());
    SlateCopies copies = get(library(2).forSegment(segment));
    assertEquals(
        new SlateProfile(
            new SlateProfile.Video("h264", 640, 360, "30000/1001", "yuv420p"),
            new SlateProfile.Audio("aac", 44100, 1)),
        copies.slate().profile());
    Path copy = temp.resolve("copy.ts");
    Files.write(copy, copies.next());
    assertEquals(timing(segment)[1], timing(copy)[0], "the slate's clock starts where it ended");
  }

  @Test
  void anUnreadableSegmentGetsTheDefaultSlate() throws Exception {
    Path segment = temp.resolve("gone.ts");
    assertEquals(SlateProfile.DEFAULT, get(library(2).forSegment(segment)).slate().profile());
  }

  @Test
  void copiesOfASlateDecodeAsOneStreamWithTimestampsGoingOn() throws Exception {
    Slate slate = get(library(2).forProfile(SlateProfile.DEFAULT));
    SlateCopies copies = slate.copies();
    Path joined = temp.resolve("joined.ts");
    for (int i = 0; i < 3; i++) {
      Files.write(
          joined,
          copies.next(),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    MediaTools.Result decoded =
        MediaTools.run(
            List.of(
                "ffmpeg", "-nostdin", "-v", "warning", "-i", joined.toString(), "-f", "null", "-"));
    assertEquals(0, decoded.exit());
    assertEquals("", decoded.output(), "no warning: no timestamp going back, no counter jump");
    MediaTools.Result times =
        MediaTools.run(
            List.of(
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-show_entries",
                "packet=pts",
                "-of",
                "csv=p=0",
                joined.toString()));
    long[] pts =
        times
            .output()
            .lines()
            .map(l -> l.split(",")[0])
            .filter(l -> !l.isBlank())
            .mapToLong(Long::parseLong)
            .toArray();
    for (int i = 1; i < pts.length; i++) {
      assertTrue(pts[i] > pts[i - 1], "video pts increase at packet " + i);
    }
    double seconds = (pts[pts.length - 1] - pts[0]) / 90_000.0;
    assertEquals(3 * slate.seconds(), seconds, 0.1, "three slates long");
  }

  @Test
  void aSegmentThatIsNoFileNeverBlocksTheCaller() throws IOException {
    // The probe runs on the library's threads: the call itself returns at once.
    long started = System.nanoTime();
    library(2).forSegment(temp.resolve("missing.ts"));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 500);
  }
}
