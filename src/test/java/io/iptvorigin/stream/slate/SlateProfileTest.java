package io.iptvorigin.stream.slate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.iptvorigin.common.Json;
import org.junit.jupiter.api.Test;

class SlateProfileTest {
  private static SlateProfile parse(String streams) throws Exception {
    return SlateProfile.fromProbe(Json.MAPPER.readTree("{\"streams\":[" + streams + "]}"));
  }

  private static String video(String codec, int w, int h, String avg, String r, String pix) {
    return String.format(
        "{\"index\":0,\"codec_name\":\"%s\",\"codec_type\":\"video\",\"width\":%d,\"height\":%d,"
            + "\"pix_fmt\":\"%s\",\"r_frame_rate\":\"%s\",\"avg_frame_rate\":\"%s\","
            + "\"time_base\":\"1/90000\",\"disposition\":{\"attached_pic\":0}}",
        codec, w, h, pix, r, avg);
  }

  private static String audio(String codec, String rate, int channels) {
    return String.format(
        "{\"index\":1,\"codec_name\":\"%s\",\"codec_type\":\"audio\",\"sample_rate\":\"%s\","
            + "\"channels\":%d,\"r_frame_rate\":\"0/0\",\"avg_frame_rate\":\"0/0\"}",
        codec, rate, channels);
  }

  @Test
  void anH264AacChannelKeepsItsSizeRateAndAudio() throws Exception {
    SlateProfile profile =
        parse(
            video("h264", 1920, 1080, "30000/1001", "60000/1001", "yuv420p")
                + ","
                + audio("aac", "44100", 2));
    assertEquals(
        new SlateProfile(
            new SlateProfile.Video("h264", 1920, 1080, "30000/1001", "yuv420p"),
            new SlateProfile.Audio("aac", 44100, 2)),
        profile);
    assertEquals("h264_1920x1080_30000-1001_yuv420p_aac_44100_2", profile.key());
  }

  @Test
  void hevcTenBitWithSurroundAndMpeg2WithMp2AreKept() throws Exception {
    assertEquals(
        new SlateProfile(
            new SlateProfile.Video("hevc", 3840, 2160, "50/1", "yuv420p10le"),
            new SlateProfile.Audio("eac3", 48000, 6)),
        parse(
            video("hevc", 3840, 2160, "50/1", "50/1", "yuv420p10le")
                + ","
                + audio("eac3", "48000", 6)));
    SlateProfile sd =
        parse(
            video("mpeg2video", 720, 576, "25/1", "25/1", "yuv422p")
                + ","
                + audio("mp2", "48000", 2));
    assertEquals(new SlateProfile.Video("mpeg2video", 720, 576, "25/1", "yuv422p"), sd.video());
    assertEquals("mpeg2video_720x576_25_yuv422p_mp2_48000_2", sd.key());
  }

  @Test
  void unsupportedCodecsBecomeH264AndAacOfTheSameSize() throws Exception {
    SlateProfile profile =
        parse(
            video("vp9", 1280, 534, "24/1", "24/1", "yuv420p10le")
                + ","
                + audio("opus", "48000", 2));
    assertEquals(
        new SlateProfile(
            new SlateProfile.Video("h264", 1280, 534, "24/1", "yuv420p"),
            new SlateProfile.Audio("aac", 48000, 2)),
        profile);
  }

  @Test
  void oddValuesTakeTheDefaultsOnesAndSizesAreMadeEven() throws Exception {
    SlateProfile profile =
        parse(
            video("h264", 853, 481, "0/0", "90000/1", "yuvj420p") + "," + audio("mp2", "22050", 6));
    assertEquals(new SlateProfile.Video("h264", 852, 480, "25/1", "yuv420p"), profile.video());
    assertEquals(new SlateProfile.Audio("mp2", 48000, 2), profile.audio());
    assertEquals(
        new SlateProfile.Video("h264", 1280, 720, "25/1", "yuv420p"),
        parse(video("h264", 0, 0, "25/1", "25/1", "yuv444p")).video(),
        "unknown size, unsupported pixel format");
  }

  @Test
  void theAverageRateIsPreferredAndReduced() throws Exception {
    assertEquals(
        "25/1", parse(video("h264", 640, 360, "50/2", "50/1", "yuv420p")).video().frameRate());
    assertEquals(
        "50/1", parse(video("h264", 640, 360, "0/0", "50/1", "yuv420p")).video().frameRate());
  }

  @Test
  void noAudioMeansASilentFreeSlateAndNoVideoARadioOne() throws Exception {
    SlateProfile silent = parse(video("h264", 640, 360, "25/1", "25/1", "yuv420p"));
    assertNull(silent.audio());
    assertEquals("h264_640x360_25_yuv420p_noaudio", silent.key());
    SlateProfile radio =
        parse(
            "{\"codec_name\":\"mjpeg\",\"codec_type\":\"video\",\"width\":300,\"height\":300,"
                + "\"disposition\":{\"attached_pic\":1}},"
                + audio("aac", "48000", 2));
    assertNull(radio.video(), "cover art is no video");
    assertEquals("novideo_aac_48000_2", radio.key());
  }

  @Test
  void aProbeWithNoStreamsGivesTheDefault() throws Exception {
    assertEquals(SlateProfile.DEFAULT, parse(""));
    assertEquals(SlateProfile.DEFAULT, SlateProfile.fromProbe(Json.MAPPER.readTree("{}")));
    assertEquals("h264_1280x720_25_yuv420p_aac_48000_2", SlateProfile.DEFAULT.key());
  }

  @Test
  void theFallbackKeepsSizeRateAndChannels() throws Exception {
    SlateProfile hevc =
        new SlateProfile(
            new SlateProfile.Video("hevc", 1920, 1080, "50/1", "yuv420p10le"),
            new SlateProfile.Audio("ac3", 32000, 6));
    assertEquals(
        new SlateProfile(
            new SlateProfile.Video("h264", 1920, 1080, "50/1", "yuv420p"),
            new SlateProfile.Audio("aac", 32000, 6)),
        hevc.withDefaultCodecs());
  }
}
