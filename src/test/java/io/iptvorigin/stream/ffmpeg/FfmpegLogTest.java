package io.iptvorigin.stream.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.iptvorigin.stream.StreamMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegLogTest {
  @TempDir Path dir;

  private void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  @Test
  void mediaTimeIsTheLatestProgressReportOfTheCurrentRun() throws Exception {
    FfmpegLog logs = new FfmpegLog(dir);
    Path file = logs.beginRun("7", "aaaaaaaa", StreamMode.COPY, Instant.EPOCH);
    assertEquals(Optional.empty(), logs.mediaTime("7"), "no report yet");
    append(
        file,
        "frame=   26 fps= 26 q=-1.0 size=N/A time=00:00:00.88 bitrate=N/A speed=0.87x    \r"
            + "frame=   51 fps= 25 q=-1.0 size=N/A time=00:01:01.88 bitrate=N/A speed=0.93x    \r");
    assertEquals(61.88, logs.mediaTime("7").orElseThrow(), 1e-9);
    assertEquals(0.93, logs.speed("7").orElseThrow(), 1e-9);
    logs.beginRun("7", "bbbbbbbb", StreamMode.COPY, Instant.EPOCH);
    assertEquals(Optional.empty(), logs.mediaTime("7"), "a new run starts with no report");
    assertEquals(Optional.empty(), logs.speed("7"), "nor with a speed");
    append(file, "size=      12kB time=01:00:00.50 bitrate=  1.2kbits/s speed=1x    \r");
    assertEquals(3600.5, logs.mediaTime("7").orElseThrow(), 1e-9);
    assertEquals(1.0, logs.speed("7").orElseThrow(), 1e-9);
  }

  @Test
  void progressReportsStayOutOfTheTailAndTheLastLine() throws Exception {
    FfmpegLog logs = new FfmpegLog(dir);
    Path file = logs.beginRun("7", "aaaaaaaa", StreamMode.COPY, Instant.EPOCH);
    append(
        file,
        "frame=    1 fps=0.0 q=0.0 size=N/A time=00:00:00.00 bitrate=N/A speed=N/A    \r"
            + "[http @ 0x1] HTTP error 404 Not Found\n"
            + "frame=   51 fps= 25 q=-1.0 size=N/A time=00:00:01.88 bitrate=N/A speed=0.93x    \r");
    List<String> tail = logs.tail("7", 10);
    assertFalse(tail.stream().anyMatch(l -> l.contains("speed=")), tail.toString());
    assertEquals("[http @ 0x1] HTTP error 404 Not Found", logs.lastLine("7"));
  }
}
