package io.iptvorigin.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A viewer that notes when it sees each frame: {@code ffmpeg} reading {@code url} as a player does
 * and decoding its video ({@code showinfo} prints a line per frame), each frame line stamped with
 * {@link System#nanoTime()} on arrival. Tests and benches ask when the first frame after an instant
 * came.
 */
public final class FrameWatcher implements AutoCloseable {
  private final Process ffmpeg;
  // ffmpeg's HLS demuxer, at -loglevel verbose: "Opening '.../stream_ID_RUN_N.ts' for reading".
  private static final Pattern OPENING =
      Pattern.compile("Opening '[^']*/stream_[A-Za-z0-9_-]+_([0-9a-f]{8})_[0-9]+\\.ts'");

  private final ConcurrentSkipListSet<Long> frames = new ConcurrentSkipListSet<>();
  private final TreeMap<Long, String> openings = new TreeMap<>(); // guarded by itself
  private final Thread reader;

  private FrameWatcher(Process ffmpeg) {
    this.ffmpeg = ffmpeg;
    this.reader = new Thread(this::read, "frame-watcher");
    reader.setDaemon(true);
    reader.start();
  }

  /** Decodes as fast as segments come (a player's downloads). */
  public static FrameWatcher watch(String url) {
    return start(List.of(), url);
  }

  /**
   * Decodes at the media's own pace ({@code -re}), a player's playback: it plays from its buffer of
   * the segments it fetched, so a gap between frames is playback that stopped.
   */
  public static FrameWatcher watchInRealTime(String url) {
    return start(List.of("-re"), url);
  }

  private static FrameWatcher start(List<String> inputOptions, String url) {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner"));
    command.addAll(List.of("-loglevel", "verbose"));
    command.addAll(inputOptions);
    command.addAll(List.of("-i", url, "-map", "0:v:0", "-vf", "showinfo", "-f", "null", "-"));
    try {
      return new FrameWatcher(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new IllegalStateException("ffmpeg cannot start", e);
    }
  }

  /**
   * The first frame decoded from a run (an FFmpeg process, a segment name's middle part) that the
   * viewer had not opened a segment of before {@code since}: after a node's death, the first frame
   * of the node that took the channel over. Frames of segments fetched before still arrive just
   * after the death and say nothing.
   */
  public OptionalLong firstFrameOfANewRunAfter(long since) {
    Set<String> before = new HashSet<>();
    long opened = -1;
    synchronized (openings) {
      for (Map.Entry<Long, String> open : openings.entrySet()) {
        if (open.getKey() < since) {
          before.add(open.getValue());
        } else if (!before.contains(open.getValue())) {
          opened = open.getKey();
          break;
        }
      }
    }
    return opened < 0 ? OptionalLong.empty() : firstFrameAfter(opened);
  }

  /** The longest time without a frame between {@code from} and {@code to} (nanoTime). */
  public long longestGapNanos(long from, long to) {
    long previous = from;
    long longest = 0;
    for (long frame : frames.subSet(from, true, to, true)) {
      longest = Math.max(longest, frame - previous);
      previous = frame;
    }
    return Math.max(longest, to - previous);
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(ffmpeg.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        long now = System.nanoTime();
        if (line.contains("showinfo") && line.contains(" n:") && line.contains("pts_time:")) {
          frames.add(now);
        }
        Matcher segment = OPENING.matcher(line);
        if (segment.find()) {
          synchronized (openings) {
            openings.put(now, segment.group(1));
          }
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  /** When the first frame at or after {@code nanos} arrived, if one did. */
  public OptionalLong firstFrameAfter(long nanos) {
    Long frame = frames.ceiling(nanos);
    return frame == null ? OptionalLong.empty() : OptionalLong.of(frame);
  }

  /** Waits up to {@code millis} for a frame at or after {@code nanos}. */
  public OptionalLong awaitFrameAfter(long nanos, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      OptionalLong frame = firstFrameAfter(nanos);
      if (frame.isPresent()) {
        return frame;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return firstFrameAfter(nanos);
  }

  public boolean alive() {
    return ffmpeg.isAlive();
  }

  @Override
  public void close() {
    ffmpeg.destroy();
    try {
      if (!ffmpeg.waitFor(5, TimeUnit.SECONDS)) {
        ffmpeg.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ffmpeg.destroyForcibly();
    }
  }
}
