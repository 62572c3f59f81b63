package io.iptvorigin.stream.ffmpeg;

import io.iptvorigin.stream.StreamSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Spawns and kills FFmpeg processes, and nothing else: the one place supervision touches the
 * operating system's processes, so tests replace it. It knows nothing about channels or runs.
 */
@ApplicationScoped
public class FfmpegLauncher {
  private static final Logger LOG = Logger.getLogger(FfmpegLauncher.class.getName());

  @Inject StreamSettings settings;

  /**
   * Starts {@code command} with no stdin and no stdout; stderr is appended to {@code log}, never a
   * pipe, so FFmpeg cannot block on it and an adopted FFmpeg keeps logging after a redeploy.
   */
  public Process launch(List<String> command, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    // FFmpeg reads proxy settings from its environment too: no_proxy would let listed hosts
    // (127.0.0.1, say) bypass the egress proxy, so none of them is passed on.
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    return builder
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /**
   * SIGTERM, then SIGKILL once {@code iptv.stream.stop-grace} has passed; returns when it exited.
   */
  public void terminate(ProcessHandle process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      process.onExit().get(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        LOG.warning("ffmpeg pid=" + process.pid() + " did not exit after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }
}
