package io.iptvorigin.stream.ffmpeg;

import io.iptvorigin.stream.RunEnd;
import io.iptvorigin.stream.RunHandle;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** A run done by an FFmpeg process: signals for stopping, its log's progress for media time. */
public final class FfmpegRun implements RunHandle {
  private final ProcessHandle process;
  private final CompletableFuture<RunEnd> ended;
  private final FfmpegLauncher launcher;
  private final FfmpegLog logs;
  private final String channelId;

  private FfmpegRun(
      ProcessHandle process,
      CompletableFuture<RunEnd> ended,
      FfmpegLauncher launcher,
      FfmpegLog logs,
      String channelId) {
    this.process = process;
    this.ended = ended;
    this.launcher = launcher;
    this.logs = logs;
    this.channelId = channelId;
  }

  /** An FFmpeg this deployment launched: its exit status is known. */
  public static FfmpegRun launched(
      Process process, FfmpegLauncher launcher, FfmpegLog logs, String channelId) {
    return new FfmpegRun(
        process.toHandle(),
        process.onExit().thenApply(p -> RunEnd.exited("exit " + p.exitValue())),
        launcher,
        logs,
        channelId);
  }

  /** An FFmpeg an earlier deployment launched: only that it ended can be known. */
  public static FfmpegRun adopted(
      ProcessHandle process, FfmpegLauncher launcher, FfmpegLog logs, String channelId) {
    return new FfmpegRun(
        process,
        process.onExit().thenApply(p -> RunEnd.exited("exit (adopted process)")),
        launcher,
        logs,
        channelId);
  }

  public ProcessHandle process() {
    return process;
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
  }

  @Override
  public void stop() {
    process.destroy();
  }

  @Override
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public void terminate() {
    launcher.terminate(process);
  }

  @Override
  public CompletableFuture<RunEnd> ended() {
    return ended;
  }

  @Override
  public Optional<Double> mediaTime() {
    return logs.mediaTime(channelId);
  }
}
