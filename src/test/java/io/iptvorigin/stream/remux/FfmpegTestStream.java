package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iptvorigin.support.MediaTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An upstream as FFmpeg makes one: 6 s of H.264 (1 s GOP, B-frames) and AAC in MPEG-TS. */
public final class FfmpegTestStream {
  private FfmpegTestStream() {}

  /** The stream's bytes, made in {@code dir} as upstream.ts. */
  public static byte[] h264Aac(Path dir) throws IOException {
    Path upstream = dir.resolve("upstream.ts");
    MediaTools.Result made =
        MediaTools.run(
            List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-g",
                "25",
                "-c:a",
                "aac",
                "-t",
                "6",
                "-f",
                "mpegts",
                upstream.toString()));
    assertEquals(0, made.exit(), made.output());
    return Files.readAllBytes(upstream);
  }
}
