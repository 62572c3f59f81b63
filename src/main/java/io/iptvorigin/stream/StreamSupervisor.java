package io.iptvorigin.stream;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.channel.UnknownChannelException;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Credentials;
import io.iptvorigin.upstream.AddressPolicy;
import io.iptvorigin.upstream.EgressProxy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One FFmpeg per running channel on this node: start (deduplicated, leased in Redis), readiness,
 * copy-to-transcode fallback, restart with backoff, give-up with cool-down, stop, adoption after a
 * redeploy. Logs one key=value line per start, stop and failure.
 *
 * <p>FFmpeg processes outlive a redeploy on purpose (viewers keep watching; the next deployment
 * adopts them); they never outlive a stop.
 */
@ApplicationScoped
public class StreamSupervisor {
  private static final Logger LOG = Logger.getLogger(StreamSupervisor.class.getName());
  private static final Duration STABLE_RUN = Duration.ofSeconds(30);
  private static final int MAX_BACKOFF_SECONDS = 30;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject StreamSettings settings;
  @Inject StreamState state;
  @Inject ChannelRepository channels;
  @Inject PlaylistWatcher watcher;
  @Inject UpstreamResolver resolver;
  @Inject EgressProxy egress;
  @Inject AddressPolicy policy;
  @Inject Clock clock;

  private final Map<String, ChannelStream> streams = new ConcurrentHashMap<>();
  private ExecutorService workers;
  private ScheduledExecutorService timers;
  private HlsPaths paths;
  private FfmpegLog logs;
  private String node;
  private volatile boolean closed;

  @PostConstruct
  void init() {
    paths = new HlsPaths(settings.hlsDir());
    logs = new FfmpegLog(settings.logDir());
    node = settings.nodeId();
    workers = Executors.newCachedThreadPool(daemonThreads("iptv-stream"));
    timers = Executors.newScheduledThreadPool(1, daemonThreads("iptv-stream-timer"));
  }

  @PreDestroy
  void close() {
    // FFmpeg keeps running for the next deployment to adopt; only our threads go.
    closed = true;
    timers.shutdownNow();
    workers.shutdownNow();
  }

  HlsPaths paths() {
    return paths;
  }

  FfmpegLog logs() {
    return logs;
  }

  String node() {
    return node;
  }

  /**
   * Makes sure the channel runs here and returns a future completed when its playlist is playable.
   * Concurrent callers for the same channel share one start.
   */
  public CompletableFuture<Void> start(String channelId, String reason) {
    Channel channel = playableChannel(channelId);
    Optional<Instant> failedUntil = state.failedUntil(channelId);
    Instant now = clock.now();
    if (failedUntil.isPresent() && failedUntil.get().isAfter(now)) {
      throw new StreamUnavailableException(
          channelId, "upstream keeps failing", Duration.between(now, failedUntil.get()).toSeconds() + 1);
    }
    ChannelStream stream = streams.computeIfAbsent(channelId, ChannelStream::new);
    synchronized (stream) {
      switch (stream.state) {
        case STOPPING -> {
          return stream.stopped.thenCompose(v -> start(channelId, reason));
        }
        case STOPPED -> {
          streams.remove(channelId, stream); // a finished stream still in the map: start afresh
          return start(channelId, reason);
        }
        case RUNNING, BACKOFF -> {
          state.touch(channelId, now);
          return stream.ready;
        }
        default -> {
          if (stream.launching || stream.run != null) {
            return stream.ready; // already starting
          }
        }
      }
      Optional<String> holder = state.lease(channelId, node);
      if (holder.isPresent()) {
        streams.remove(channelId, stream);
        throw new StreamUnavailableException(channelId, "running on node " + holder.get(), 2);
      }
      stream.launching = true;
      workers.execute(() -> launch(stream, channel, reason));
      return stream.ready;
    }
  }

