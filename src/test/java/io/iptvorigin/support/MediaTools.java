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

  private static Result run(List<String> command) {
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
