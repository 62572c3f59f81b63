package io.iptvorigin.stream.ffmpeg;

import io.iptvorigin.common.Credentials;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FFmpeg's stderr, one file per channel. A file rather than a pipe: FFmpeg must never block on a
 * full pipe, and an adopted FFmpeg (after a redeploy) keeps logging where the API can read it. Kept
 * bounded by {@link #trim} (FFmpeg writes with O_APPEND, so truncation is safe). Files are 0640 in
 * a 0750 directory: FFmpeg's words may name upstream hosts and paths. FFmpeg never gets URL
 * credentials (they go in a header, {@link FfmpegCommand}), and what this class hands out is
 * redacted all the same ({@link Credentials}). Holds no state but the directory, hence
 * {@code @Dependent}.
 */
@Dependent
public final class FfmpegLog {
  static final long MAX_BYTES = 1024 * 1024;
  static final int KEEP_BYTES = 256 * 1024;
  private static final Pattern COPY_INCOMPATIBLE =
      Pattern.compile(
          "(?i)(codec not currently supported in container|could not find tag for codec"
              + "|incorrect codec parameters|malformed aac bitstream|h264 bitstream malformed"
              + "|packet header is not contained in global extradata"
              // MPEG-TS takes codecs it cannot carry as opaque data: it "works" and plays nothing.
              + "|muxed as a private data stream)");

  // FFmpeg's progress report (-stats), rewritten in place with \r: "frame= 51 ... time=00:00:01.88
  // bitrate=N/A speed=0.934x". Audio-only outputs start at "size=".
  private static final Pattern STATS_LINE = Pattern.compile("^\\s*(frame|size)=.*\\btime=");
  private static final Pattern STATS_TIME =
      Pattern.compile("\\btime=(-?)(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");
  private static final Pattern STATS_SPEED =
      Pattern.compile("\\bspeed=\\s*([0-9]+(?:\\.[0-9]+)?)x");
  private static final int PROGRESS_BYTES = 2048;

  private final Path dir;

  @Inject
  FfmpegLog(StreamSettings settings) {
    this(settings.logDir());
  }

  public FfmpegLog(Path dir) {
    this.dir = dir;
  }

  Path file(String channelId) {
    return dir.resolve("stream_" + channelId + ".log");
  }

  /** Starts a run's section in the log and returns the file FFmpeg's stderr appends to. */
  public Path beginRun(String channelId, String runId, StreamMode mode, Instant now)
      throws IOException {
    Files.createDirectories(dir);
    restrict(dir, "rwxr-x---");
    Path file = file(channelId);
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
    }
    restrict(file, "rw-r-----");
    trim(file);
    Files.writeString(
        file,
        "=== " + now + " run=" + runId + " mode=" + mode.wireName() + " ===\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return file;
  }

  /** The last {@code lines} lines of the channel's log (empty when there is none). */
  public List<String> tail(String channelId, int lines) {
    Path file = file(channelId);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      int size = (int) Math.min(length, 64 * 1024);
      byte[] bytes = new byte[size];
      raf.seek(length - size);
      raf.readFully(bytes);
      // Progress reports are for the supervisor (mediaTime), not for people reading the log.
      List<String> all =
          Arrays.stream(
                  Credentials.redact(new String(bytes, StandardCharsets.UTF_8)).split("[\r\n]+"))
              .filter(l -> !STATS_LINE.matcher(l).find())
              .toList();
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * The output media time (seconds) of FFmpeg's latest progress report in the current run's section
   * of the log; empty before the run's first report (still probing, or an FFmpeg started without
   * {@code -stats}). It stops advancing when the upstream sends nothing.
   */
  public Optional<Double> mediaTime(String channelId) {
    Matcher time = STATS_TIME.matcher(currentRunTail(channelId));
    Double last = null;
    try {
      while (time.find()) {
        double seconds =
            Long.parseLong(time.group(2)) * 3600
                + Long.parseLong(time.group(3)) * 60
                + Double.parseDouble(time.group(4));
        last = time.group(1).isEmpty() ? seconds : -seconds;
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(last);
  }

  /**
   * FFmpeg's speed in its latest progress report of the current run (media seconds per wall second:
   * 1.0 is real time); empty before the first report.
   */
  public Optional<Double> speed(String channelId) {
    Matcher speed = STATS_SPEED.matcher(currentRunTail(channelId));
    String last = null;
    while (speed.find()) {
      last = speed.group(1);
    }
    try {
      return Optional.ofNullable(last).map(Double::parseDouble);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The end of the log, from the current run's header on when that is in it. */
  private String currentRunTail(String channelId) {
    Path file = file(channelId);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      int size = (int) Math.min(length, PROGRESS_BYTES);
      byte[] bytes = new byte[size];
      raf.seek(length - size);
      raf.readFully(bytes);
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int section = text.lastIndexOf("=== ");
      if (section < 0 && length > size) {
        section = 0; // the run's header is further back: all of this is the current run
      }
      return section < 0 ? text : text.substring(section);
    } catch (IOException e) {
      return "";
    }
  }

  /** Adds a line of the supervisor's (a source switch) to the channel's log, for the log API. */
  public void note(String channelId, String line) {
    try {
      Files.writeString(
          file(channelId),
          "--- " + line + " ---\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      // No log yet (the channel never ran here): the switch is still in the application log.
    }
  }

  /** The last line FFmpeg wrote, for a one-line failure reason. */
  public String lastLine(String channelId) {
    List<String> tail = tail(channelId, 1);
    return tail.isEmpty() ? "" : tail.get(0).strip();
  }

  /** Whether the run's output says stream copy cannot work for this upstream (codec or muxer). */
  public boolean saysCopyIsImpossible(String channelId) {
    List<String> lines = tail(channelId, 30);
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("=== ")) {
        start = i;
      }
    }
    return lines.subList(start, lines.size()).stream()
        .anyMatch(l -> COPY_INCOMPATIBLE.matcher(l).find());
  }

  /** Keeps the file under {@link #MAX_BYTES}: cuts it down to its last {@link #KEEP_BYTES}. */
  void trim(Path file) {
    try {
      if (!Files.exists(file) || Files.size(file) <= MAX_BYTES) {
        return;
      }
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        byte[] keep = new byte[KEEP_BYTES];
        raf.seek(raf.length() - KEEP_BYTES);
        raf.readFully(keep);
        raf.setLength(0);
        raf.seek(0);
        raf.write(keep);
      }
    } catch (IOException e) {
      // An untrimmed log is only larger; the next sweep tries again.
    }
  }

  /** Deletes the channel's log (the channel was deleted). */
  public void remove(String channelId) {
    try {
      Files.deleteIfExists(file(channelId));
    } catch (IOException e) {
      // Left behind, it is only a stale file: the next run of that id appends to it.
    }
  }

  private static void restrict(Path path, String permissions) {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (IOException | UnsupportedOperationException e) {
      // Not ours to change (another owner) or no POSIX permissions: leave it as it is.
    }
  }

  public void trimAll() {
    try (var files = Files.list(dir)) {
      files.filter(f -> f.getFileName().toString().endsWith(".log")).forEach(this::trim);
    } catch (IOException e) {
      // No log directory yet: nothing to trim.
    }
  }
}
