package io.iptvorigin.stream.supervision;

import io.iptvorigin.stream.ffmpeg.FfmpegIdentity;
import io.iptvorigin.stream.ffmpeg.FfmpegLauncher;
import io.iptvorigin.stream.hls.HlsPaths;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * At application start, squares Redis with the processes on this host: our FFmpeg processes that
 * still run are adopted (viewers keep watching through a redeploy or a WildFly restart), state of
 * dead ones is removed, and an FFmpeg of ours that Redis no longer knows is stopped.
 */
@Singleton
@Startup
public class StreamReconciler {
  private static final Logger LOG = Logger.getLogger(StreamReconciler.class.getName());

  @Inject StreamSupervisor supervisor;
  @Inject StreamState state;
  @Inject FfmpegLauncher launcher;
  @Inject HlsPaths paths;

  @PostConstruct
  void reconcile() {
    try {
      Set<String> adopted = new HashSet<>();
      for (StreamState.Snapshot snapshot : state.snapshots()) {
        String id = snapshot.channelId();
        if (snapshot.owner().filter(o -> !o.equals(supervisor.node())).isPresent()) {
          continue;
        }
        Optional<ProcessHandle> process =
            snapshot.pid().flatMap(pid -> FfmpegIdentity.ours(pid, paths, id));
        if (process.isPresent()) {
          supervisor.adopt(id, process.get(), snapshot);
          adopted.add(id);
        } else {
          paths.removeAll(id);
          state.release(id, supervisor.node());
          LOG.info("stream stop channel=" + id + " reason=dead-at-startup");
        }
      }
      stopOrphans(adopted);
    } catch (RuntimeException e) {
      LOG.warning("stream reconciliation not done reason=\"" + e.getMessage() + "\"");
    }
  }

  private void stopOrphans(Set<String> adopted) {
    ProcessHandle.allProcesses()
        .forEach(
            process ->
                FfmpegIdentity.channelOf(process, paths)
                    .filter(id -> !adopted.contains(id))
                    .ifPresent(
                        id -> {
                          launcher.terminate(process);
                          paths.removeAll(id);
                          LOG.info(
                              "stream stop channel=" + id + " reason=orphan pid=" + process.pid());
                        }));
  }
}
