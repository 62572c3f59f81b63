package io.iptvorigin.stream.supervision;

import io.iptvorigin.stream.RunHandle;
import io.iptvorigin.stream.StreamMode;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * One run of a channel: which run, what does it ({@link RunHandle}: an FFmpeg process or the native
 * remuxer), how it was started, which of the channel's sources it reads (0 is the first).
 */
public record StreamRun(
    String runId,
    RunHandle handle,
    StreamMode mode,
    Instant started,
    String source,
    String resolvedSource,
    int restarts,
    int sourceIndex) {

  /** FFmpeg's PID; empty for a native run. */
  public OptionalLong pid() {
    return handle.pid();
  }

  /** For log lines: the PID, or {@code -} for a native run. */
  String pidText() {
    OptionalLong pid = pid();
    return pid.isPresent() ? Long.toString(pid.getAsLong()) : "-";
  }
}
