package io.iptvorigin.stream.slate;

import com.fasterxml.jackson.databind.JsonNode;
import io.iptvorigin.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Makes slates with FFmpeg and measures segments with ffprobe, each run bounded in time. A slate is
 * a dark background with "Channel unavailable" (drawtext through fontconfig, which Debian's FFmpeg
 * has; without a usable font it is made without the text rather than not at all) and silence, one
 * keyframe first, a little shorter than a segment of the channel's so it never raises the
 * playlist's {@code #EXT-X-TARGETDURATION} (the audio encoder's priming and last frame make it up
 * to ~0.1 s longer than its video).
 */
final class SlateMaker {
  private static final Logger LOG = Logger.getLogger(SlateMaker.class.getName());
  static final Duration MAKE_LIMIT = Duration.ofSeconds(20);
  static final Duration PROBE_LIMIT = Duration.ofSeconds(5);
  private static final double ROOM_SECONDS = 0.1;
  private static final Map<Integer, String> LAYOUTS =
      Map.of(1, "mono", 2, "stereo", 3, "3.0", 4, "quad", 5, "5.0", 6, "5.1", 7, "6.1", 8, "7.1");
  private static final String TEXT =
      "drawtext=font=Sans:text='Channel unavailable':fontcolor=white:fontsize=h/12"
          + ":x=(w-text_w)/2:y=(h-text_h)/2";

  private final String ffmpeg;
  private final String ffprobe;
  private final double seconds;

  /** {@code seconds}: the channels' segment length, which the slate stays under. */
  SlateMaker(String ffmpeg, String ffprobe, double seconds) {
    this.ffmpeg = ffmpeg;
    this.ffprobe = ffprobe;
    this.seconds = seconds;
  }

