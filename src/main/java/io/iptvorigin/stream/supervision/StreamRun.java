package io.iptvorigin.stream.supervision;

import io.iptvorigin.stream.StreamMode;
import java.time.Instant;

/** One FFmpeg process of a channel: which run, which PID, how it was started. */
public record StreamRun(
    String runId,
    ProcessHandle process,
    StreamMode mode,
    Instant started,
    String source,
    String resolvedSource,
    int restarts) {

  public long pid() {
    return process.pid();
  }
}
