package io.iptvorigin.stream.slate;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of ffmpeg or ffprobe to its end, killed when it takes longer than allowed: its output
 * goes to temporary files, not pipes, so nothing blocks on a full pipe and the time limit needs no
 * reader thread.
 */
final class ToolRun {
  private static final int MAX_OUTPUT = 8 << 20;

  /** What the tool printed, once it exited with 0. */
  record Output(String stdout, String stderr) {}

  private ToolRun() {}

  /** Runs {@code command}; an exit other than 0, or running past {@code limit}, is an exception. */
  static Output run(List<String> command, Duration limit) throws IOException {
    Path out = Files.createTempFile("iptv-slate-", ".out");
    Path err = Files.createTempFile("iptv-slate-", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      boolean exited;
      try {
        exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException(command.get(0) + " interrupted");
      }
      if (!exited) {
        process.destroyForcibly();
        throw new IOException(command.get(0) + " took longer than " + limit.toSeconds() + " s");
      }
      String stderr = read(err);
      if (process.exitValue() != 0) {
        throw new IOException(
            command.get(0) + " exit " + process.exitValue() + ": " + lastLine(stderr));
      }
      return new Output(read(out), stderr);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String read(Path file) throws IOException {
    if (Files.size(file) > MAX_OUTPUT) {
      throw new IOException("tool output over " + MAX_OUTPUT + " bytes");
    }
    // Lossy on purpose: an error message may carry bytes that are not UTF-8.
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static String lastLine(String text) {
    String trimmed = text.strip();
    return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
  }
}