  /** Makes the slate of {@code profile} and renames it into place as {@code file}. */
  Slate make(SlateProfile profile, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
    try {
      try {
        ToolRun.run(command(profile, true, temp), MAKE_LIMIT);
      } catch (IOException e) {
        if (profile.video() == null) {
          throw e;
        }
        LOG.info(
            "slate text not drawn profile=" + profile.key() + " reason=\"" + e.getMessage() + "\"");
        ToolRun.run(command(profile, false, temp), MAKE_LIMIT);
      }
      Slate slate = read(profile, temp);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return slate;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The slate in {@code file}, once ffprobe found it to be {@code profile}, starting on a keyframe.
   */
  Slate read(SlateProfile profile, Path file) throws IOException {
    JsonNode probe = probeJson(file);
    SlateProfile found = SlateProfile.fromProbe(probe);
    if (!found.equals(profile)) {
      throw new IOException("slate is " + found.key() + ", not " + profile.key());
    }
    Timing timing = timing(probe, true);
    if (timing == null) {
      throw new IOException("slate has no timed packets or does not start with a keyframe");
    }
    return new Slate(profile, Files.readAllBytes(file), timing.first(), timing.span());
  }

  /** A channel's segment: its profile, and where its timestamps end (90 kHz; -1: unknown). */
  record Probed(SlateProfile profile, long end) {}

  Probed probe(Path segment) throws IOException {
    JsonNode probe = probeJson(segment);
    Timing timing = timing(probe, false);
    return new Probed(SlateProfile.fromProbe(probe), timing == null ? -1 : timing.end());
  }

  private JsonNode probeJson(Path file) throws IOException {
    String entries =
        "stream=index,codec_type,codec_name,width,height,pix_fmt,avg_frame_rate,r_frame_rate,"
            + "sample_rate,channels,time_base:stream_disposition=attached_pic"
            + ":packet=stream_index,pts,duration,flags";
    String json =
        ToolRun.run(
                List.of(
                    ffprobe,
                    "-v",
                    "error",
                    "-show_entries",
                    entries,
                    "-of",
                    "json",
                    file.toString()),
                PROBE_LIMIT)
            .stdout();
    return Json.MAPPER.readTree(json);
  }

  /** First timestamp and end of the last frame over all streams, in 90 kHz ticks. */
  record Timing(long first, long end) {
    long span() {
      return end - first;
    }
  }

  /**
   * The timing of a probed MPEG-TS file; null if it has no timed packets, or, with {@code
   * keyframeFirst}, if its first video packet is no keyframe (such a slate would not decode from
   * its start).
   */
  static Timing timing(JsonNode probe, boolean keyframeFirst) {
    Set<Integer> videoStreams = new HashSet<>();
    for (JsonNode stream : probe.path("streams")) {
      if (!stream.path("time_base").asText().equals("1/90000")) {
        return null;
      }
      if (stream.path("codec_type").asText().equals("video")) {
        videoStreams.add(stream.path("index").asInt());
      }
    }
    long first = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    boolean videoSeen = false;
    for (JsonNode packet : probe.path("packets")) {
      if (!packet.has("pts")) {
        continue;
      }
      int stream = packet.path("stream_index").asInt();
      if (keyframeFirst && videoStreams.contains(stream) && !videoSeen) {
        if (!packet.path("flags").asText().startsWith("K")) {
          return null;
        }
        videoSeen = true;
      }
      long pts = packet.path("pts").asLong();
      first = Math.min(first, pts);
      end = Math.max(end, pts + packet.path("duration").asLong());
    }
    return end > first ? new Timing(first, end) : null;
  }

  /**
   * The FFmpeg command that writes {@code profile}'s slate, with or without its text, to {@code
   * out}.
   */
  List<String> command(SlateProfile profile, boolean text, Path out) {
    SlateProfile.Video video = profile.video();
    SlateProfile.Audio audio = profile.audio();
    double length = Math.max(0.5, seconds - ROOM_SECONDS);
    int frames = 0;
    if (video != null) {
      frames = Math.max(1, (int) Math.floor(length * SlateProfile.fps(video.frameRate())));
      length = frames / SlateProfile.fps(video.frameRate());
    }
    List<String> args =
        new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
    if (video != null) {
      args.addAll(
          List.of(
              "-f",
              "lavfi",
              "-i",
              String.format(
                  Locale.ROOT,
                  "color=c=0x1e293b:s=%dx%d:r=%s",
                  video.width(),
                  video.height(),
                  video.frameRate())));
    }
    if (audio != null) {
      args.addAll(
          List.of(
              "-f",
              "lavfi",
              "-i",
              String.format(
                  Locale.ROOT,
                  "anullsrc=r=%d:cl=%s:d=%.6f",
                  audio.sampleRate(),
                  LAYOUTS.get(audio.channels()),
                  length)));
    }
    if (video != null) {
      args.addAll(List.of("-map", "0:v"));
      if (text) {
        args.addAll(List.of("-vf", TEXT));
      }
      args.addAll(List.of("-frames:v", Integer.toString(frames)));
      args.addAll(videoCodec(video, frames));
    }
    if (audio != null) {
      args.addAll(List.of("-map", (video == null ? "0" : "1") + ":a"));
      args.addAll(
          List.of(
              "-c:a", audio.codec(),
              "-b:a", "128k",
              "-ar", Integer.toString(audio.sampleRate()),
              "-ac", Integer.toString(audio.channels())));
    }
    args.addAll(List.of("-f", "mpegts", out.toString()));
    return args;
  }

  /** One keyframe, first; no B-frames (the copies move every timestamp alike anyway). */
  private static List<String> videoCodec(SlateProfile.Video video, int frames) {
    String gop = Integer.toString(frames);
    List<String> args = new ArrayList<>();
    switch (video.codec()) {
      case "hevc" ->
          args.addAll(
              List.of(
                  "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"));
      case "mpeg2video" -> args.addAll(List.of("-c:v", "mpeg2video", "-q:v", "4"));
      default ->
          args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "stillimage"));
    }
    args.addAll(List.of("-bf", "0", "-g", gop, "-pix_fmt", video.pixelFormat()));
    return args;
  }
}
