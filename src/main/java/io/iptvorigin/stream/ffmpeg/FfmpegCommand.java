package io.iptvorigin.stream.ffmpeg;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.Quality;
import io.iptvorigin.channel.Source;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.upstream.UpstreamUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The FFmpeg argument list for one run of a channel, never a shell string: every value from the
 * panel is one argument, so nothing in a name or URL can become a command.
 *
 * <p>Start speed: a small probe (the reference's 5 MB probe delayed every start by seconds) and a
 * short first segment ({@code -hls_init_time}), so the playlist is playable as soon as the
 * upstream's second keyframe arrives. Segments are cut on keyframes only, and stream copy drops the
 * frames before the first keyframe (FFmpeg's default without {@code -copyinkf}), so every segment
 * starts decodable. Segment names carry the run id and epoch-based sequence numbers: a CDN never
 * sees the same name for two runs, and the media sequence never goes backwards.
 */
public final class FfmpegCommand {
  /**
   * Network protocols an upstream may use; FFmpeg refuses anything else (file:, concat:, pipe:...).
   * httpproxy is the CONNECT tunnel FFmpeg opens for https through a proxy.
   */
  static final String PROTOCOLS = "http,https,tcp,tls,httpproxy";

  private FfmpegCommand() {}

  /**
   * A run reading {@code source} (one of the channel's) at {@code inputUrl}, its resolved URL.
   *
   * <p>{@code -stats} every second: the progress report in the log is how the supervisor sees the
   * upstream stall or fall below real time ({@link FfmpegLog#mediaTime}).
   */
  public static List<String> build(
      String ffmpeg,
      Channel channel,
      Source source,
      String inputUrl,
      StreamMode mode,
      HlsPaths paths,
      String runId,
      StreamSettings.HlsOptions hls,
      String proxy) {
    List<String> args = new ArrayList<>();
    args.add(ffmpeg);
    args.addAll(
        List.of(
            "-nostdin", "-hide_banner", "-stats", "-stats_period", "1", "-loglevel", "warning"));
    input(args, source, inputUrl, proxy, channel.sources().size() > 1);
    args.addAll(List.of("-map", "0:v:0?", "-map", "0:a:0?"));
    if (mode == StreamMode.COPY) {
      args.addAll(List.of("-c", "copy"));
    } else {
      transcode(args, channel.quality());
    }
    output(args, paths, channel.id(), runId, hls);
    return args;
  }

  private static void input(
      List<String> args, Source source, String inputUrl, String proxy, boolean hasBackups) {
    args.addAll(List.of("-protocol_whitelist", PROTOCOLS));
    if (source.userAgent() != null) {
      args.addAll(List.of("-user_agent", source.userAgent()));
    }
    UpstreamUrl upstream = UpstreamUrl.of(inputUrl);
    String headers = headers(source) + upstream.authorizationHeader();
    if (!headers.isEmpty()) {
      args.addAll(List.of("-headers", headers));
    }
    // Every connection FFmpeg makes (redirects and HLS sub-requests included) goes through a proxy:
    // the channel's own (pinned to its checked address), or the application's egress proxy, which
    // refuses loopback and private destinations (io.iptvorigin.upstream).
    args.addAll(List.of("-http_proxy", proxy));
    args.addAll(
        List.of(
            "-reconnect", "1",
            "-reconnect_streamed", "1",
            "-reconnect_on_network_error", "1",
            // Alone, a source is worth reconnecting to for a few seconds; with backups one
            // immediate reconnect, then the supervisor switches: waiting costs viewers more.
            "-reconnect_delay_max", hasBackups ? "0" : "5",
            "-rw_timeout", "15000000",
            // Enough to find H.264/AAC parameters in a TS burst; the reference's 5 MB cost seconds.
            "-probesize", "1000000",
            "-analyzeduration", "1500000",
            "-fflags", "+genpts+discardcorrupt",
            "-i", upstream.withoutCredentials()));
  }

  static String headers(Source source) {
    StringBuilder headers = new StringBuilder();
    append(headers, "Referer", source.referer());
    append(headers, "Origin", source.origin());
    append(headers, "Cookie", source.cookie());
    return headers.toString();
  }

  private static void append(StringBuilder headers, String name, String value) {
    if (value != null && !value.isBlank()) {
      headers.append(name).append(": ").append(value).append("\r\n");
    }
  }

  /** The preset table of the reference (SEED-FACTS §4). */
  private static void transcode(List<String> args, Quality quality) {
    String size;
    List<String> video;
    String audio;
    switch (quality) {
      case LOW -> {
        size = "640x360";
        video = List.of("-b:v", "1000k");
        audio = "64k";
      }
      case HIGH -> {
        size = "1280x720";
        video = List.of("-b:v", "2500k");
        audio = "128k";
      }
      default -> {
        size = "854x480";
        video = List.of("-b:v", "1500k", "-maxrate", "1500k", "-bufsize", "3000k");
        audio = "96k";
      }
    }
    args.addAll(
        List.of(
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-tune",
            "zerolatency",
            "-g",
            "48",
            "-keyint_min",
            "48",
            "-sc_threshold",
            "0",
            "-s",
            size));
    args.addAll(video);
    args.addAll(List.of("-c:a", "aac", "-ar", "48000", "-b:a", audio));
  }

  private static void output(
      List<String> args,
      HlsPaths paths,
      String channelId,
      String runId,
      StreamSettings.HlsOptions hls) {
    args.addAll(
        List.of(
            "-f",
            "hls",
            "-hls_time",
            Integer.toString(hls.segmentSeconds()),
            "-hls_init_time",
            String.format(Locale.ROOT, "%.3f", hls.firstSegmentSeconds()),
            "-hls_list_size",
            Integer.toString(hls.playlistSize()),
            // Live sliding window: no EVENT type; old segments deleted; playlist and segments
            // renamed into place so nginx never serves half a file. The playlist is this run's
            // own (runs/): the app keeps the one players read, across runs (PlaylistKeeper),
            // with the wall-clock time of each segment FFmpeg gives here.
            "-hls_flags",
            "delete_segments+independent_segments+temp_file+omit_endlist+program_date_time",
            "-hls_delete_threshold",
            "2",
            "-hls_start_number_source",
            "epoch",
            "-hls_segment_filename",
            paths.segmentPattern(channelId, runId).toString(),
            paths.runPlaylist(channelId).toString()));
  }
}
