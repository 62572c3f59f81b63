package io.iptvorigin.stream.slate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.common.Json;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlateMakerTest {
  private final SlateMaker maker = new SlateMaker("/usr/bin/ffmpeg", "/usr/bin/ffprobe", 4);

  private static String after(List<String> args, String option) {
    return args.get(args.indexOf(option) + 1);
  }

  @Test
  void theVideoIsShorterThanASegmentAndHasOneKeyframeFirst() {
    List<String> args = maker.command(SlateProfile.DEFAULT, true, Path.of("/s/out.ts"));
    assertEquals("/usr/bin/ffmpeg", args.get(0));
    assertEquals("97", after(args, "-frames:v"), "3.9 s at 25 fps");
    assertEquals("97", after(args, "-g"), "one GOP: a keyframe first, no other");
    assertEquals("0", after(args, "-bf"));
    assertEquals("libx264", after(args, "-c:v"));
    assertEquals("yuv420p", after(args, "-pix_fmt"));
    assertTrue(args.contains("color=c=0x1e293b:s=1280x720:r=25/1"), args.toString());
    assertTrue(args.contains("anullsrc=r=48000:cl=stereo:d=3.880000"), args.toString());
    assertTrue(after(args, "-vf").startsWith("drawtext="));
    assertEquals(List.of("-f", "mpegts", "/s/out.ts"), args.subList(args.size() - 3, args.size()));
  }

  @Test
  void withoutTextThereIsNoFilterAndWithoutAudioNoAudioInput() {
    SlateProfile silent =
        new SlateProfile(new SlateProfile.Video("hevc", 640, 360, "30000/1001", "yuv420p"), null);
    List<String> args = maker.command(silent, false, Path.of("/s/out.ts"));
    assertFalse(args.contains("-vf"));
    assertFalse(String.join(" ", args).contains("anullsrc"));
    assertEquals(1, Collections.frequency(args, "lavfi"));
    assertEquals("libx265", after(args, "-c:v"));
    assertEquals("116", after(args, "-frames:v"), "3.87 s at 29.97 fps");
  }

  @Test
  void aRadioSlateIsAudioOnly() {
    SlateProfile radio = new SlateProfile(null, new SlateProfile.Audio("mp2", 44100, 1));
    List<String> args = maker.command(radio, true, Path.of("/s/out.ts"));
    assertFalse(args.contains("-vf"));
    assertEquals("0:a", after(args, "-map"));
    assertEquals("mp2", after(args, "-c:a"));
    assertEquals("1", after(args, "-ac"));
    assertTrue(args.contains("anullsrc=r=44100:cl=mono:d=3.900000"), args.toString());
  }

  @Test
  void theSpanRunsFromTheFirstTimestampToTheEndOfTheLastFrame() throws Exception {
    String probe =
        "{\"streams\":[{\"index\":0,\"codec_type\":\"video\",\"time_base\":\"1/90000\"},"
            + "{\"index\":1,\"codec_type\":\"audio\",\"time_base\":\"1/90000\"}],"
            + "\"packets\":[{\"stream_index\":1,\"pts\":126000,\"duration\":1920,\"flags\":\"K_\"},"
            + "{\"stream_index\":0,\"pts\":127920,\"duration\":3600,\"flags\":\"K_\"},"
            + "{\"stream_index\":0,\"pts\":131520,\"duration\":3600,\"flags\":\"__\"},"
            + "{\"stream_index\":1,\"pts\":136000,\"duration\":1920,\"flags\":\"K_\"}]}";
    SlateMaker.Timing timing = SlateMaker.timing(Json.MAPPER.readTree(probe), true);
    assertEquals(new SlateMaker.Timing(126_000, 137_920), timing);
    assertEquals(137_920 - 126_000, timing.span());
  }

  @Test
  void aSlateWhoseVideoDoesNotStartOnAKeyframeIsRefused() throws Exception {
    String probe =
        "{\"streams\":[{\"index\":0,\"codec_type\":\"video\",\"time_base\":\"1/90000\"}],"
            + "\"packets\":[{\"stream_index\":0,\"pts\":127920,\"duration\":3600,\"flags\":\"__\"},"
            + "{\"stream_index\":0,\"pts\":131520,\"duration\":3600,\"flags\":\"K_\"}]}";
    assertNull(SlateMaker.timing(Json.MAPPER.readTree(probe), true));
    assertEquals(
        new SlateMaker.Timing(127_920, 135_120),
        SlateMaker.timing(Json.MAPPER.readTree(probe), false),
        "a channel's segment need not start with one");
  }
}
