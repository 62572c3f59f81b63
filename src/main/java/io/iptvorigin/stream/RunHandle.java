package io.iptvorigin.stream;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A channel's run as supervision sees it, whatever does the work: an FFmpeg process, or the native
 * remuxer inside this JVM. Supervision (start timeout, stall and slowness checks, failover, stop)
 * is written once against this.
 */
public interface RunHandle {
  /** The FFmpeg process's PID; empty for a native run, which has no process of its own. */
  OptionalLong pid();

  /**
   * Ends the run and lets it finish the segment it writes (SIGTERM for FFmpeg); returns at once.
   */
  void stop();

  /** Ends the run at once (SIGKILL for FFmpeg); returns at once. */
  void kill();

  /** Ends the run and returns once it has (FFmpeg: SIGTERM, SIGKILL after the grace period). */
  void terminate();

  /** Completes once the run has ended, saying how. */
  CompletableFuture<RunEnd> ended();

  /**
   * Seconds of media the run has produced so far, if it says: FFmpeg's latest progress report, the
   * remuxer's video time. Stops advancing when the upstream stops sending.
   */
  Optional<Double> mediaTime();
}
