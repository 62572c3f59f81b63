package io.iptvorigin.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** ffprobe and ffmpeg pointed at a URL, as a subscriber's tools would be. */
public final class MediaTools {
  /** Exit code (-1: did not finish within a minute) and everything the tool printed. */
  public record Result(int exit, String output) {}

  private MediaTools() {}

  /** {@code ffprobe -v error -show_entries ENTRIES -of csv=p=0 URL}. */
  public static Result probe(String url, String entries) {
    return run(List.of("ffprobe", "-v", "error", "-show_entries", entries, "-of", "csv=p=0", url));
  }

  /**
   * The first video packet of {@code url} as {@code PTS,FLAGS} ({@code K_} for a keyframe): {@code
   * ffprobe -select_streams v:0 -show_entries packet=pts,flags -read_intervals %+#1}.
   */
  public static Result firstVideoPacket(String url) {
    return run(
        List.of(
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "packet=pts,flags",
            "-read_intervals",
            "%+#1",
            "-of",
            "csv=p=0",
            url));
  }

  /**
   * {@code ffmpeg -v error -i URL -t SECONDS -f null -}: prints nothing when the media is sound.
   */
  public static Result read(String url, int seconds) {
    return run(
        List.of(
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            url,
            "-t",
            Integer.toString(seconds),
            "-f",
            "null",
            "-"));
  }

  /**
   * The decode timestamps of the video packets of the first {@code seconds} of {@code url}, in
   * order: {@code ffprobe -select_streams v:0 -show_entries packet=dts_time -read_intervals %+N}.
   */
  public static Result videoPacketTimes(String url, int seconds) {
    return run(
        List.of(
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "packet=dts_time",
            "-of",
            "csv=p=0",
            "-read_intervals",
            "%+" + seconds,
            url));
  }

  /**
   * VLC ({@code cvlc}, which refuses to run as root: as {@code nobody} then) playing {@code url}
   * for {@code seconds}, keeping what it received in {@code dir}/vlc.ts; the result's output is
   * VLC's log. {@code dir} must be writable by that user.
   */
  public static Result vlc(String url, int seconds, java.nio.file.Path dir) {
    List<String> command = new java.util.ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    }
    command.addAll(
        List.of(
            "env",
            "HOME=" + dir,
            "cvlc",
            "-I",
            "dummy",
            "--play-and-exit",
            "--run-time=" + seconds,
            url,
            "--sout",
            "#std{access=file,mux=ts,dst=" + dir.resolve("vlc.ts") + "}"));
    return run(command);
  }

  /** Any ffmpeg or ffprobe command line (or another tool's), its output merged. */
  public static Result run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      // Read before waiting: the output may be larger than the pipe's buffer.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, output);
      }
      return new Result(process.exitValue(), output);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
