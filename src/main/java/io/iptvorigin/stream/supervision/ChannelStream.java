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

  /** Index into the channel's sources of the current (or next) run; 0 is the first source. */
  int source;

  /** Sources whose codecs copy could not carry: they run transcoding whenever switched to. */
  final java.util.Set<Integer> transcodedSources = new java.util.HashSet<>();

  /** Sources the native remuxer could not carry: FFmpeg copies them whenever switched to. */
  final java.util.Set<Integer> ffmpegSources = new java.util.HashSet<>();

  /**
   * The next run continues the channel's files on disk rather than starting them afresh: a native
   * run started again after a redeploy, whose viewers must see one discontinuity and no gap.
   */
  boolean keepFiles;

  /** Moves to source {@code index}, in the mode that source is known to need. */
  void useSource(int index) {
    source = index;
    mode = transcodedSources.contains(index) ? StreamMode.TRANSCODE : StreamMode.COPY;
  }

  /** How many sources the channel had at the last launch: slowness is judged only with a choice. */
  int sourceCount = 1;

  /** Sources that failed in a row in the current failure walk ({@link RestartPolicy}). */
  int tried;

  /** Runs of this stream that became playable: tells an outage from the next one. */
  int playableRuns;

  /** A run of this stream was playable: viewers have a playlist (a slate can keep it going). */
  boolean everPlayable;

  /** When the current run became playable; null while none is. */
  java.time.Instant playableSince;

  /** When the first source may next be checked while a backup plays. */
  java.time.Instant nextPrimaryCheck;

  /** The current run's progress reports, judged every second by {@link RunHealthMonitor}. */
  RunProgress progress = new RunProgress();

  /** Why the supervisor ended the current run itself (stalled, slow, back to the first source). */
  String endedBecause;

  /** The run was ended to go back to the first source, which answered: not a failure. */
  boolean returningToPrimary;

  /** Source switches so far and the latest one ("from>to reason"), for the admin API. */
  int switches;

  String lastSwitch;

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
