package io.iptvorigin.stream.slate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a player must not see change abruptly between a channel's own segments and the slate: video
 * codec, size, frame rate and pixel format, audio codec, sample rate and channels. A player that
 * meets a discontinuity copes with new timestamps, but many (hardware decoders, MSE) stall or drop
 * audio when the codecs change too.
 *
 * <p>Only what the slate can be made in: H.264, HEVC or MPEG-2 video, AAC, MP2, AC-3 or E-AC-3
 * audio. Anything else becomes H.264 (4:2:0, 8 bit) or AAC (48 kHz stereo) with the rest kept;
 * sizes and rates out of range take the default's. A channel without audio gets a slate without
 * audio, a radio channel one without video. Interlacing, profiles and levels are not kept: players
 * take those changes at a discontinuity.
 */
public record SlateProfile(Video video, Audio audio) {
  /** Null-free video part; {@code frameRate} is a reduced fraction, {@code "30000/1001"}. */
  public record Video(String codec, int width, int height, String frameRate, String pixelFormat) {}

  /** Null-free audio part. */
  public record Audio(String codec, int sampleRate, int channels) {}

  private static final Video DEFAULT_VIDEO = new Video("h264", 1280, 720, "25/1", "yuv420p");
  private static final Audio DEFAULT_AUDIO = new Audio("aac", 48000, 2);

  /** H.264 720p25 with AAC 48 kHz stereo: made at application start, used when nothing is known. */
  public static final SlateProfile DEFAULT = new SlateProfile(DEFAULT_VIDEO, DEFAULT_AUDIO);

  /** Pixel formats each video encoder takes here, the default first. */
  private static final Map<String, List<String>> PIXEL_FORMATS =
      Map.of(
          "h264", List.of("yuv420p", "yuv420p10le"),
          "hevc", List.of("yuv420p", "yuv420p10le"),
          "mpeg2video", List.of("yuv420p", "yuv422p"));

  /** Sample rates each audio encoder takes here. */
  private static final Map<String, List<Integer>> SAMPLE_RATES =
      Map.of(
          "aac",
              List.of(8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000),
          "mp2", List.of(32000, 44100, 48000),
          "ac3", List.of(32000, 44100, 48000),
          "eac3", List.of(32000, 44100, 48000));

  private static final Map<String, Integer> MAX_CHANNELS =
      Map.of("aac", 8, "mp2", 2, "ac3", 6, "eac3", 6);

  public SlateProfile {
    if (video == null && audio == null) {
      throw new IllegalArgumentException("a slate needs video or audio");
    }
  }

  /**
   * The profile of the first video and first audio stream of {@code probe}, ffprobe's {@code
   * -show_streams -of json} output; the default when it lists neither.
   */
  public static SlateProfile fromProbe(JsonNode probe) {
    JsonNode video = null;
    JsonNode audio = null;
    for (JsonNode stream : probe.path("streams")) {
      String type = stream.path("codec_type").asText();
      if (type.equals("video")
          && video == null
          && stream.path("disposition").path("attached_pic").asInt() == 0) {
        video = stream;
      } else if (type.equals("audio") && audio == null) {
        audio = stream;
      }
    }
    if (video == null && audio == null) {
      return DEFAULT;
    }
    return new SlateProfile(
        video == null ? null : video(video), audio == null ? null : audio(audio));
  }

  private static Video video(JsonNode stream) {
    String codec = stream.path("codec_name").asText();
    String pixelFormat = stream.path("pix_fmt").asText().replace("yuvj", "yuv");
    if (!PIXEL_FORMATS.containsKey(codec)) {
      codec = DEFAULT_VIDEO.codec();
      pixelFormat = DEFAULT_VIDEO.pixelFormat();
    }
    int width = stream.path("width").asInt();
    int height = stream.path("height").asInt();
    if (width < 16 || height < 16 || width > 4096 || height > 4096) {
      width = DEFAULT_VIDEO.width();
      height = DEFAULT_VIDEO.height();
    }
    String rate = frameRate(stream.path("avg_frame_rate").asText());
    if (rate == null) {
      rate = frameRate(stream.path("r_frame_rate").asText());
    }
    List<String> formats = PIXEL_FORMATS.get(codec);
    if (!formats.contains(pixelFormat)) {
      pixelFormat = formats.get(0);
    }
    // 4:2:0 and 4:2:2 need even sizes.
    return new Video(
        codec,
        width & ~1,
        height & ~1,
        rate == null ? DEFAULT_VIDEO.frameRate() : rate,
        pixelFormat);
  }

  private static Audio audio(JsonNode stream) {
    String codec = stream.path("codec_name").asText();
    if (!SAMPLE_RATES.containsKey(codec)) {
      return DEFAULT_AUDIO;
    }
    int rate = stream.path("sample_rate").asInt();
    if (!SAMPLE_RATES.get(codec).contains(rate)) {
      rate = DEFAULT_AUDIO.sampleRate();
    }
    int channels = stream.path("channels").asInt();
    if (channels < 1 || channels > MAX_CHANNELS.get(codec)) {
      channels = DEFAULT_AUDIO.channels();
    }
    return new Audio(codec, rate, channels);
  }

  /** {@code "25/1"}, {@code "30000/1001"}: reduced, between 1 and 120 per second; else null. */
  static String frameRate(String fraction) {
    int slash = fraction.indexOf('/');
    try {
      long num = Long.parseLong(slash < 0 ? fraction : fraction.substring(0, slash));
      long den = slash < 0 ? 1 : Long.parseLong(fraction.substring(slash + 1));
      if (num <= 0 || den <= 0 || num > 120 * den || num < den) {
        return null;
      }
      long gcd = gcd(num, den);
      return (num / gcd) + "/" + (den / gcd);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * The same size and rates in H.264 and AAC: what to fall back to when this one cannot be made.
   */
  public SlateProfile withDefaultCodecs() {
    Video v =
        video == null
            ? null
            : new Video(
                DEFAULT_VIDEO.codec(),
                video.width(),
                video.height(),
                video.frameRate(),
                DEFAULT_VIDEO.pixelFormat());
    Audio a =
        audio == null
            ? null
            : new Audio(
                DEFAULT_AUDIO.codec(),
                SAMPLE_RATES.get(DEFAULT_AUDIO.codec()).contains(audio.sampleRate())
                    ? audio.sampleRate()
                    : DEFAULT_AUDIO.sampleRate(),
                audio.channels());
    return new SlateProfile(v, a);
  }

  /**
   * A file-name-safe name for the profile, {@code h264_1280x720_25_yuv420p_aac_48000_2}: every part
   * comes from the tables above or is a number, so nothing a stream says reaches a path.
   */
  public String key() {
    String v =
        video == null
            ? "novideo"
            : String.format(
                Locale.ROOT,
                "%s_%dx%d_%s_%s",
                video.codec(),
                video.width(),
                video.height(),
                video.frameRate().endsWith("/1")
                    ? video.frameRate().substring(0, video.frameRate().length() - 2)
                    : video.frameRate().replace('/', '-'),
                video.pixelFormat());
    String a =
        audio == null
            ? "noaudio"
            : audio.codec() + "_" + audio.sampleRate() + "_" + audio.channels();
    return v + "_" + a;
  }

  /** Frames per second as a number. */
  static double fps(String frameRate) {
    int slash = frameRate.indexOf('/');
    return Double.parseDouble(frameRate.substring(0, slash))
        / Double.parseDouble(frameRate.substring(slash + 1));
  }
}
