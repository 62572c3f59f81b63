package io.iptvorigin.stream.supervision;

import io.iptvorigin.stream.StreamMode;
import java.time.Instant;

/**
 * One FFmpeg process of a channel: which run, which PID, how it was started, which of the channel's
 * sources it reads (0 is the first).
 */
public record StreamRun(
    String runId,
    ProcessHandle process,
    StreamMode mode,
    Instant started,
    String source,
    String resolvedSource,
    int restarts,
    int sourceIndex) {

  public long pid() {
    return process.pid();
  }
}
