package io.iptvorigin.stream.supervision;

import io.iptvorigin.stream.StreamMode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * Supervision state of one channel on this node. Every field is read and written under the object's
 * own lock, by {@link StreamSupervisor} only.
 */
final class ChannelStream {
  enum State {
    STARTING,
    RUNNING,
    BACKOFF,
    STOPPING,
    STOPPED
  }

  final String channelId;

  /** When this node began supervising the channel: a start not yet recorded is not idle. */
  final java.time.Instant trackedSince = java.time.Instant.now();

  State state = State.STARTING;
  StreamRun run;
  StreamMode mode = StreamMode.COPY;

  /** Pending until the current attempt is playable; completed exceptionally when we give up. */
  CompletableFuture<Void> ready = new CompletableFuture<>();

  /** Completed once a stop has removed the process, files and keys. */
  final CompletableFuture<Void> stopped = new CompletableFuture<>();

  int failures;
  int restarts;
  boolean startTimedOut;

  /** The copy run produced output its codecs make unplayable (FFmpeg said so in its log). */
  boolean copyRejected;

  /** A launch is under way on a worker thread (resolving the upstream, spawning FFmpeg). */
  boolean launching;

  String stopReason;
  ScheduledFuture<?> pending;

  ChannelStream(String channelId) {
    this.channelId = channelId;
  }

  void cancelPending() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  /** Stopping or stopped: an exit now is the stop's own doing, not a failure. */
  boolean stopping() {
    return state == State.STOPPING || state == State.STOPPED;
  }
}
