package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.RemuxChoice;
import io.iptvorigin.channel.Source;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.remux.NativeRemux;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Which engine runs a channel's copy: the native remuxer or FFmpeg, from the channel's {@code
 * remux} choice, {@code iptv.stream.native-remux} for {@code auto}, and what earlier runs found.
 * Transcoding is always FFmpeg's.
 */
@ApplicationScoped
public class RunEngines {
  @Inject StreamSettings settings;

  /**
   * The mode of the next run on source {@code index}: {@code wanted} (copy or transcode, what the
   * source is known to need) made native where the native remuxer may take it.
   *
   * @param ffmpegSources sources the native remuxer found it cannot carry
   */
  StreamMode modeFor(
      Channel channel, Source source, StreamMode wanted, Set<Integer> ffmpegSources, int index) {
    if (wanted != StreamMode.COPY || !NativeRemux.reads(source)) {
      return wanted;
    }
    boolean nativeRun =
        switch (channel.remux()) {
          case FFMPEG -> false;
          case NATIVE -> true;
          case AUTO -> settings.nativeRemux() && !ffmpegSources.contains(index);
        };
    return nativeRun ? StreamMode.NATIVE : StreamMode.COPY;
  }

  /** Whether a native run's failure to carry the stream hands the source to FFmpeg copy. */
  static boolean fallsBackToFfmpeg(Channel channel) {
    return channel.remux() != RemuxChoice.NATIVE;
  }
}
