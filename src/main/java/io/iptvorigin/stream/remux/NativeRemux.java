package io.iptvorigin.stream.remux;

import io.iptvorigin.channel.Source;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.stream.RunHandle;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.ffmpeg.FfmpegLog;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.stream.remux.http.UpstreamLoop;
import io.iptvorigin.stream.remux.http.UpstreamReader;
import io.iptvorigin.stream.remux.http.UpstreamRequest;
import io.iptvorigin.stream.remux.http.UpstreamTimeouts;
import io.iptvorigin.upstream.AddressPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts native runs: every channel's upstream read on one non-blocking I/O thread (an {@link
 * UpstreamLoop}), its bytes remuxed on that thread as they arrive, so a thousand channels cost one
 * thread and a segment in flight each. DNS lookups and egress checks, which block, and the TLS
 * handshakes' certificate checks and key agreement, which take milliseconds of CPU, go to a small
 * pool of their own.
 */
@ApplicationScoped
public class NativeRemux {
  @Inject StreamSettings settings;
  @Inject HlsPaths paths;
  @Inject AddressPolicy policy;
  @Inject FfmpegLog logs;
  @Inject Clock clock;

  private final Set<NativeRun> running = ConcurrentHashMap.newKeySet();
  private ExecutorService lookups;
  private UpstreamLoop loop;

  @PostConstruct
  void open() {
    lookups = Executors.newFixedThreadPool(2, DaemonThreads.named("iptv-remux-lookup"));
    loop = new UpstreamLoop("iptv-remux-io", lookups);
  }

  /**
   * Whether the native reader can take {@code source} at all: http or https, directly or through
   * the source's own http proxy.
   */
  public static boolean reads(Source source) {
    return UpstreamRequest.supports(source);
  }

  /** Starts reading and remuxing {@code source} as run {@code runId} of the channel. */
  public RunHandle start(String channelId, String runId, Source source) {
    TsRemuxer remuxer =
        new TsRemuxer(
            RemuxOptions.of(settings.hls()),
            new RunPlaylistWriter(paths, channelId, runId, settings.hls(), clock));
    NativeRun run = new NativeRun(remuxer, line -> logs.note(channelId, line));
    running.add(run);
    run.ended().whenComplete((end, e) -> running.remove(run));
    run.reading(
        UpstreamReader.open(
            loop, policy, UpstreamRequest.of(source), UpstreamTimeouts.defaults(), run));
    return run;
  }

  /**
   * Native runs end with the deployment (their threads are its own); the next deployment starts
   * them again over the files they leave, so viewers see one discontinuity.
   */
  @PreDestroy
  void close() {
    running.forEach(NativeRun::shutDown);
    loop.close();
    lookups.shutdownNow();
  }
}
