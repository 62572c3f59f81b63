package io.iptvorigin.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link LiveUpstream} MPEG-TS stream carries, from its query: {@code video=h264|hevc},
 * {@code audio=aac|ac3}, {@code tracks=1|2} (audio tracks, a 440 Hz and a 660 Hz tone) and {@code
 * jump=S} (every timestamp, video and audio, jumps 30 s forward S seconds after the encoder starts,
 * as a broadcaster's splice or a restarted encoder looks; 0, the default, never). The default is
 * the upstream's H.264 + AAC, one track.
 *
 * <p>HEVC is encoded at 320x180, not 640x360: x265 costs a third of a core at the larger size even
 * at {@code ultrafast}, and the test machine has two. Its GOPs are closed and every keyframe
 * repeats the parameter sets, so each segment cut at a keyframe decodes on its own.
 */
public record TsEncoding(String video, String audio, int audioTracks, int jumpAfterSeconds) {
  static final TsEncoding DEFAULT = new TsEncoding("h264", "aac", 1, 0);

  /** How far the timestamps jump. Over the native remuxer's 3 s, so a discontinuity to it. */
  public static final int JUMP_SECONDS = 30;

  public TsEncoding {
    if (!List.of("h264", "hevc").contains(video)
        || !List.of("aac", "ac3").contains(audio)
        || audioTracks < 1
        || audioTracks > 2
        || jumpAfterSeconds < 0
        || jumpAfterSeconds > 3600) {
      throw new IllegalArgumentException(
          "video is h264 or hevc, audio aac or ac3, tracks 1 or 2, jump 0..3600 (seconds)");
    }
  }

  /** The encoding a request's query names; IllegalArgumentException on a value out of range. */
  static TsEncoding of(Map<String, String> params) {
    return new TsEncoding(
        params.getOrDefault("video", DEFAULT.video),
        params.getOrDefault("audio", DEFAULT.audio),
        Integer.parseInt(params.getOrDefault("tracks", "1")),
        Integer.parseInt(params.getOrDefault("jump", "0")));
  }

  boolean isDefault() {
    return equals(DEFAULT);
  }

  /** Appended to the encoder's key: one shared encoder per distinct encoding. */
  String keySuffix() {
    return isDefault()
        ? ""
        : "/"
            + video
            + "-"
            + audio
            + "-"
            + audioTracks
            + "a"
            + (jumpAfterSeconds > 0 ? "-jump" + jumpAfterSeconds : "");
  }

  /** The ffmpeg arguments after {@code -re}: the lavfi inputs, the maps, codecs and mpegts out. */
  List<String> arguments(int fps, int gopFrames) {
    boolean hevc = video.equals("hevc");
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=" + (hevc ? "320x180" : "640x360") + ":rate=" + fps,
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000"));
    if (audioTracks == 2) {
      args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000"));
    }
    args.addAll(List.of("-map", "0:v", "-map", "1:a"));
    if (audioTracks == 2) {
      args.addAll(List.of("-map", "2:a"));
    }
    if (jumpAfterSeconds > 0) {
      // T is the frame's time before the shift, so the jump comes once, at that input time.
      String shift = "PTS+gte(T\\," + jumpAfterSeconds + ")*" + JUMP_SECONDS + "/TB";
      args.addAll(List.of("-vf", "setpts=" + shift, "-af", "asetpts=" + shift));
    }
    String gop = Integer.toString(gopFrames);
    if (hevc) {
      args.addAll(
          List.of(
              "-c:v",
              "libx265",
              "-preset",
              "ultrafast",
              "-tune",
              "zerolatency",
              "-x265-params",
              "keyint="
                  + gop
                  + ":min-keyint="
                  + gop
                  + ":scenecut=0:open-gop=0:repeat-headers=1:log-level=error",
              "-b:v",
              "400k"));
    } else {
      args.addAll(
          List.of(
              "-c:v",
              "libx264",
              "-preset",
              "ultrafast",
              "-tune",
              "zerolatency",
              "-g",
              gop,
              "-keyint_min",
              gop,
              "-sc_threshold",
              "0",
              "-b:v",
              "800k"));
    }
    if (audio.equals("ac3")) {
      args.addAll(List.of("-c:a", "ac3", "-b:a", "96k"));
    } else {
      args.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
    }
    args.addAll(List.of("-f", "mpegts", "pipe:1"));
    return args;
  }
}
