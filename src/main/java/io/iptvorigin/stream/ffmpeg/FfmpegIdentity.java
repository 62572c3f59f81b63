package io.iptvorigin.stream.ffmpeg;

import io.iptvorigin.stream.hls.HlsPaths;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether a PID (read from Redis, possibly stale and reused by now) is our FFmpeg for a channel:
 * alive, an ffmpeg binary, and writing that channel's playlist in our HLS directory: its run
 * playlist ({@code runs/}), or the channel playlist itself for an FFmpeg an older version started
 * (kept running across the upgrade). Nothing is ever signalled without this check.
 */
public final class FfmpegIdentity {
  private FfmpegIdentity() {}

  public static Optional<ProcessHandle> ours(long pid, HlsPaths paths, String channelId) {
    return ProcessHandle.of(pid).filter(p -> isOurs(p, paths, channelId));
  }

  static boolean isOurs(ProcessHandle process, HlsPaths paths, String channelId) {
    if (!process.isAlive()) {
      return false;
    }
    ProcessHandle.Info info = process.info();
    boolean ffmpeg = info.command().map(c -> c.endsWith("ffmpeg")).orElse(false);
    List<String> args = info.arguments().map(Arrays::asList).orElse(List.of());
    return ffmpeg
        && (args.contains(paths.runPlaylist(channelId).toString())
            || args.contains(paths.playlist(channelId).toString()));
  }

  /** The channel id an FFmpeg of ours writes, if it is one of ours at all (for orphan sweeps). */
  public static Optional<String> channelOf(ProcessHandle process, HlsPaths paths) {
    ProcessHandle.Info info = process.info();
    if (!info.command().map(c -> c.endsWith("ffmpeg")).orElse(false)) {
      return Optional.empty();
    }
    String[] args = info.arguments().orElse(new String[0]);
    for (String prefix :
        List.of(
            paths.runsDir().resolve("stream_").toString(),
            paths.dir().resolve("stream_").toString())) {
      for (String arg : args) {
        if (arg.startsWith(prefix) && arg.endsWith(".m3u8")) {
          String id = arg.substring(prefix.length(), arg.length() - ".m3u8".length());
          if (!id.contains("/")) {
            return Optional.of(id);
          }
        }
      }
    }
    return Optional.empty();
  }
}