  /**
   * {@link #start}, bounded by {@code iptv.stream.start-timeout} for this caller only: the start is
   * shared by every waiting viewer, so one viewer's time-out must not become theirs.
   */
  public CompletableFuture<Void> startWithin(String channelId, String reason) {
    return start(channelId, reason)
        .copy()
        .orTimeout(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Channel playableChannel(String channelId) {
    Channel channel =
        channels.find(channelId).map(ChannelRepository.Stored::channel)
            .orElseThrow(() -> new UnknownChannelException(channelId));
    if (!channel.active()) {
      throw new UnknownChannelException(channelId);
    }
    return channel;
  }

  private void launch(ChannelStream stream, Channel channel, String reason) {
    try {
      String resolved = resolver.resolve(channel);
      StreamMode mode;
      int restarts;
      synchronized (stream) {
        if (stream.state != ChannelStream.State.STARTING || closed) {
          stream.launching = false;
          return;
        }
        mode = stream.mode;
        restarts = stream.restarts;
        stream.startTimedOut = false;
        stream.copyRejected = false;
      }
      String runId = HexFormat.of().formatHex(randomBytes(4));
      paths.removeAll(channel.id());
      Instant now = clock.now();
      Path log = logs.beginRun(channel.id(), runId, mode, now);
      List<String> command =
          FfmpegCommand.build(settings.ffmpegPath(), channel, resolved, mode, paths, runId, settings.hls(), proxyFor(channel));
      CompletableFuture<Void> playable = watcher.awaitPlayable(channel.id());
      Process process =
          ffmpegProcess(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      StreamRun run =
          new StreamRun(runId, process.toHandle(), mode, now, channel.sourceUrl(), resolved, restarts);
      synchronized (stream) {
        stream.run = run;
        stream.launching = false;
        if (stream.state != ChannelStream.State.STARTING) {
          process.destroy(); // stopped while we were launching
          return;
        }
        Duration limit = mode == StreamMode.COPY ? settings.copyTimeout() : settings.startTimeout();
        stream.pending = timers.schedule(() -> onStartTimeout(stream, run), limit.toMillis(), TimeUnit.MILLISECONDS);
      }
      state.recordStart(channel.id(), run, now);
      LOG.info(
          "stream start channel=" + channel.id() + " reason=" + reason + " mode=" + mode.wireName()
              + " pid=" + run.pid() + " run=" + runId + " restarts=" + restarts);
      playable.thenRun(() -> onPlayable(stream, run));
      process.onExit().thenAcceptAsync(p -> onExit(stream, run, "exit " + p.exitValue()), workers);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "stream failure channel=" + channel.id() + " reason=\"cannot launch ffmpeg: " + Credentials.redact(e.getMessage()) + "\"");
      giveUp(stream, "cannot launch ffmpeg");
    }
  }

  /** The proxy FFmpeg's every connection goes through (see {@link FfmpegCommand}). */
  private String proxyFor(Channel channel) {
    return channel.httpProxy() != null ? policy.pinnedProxy(channel.httpProxy()) : egress.proxyUrl();
  }

  /**
   * FFmpeg reads proxy settings from its environment too: {@code no_proxy} would let listed hosts
   * (127.0.0.1, say) bypass the egress proxy, so none of them is passed on.
   */
  private static ProcessBuilder ffmpegProcess(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
    return builder;
  }

  private void onPlayable(ChannelStream stream, StreamRun run) {
    synchronized (stream) {
      if (stream.run != run || stream.state != ChannelStream.State.STARTING) {
        return;
      }
      if (run.mode() == StreamMode.COPY && logs.saysCopyIsImpossible(stream.channelId)) {
        // Copy "succeeded" into unplayable output: restart transcoding before anyone is served.
        stream.copyRejected = true;
        run.process().destroy();
        return;
      }
      stream.state = ChannelStream.State.RUNNING;
      stream.cancelPending();
      stream.ready.complete(null);
    }
    long millis = Duration.between(run.started(), clock.now()).toMillis();
    LOG.info("stream ready channel=" + stream.channelId + " mode=" + run.mode().wireName() + " ms=" + millis);
  }

  private void onStartTimeout(ChannelStream stream, StreamRun run) {
    synchronized (stream) {
      if (stream.run != run || stream.state != ChannelStream.State.STARTING) {
        return;
      }
      stream.startTimedOut = true;
      stream.pending = null;
    }
    run.process().destroy();
  }

  private void onExit(ChannelStream stream, StreamRun run, String exit) {
    if (closed) {
      return;
    }
    String lastLine = logs.lastLine(stream.channelId);
    long delaySeconds;
    synchronized (stream) {
      if (stream.run != run) {
        return;
      }
      stream.run = null;
      if (stream.state == ChannelStream.State.STOPPING || stream.state == ChannelStream.State.STOPPED) {
        return;
      }
      boolean wasPlayable = stream.state == ChannelStream.State.RUNNING;
      String reason =
          stream.startTimedOut ? "no segment in time"
              : stream.copyRejected ? "stream copy cannot carry the upstream's codecs"
              : exit + ": " + lastLine;
      LOG.warning(
          "stream failure channel=" + stream.channelId + " reason=\"" + reason.replace('"', '\'')
              + "\" mode=" + run.mode().wireName() + " attempt=" + (stream.failures + 1));
      paths.removeAll(stream.channelId);
      stream.cancelPending();
      boolean switchToTranscode =
          run.mode() == StreamMode.COPY && !wasPlayable
              && (stream.startTimedOut || stream.copyRejected || logs.saysCopyIsImpossible(stream.channelId));
      if (wasPlayable && Duration.between(run.started(), clock.now()).compareTo(STABLE_RUN) > 0) {
        stream.failures = 0;
      }
      stream.failures++;
      if (stream.failures >= settings.maxFailures()) {
        giveUpLocked(stream, reason);
        return;
      }
      if (!isWatched(stream.channelId)) {
        stream.state = ChannelStream.State.STOPPED;
        streams.remove(stream.channelId, stream);
        state.release(stream.channelId, node);
        stream.ready.completeExceptionally(new StreamUnavailableException(stream.channelId, "stopped", 1));
        LOG.info("stream stop channel=" + stream.channelId + " reason=unwatched-after-failure");
        return;
      }
      if (switchToTranscode) {
        stream.mode = StreamMode.TRANSCODE;
        delaySeconds = 0;
      } else {
        delaySeconds = Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(5, stream.failures - 1));
        // Viewers waiting for a start that failed get a quick 503 (their players retry) instead of
        // hanging through the backoff; the channel keeps retrying for the next request.
        stream.ready.completeExceptionally(
            // Never FFmpeg's words: they may carry the upstream URL and its credentials.
            new StreamUnavailableException(stream.channelId, "upstream failed", delaySeconds + 1));
      }
      if (stream.ready.isDone()) {
        stream.ready = new CompletableFuture<>();
      }
      stream.restarts++;
      stream.state = ChannelStream.State.BACKOFF;
      stream.pending = timers.schedule(() -> relaunch(stream), delaySeconds, TimeUnit.SECONDS);
    }
  }

  private void relaunch(ChannelStream stream) {
    Channel channel;
    try {
      channel = playableChannel(stream.channelId);
    } catch (UnknownChannelException e) {
      stop(stream.channelId, "channel-removed");
      return;
    }
    synchronized (stream) {
      if (stream.state != ChannelStream.State.BACKOFF) {
        return;
      }
      stream.state = ChannelStream.State.STARTING;
      stream.pending = null;
      stream.launching = true;
    }
    workers.execute(() -> launch(stream, channel, "restart"));
  }

  private void giveUp(ChannelStream stream, String reason) {
    synchronized (stream) {
      giveUpLocked(stream, reason);
    }
  }

  private void giveUpLocked(ChannelStream stream, String reason) {
    stream.cancelPending();
    stream.state = ChannelStream.State.STOPPED;
    streams.remove(stream.channelId, stream);
    Duration cooldown = settings.failureCooldown();
    state.markFailed(stream.channelId, clock.now().plus(cooldown));
    state.release(stream.channelId, node);
    paths.removeAll(stream.channelId);
    stream.ready.completeExceptionally(
        new StreamUnavailableException(stream.channelId, "upstream keeps failing", cooldown.toSeconds()));
    stream.stopped.complete(null);
    LOG.warning(
        "stream failed channel=" + stream.channelId + " reason=\"" + reason.replace('"', '\'')
            + "\" cooldown=" + cooldown.toSeconds() + "s");
  }

  /** Whether a viewer asked for the channel within the idle timeout. */
  boolean isWatched(String channelId) {
    return state.lastAccess(channelId)
        .map(last -> clock.now().toEpochMilli() / 1000.0 - last < settings.idleTimeout().toSeconds())
        .orElse(false);
  }

  /**
   * Stops the channel: SIGTERM, SIGKILL after the grace period, files and keys removed. A channel
   * this node does not track is looked up in Redis and its PID signalled only if it is verifiably
   * our FFmpeg for that channel.
   */
  public CompletableFuture<Boolean> stop(String channelId, String reason) {
    ChannelStream stream = streams.get(channelId);
    if (stream == null) {
      return CompletableFuture.supplyAsync(() -> stopUntracked(channelId, reason), workers);
    }
    StreamRun run;
    synchronized (stream) {
      if (stream.state == ChannelStream.State.STOPPING) {
        return stream.stopped.thenApply(v -> true);
      }
      stream.state = ChannelStream.State.STOPPING;
      stream.stopReason = reason;
      stream.cancelPending();
      run = stream.run;
    }
    return CompletableFuture.supplyAsync(
        () -> {
          if (run != null) {
            terminate(run.process());
          }
          // Files and keys go before the state leaves STOPPING: a start arriving meanwhile waits
          // for `stopped` and can never have its fresh files removed by this cleanup.
          paths.removeAll(channelId);
          state.release(channelId, node);
          synchronized (stream) {
            stream.state = ChannelStream.State.STOPPED;
            stream.run = null;
          }
          streams.remove(channelId, stream);
          stream.ready.completeExceptionally(new StreamUnavailableException(channelId, "stopped", 1));
          stream.stopped.complete(null);
          LOG.info("stream stop channel=" + channelId + " reason=" + reason);
          return true;
        },
        workers);
  }

  private boolean stopUntracked(String channelId, String reason) {
    Optional<StreamState.Snapshot> snapshot =
        state.snapshots().stream().filter(s -> s.channelId().equals(channelId)).findFirst();
    if (snapshot.isEmpty()) {
      return false;
    }
    if (snapshot.get().owner().filter(o -> !o.equals(node)).isPresent()) {
      return false; // another node's stream: that node stops it
    }
    snapshot.get().pid()
        .flatMap(pid -> FfmpegIdentity.ours(pid, paths, channelId))
        .ifPresent(StreamSupervisor.this::terminate);
    paths.removeAll(channelId);
    state.release(channelId, node);
    LOG.info("stream stop channel=" + channelId + " reason=" + reason + " untracked=true");
    return true;
  }

  void terminate(ProcessHandle process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      process.onExit().get(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        LOG.warning("ffmpeg pid=" + process.pid() + " did not exit after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  /** Takes over an FFmpeg a previous deployment started (verified to be ours for the channel). */
  void adopt(String channelId, ProcessHandle process, StreamState.Snapshot snapshot) {
    ChannelStream stream = new ChannelStream(channelId);
    StreamMode mode = "transcode".equals(snapshot.fields().get("mode")) ? StreamMode.TRANSCODE : StreamMode.COPY;
    Instant started = Optional.ofNullable(snapshot.fields().get("started"))
        .map(s -> Instant.ofEpochMilli((long) (Double.parseDouble(s) * 1000)))
        .orElse(clock.now());
    StreamRun run = new StreamRun(
        snapshot.fields().getOrDefault("run", "adopted"), process, mode, started,
        snapshot.fields().getOrDefault("source", ""), snapshot.fields().getOrDefault("resolved_source", ""),
        Integer.parseInt(snapshot.fields().getOrDefault("restarts", "0")));
    stream.state = ChannelStream.State.RUNNING;
    stream.mode = mode;
    stream.run = run;
    stream.restarts = run.restarts();
    stream.ready.complete(null);
    streams.put(channelId, stream);
    state.lease(channelId, node);
    process.onExit().thenAcceptAsync(p -> onExit(stream, run, "exit (adopted process)"), workers);
    LOG.info("stream adopt channel=" + channelId + " pid=" + process.pid() + " mode=" + mode.wireName());
  }

  /** Whether this node runs or is starting the channel (a new viewer of it costs no start). */
  public boolean supervises(String channelId) {
    ChannelStream stream = streams.get(channelId);
    return stream != null && stream.state != ChannelStream.State.STOPPED;
  }

  /** Channels this node supervises. */
  public Set<String> localChannels() {
    return Set.copyOf(streams.keySet());
  }

  /** When this node began supervising the channel, if it does. */
  public Optional<Instant> trackedSince(String channelId) {
    ChannelStream stream = streams.get(channelId);
    return stream == null ? Optional.empty() : Optional.of(stream.trackedSince);
  }

  public List<String> log(String channelId, int lines) {
    return logs.tail(channelId, lines);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
