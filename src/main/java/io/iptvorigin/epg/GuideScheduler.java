package io.iptvorigin.epg;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.DaemonThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs each source's refresh when it is due ({@code refresh_minutes} after its last fetch, or at
 * once for a new source or a {@code POST .../refresh}), one at a time on this node. Every node
 * looks every 30 s; the source's lease in Redis lets one of them run it.
 */
@Singleton
@Startup
public class GuideScheduler {
  private static final Logger LOG = Logger.getLogger(GuideScheduler.class.getName());

  @Inject EpgSourceRepository sources;
  @Inject GuideRefresh refresh;
  @Inject Clock clock;

  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private ExecutorService worker;

  @PostConstruct
  void init() {
    worker = Executors.newSingleThreadExecutor(DaemonThreads.named("epg-refresh"));
  }

  @PreDestroy
  void close() {
    worker.shutdownNow();
  }

  /** Queues a refresh of {@code sourceId} on this node, whether due or not. */
  public void refreshSoon(String sourceId) {
    submit(sourceId, true);
  }

  @Schedule(hour = "*", minute = "*", second = "*/30", persistent = false)
  void refreshDue() {
    try {
      Instant now = clock.now();
      for (EpgSource source : sources.list()) {
        if (sources.status(source.id()).dueAt(now, source.refreshMinutes())) {
          submit(source.id(), false);
        }
      }
    } catch (JedisException e) {
      LOG.fine("epg schedule skipped reason=\"" + e.getMessage() + "\"");
    }
  }

  private void submit(String sourceId, boolean forced) {
    if (!queued.add(sourceId)) {
      return;
    }
    worker.execute(
        () -> {
          queued.remove(sourceId);
          try {
            refresh.run(sourceId, forced);
          } catch (RuntimeException e) {
            LOG.warning("epg refresh error source=" + sourceId + " reason=\"" + e + "\"");
          }
        });
  }
}
