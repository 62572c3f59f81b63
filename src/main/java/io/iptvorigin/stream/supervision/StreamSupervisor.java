package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.UnknownChannelException;
import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.OwnedElsewhereException;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.StreamUnavailableException;
import io.iptvorigin.stream.ffmpeg.FfmpegLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One FFmpeg per running channel on this node, as the rest of the application sees it: start
 * (deduplicated, leased in Redis), stop, adoption after a redeploy, and what runs here. What
 * happens between start and stop (readiness, restarts, giving up) is {@link StreamRunner}'s.
 *
 * <p>FFmpeg processes outlive a redeploy on purpose (viewers keep watching; the next deployment
 * adopts them); they never outlive a stop.
 */
@ApplicationScoped
public class StreamSupervisor {
  private static final Logger LOG = Logger.getLogger(StreamSupervisor.class.getName());

  @Inject StreamSettings settings;
  @Inject StreamState state;
  @Inject StreamTroubles troubles;
  @Inject OwnerLeases owners;
  @Inject Nodes nodes;
  @Inject ChannelStreams streams;
  @Inject StreamRunner runner;
  @Inject StreamStopper stopper;
  @Inject ProviderAdmission admission;
  @Inject ProviderLeases leases;
  @Inject FfmpegLog logs;
  @Inject Clock clock;
  @Inject StreamEvents events;

  /** {@link #start(ChannelId, String, Viewer)} for a start no viewer asked for. */
  public CompletableFuture<Void> start(ChannelId id, String reason) {
    return start(id, reason, Viewer.NONE);
  }

  /**
   * Makes sure the channel runs here and returns a future completed when its playlist is playable.
   * Concurrent callers for the same channel share one start. A channel counting against a provider
   * starts once it holds one of the provider's slots ({@link ProviderAdmission}); {@code requester}
   * is whoever asked, whose own channel may give its slot up (zapping).
   */
  public CompletableFuture<Void> start(ChannelId id, String reason, Viewer requester) {
    Channel channel = runner.playableChannel(id).orElseThrow(() -> new UnknownChannelException(id));
    String channelId = id.value();
    Optional<Instant> failedUntil = troubles.failedUntil(channelId);
    Instant now = clock.now();
    if (failedUntil.isPresent() && failedUntil.get().isAfter(now)) {
      throw new StreamUnavailableException(
          channelId,
          "upstream keeps failing",
          Duration.between(now, failedUntil.get()).toSeconds() + 1);
    }
    // Running on another node: served from there (no provider slot, no lease attempt here).
    Optional<String> owner = ownerElsewhere(id);
    if (owner.isPresent()) {
      throw new OwnedElsewhereException(channelId, owner.get());
    }
    ChannelStream stream = streams.getOrCreate(channelId);
    synchronized (stream) {
      switch (stream.state) {
        case STOPPING -> {
          return stream.stopped.thenCompose(v -> start(id, reason, requester));
        }
        case STOPPED -> {
          streams.remove(stream); // a finished stream still in the map: start afresh
          return start(id, reason, requester);
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
      CompletableFuture<Optional<ProviderLeases.Slot>> admitted;
      try {
        admitted = admission.admit(channel, requester);
      } catch (RuntimeException e) {
        streams.remove(stream);
        throw e;
      }
      if (admitted.isDone()) {
        leaseAndLaunch(stream, channel, reason, admitted.join());
      } else {
        stream.launching = true; // joiners wait for this start while another channel stops
        admitted.whenCompleteAsync(
            (slot, error) -> launchAdmitted(stream, channel, reason, slot, error),
            streams.workers());
      }
      return stream.ready;
    }
  }

  /** Takes the owner lease and launches; the caller holds the stream's lock. */
  private void leaseAndLaunch(
      ChannelStream stream, Channel channel, String reason, Optional<ProviderLeases.Slot> slot) {
    String channelId = channel.id();
    Optional<String> holder;
    try {
      holder = owners.lease(channelId, streams.node());
    } catch (RuntimeException e) {
      slot.ifPresent(leases::abandon);
      streams.remove(stream);
      throw e;
    }
    if (holder.isPresent()) {
      slot.ifPresent(leases::abandon);
      streams.remove(stream);
      throw new OwnedElsewhereException(channelId, holder.get());
    }
    slot.ifPresent(leases::hold);
    stream.launching = true;
    streams.workers().execute(() -> runner.launch(stream, channel, reason));
  }

  /** A start that waited for another channel to give its provider slot up goes on, or fails. */
  private void launchAdmitted(
      ChannelStream stream,
      Channel channel,
      String reason,
      Optional<ProviderLeases.Slot> slot,
      Throwable error) {
    synchronized (stream) {
      stream.launching = false;
      if (stream.state != ChannelStream.State.STARTING || streams.closed()) {
        // Stopped meanwhile: the stop has answered the waiting viewers.
        if (slot != null) {
          slot.ifPresent(leases::abandon);
        }
        return;
      }
      Throwable refused =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      if (refused == null) {
        try {
          leaseAndLaunch(stream, channel, reason, slot);
          return;
        } catch (RuntimeException e) {
          refused = e;
        }
      }
      stream.state = ChannelStream.State.STOPPED;
      streams.remove(stream);
      stream.ready.completeExceptionally(refused);
      stream.stopped.complete(null);
    }
  }

  /**
   * {@link #start}, bounded by {@code iptv.stream.start-timeout} for this caller only: the start is
   * shared by every waiting viewer, so one viewer's time-out must not become theirs.
   */
  public CompletableFuture<Void> startWithin(ChannelId id, String reason) {
    return startWithin(id, reason, Viewer.NONE);
  }

  /** {@link #startWithin(ChannelId, String)} asked for by {@code requester}. */
  public CompletableFuture<Void> startWithin(ChannelId id, String reason, Viewer requester) {
    // A viewer's request for a channel this node does not run is a cold start: timed from here,
    // the request's arrival, to the playlist it gets (the start histogram).
    boolean coldStart = reason.equals("viewer") && !supervises(id);
    long began = System.nanoTime();
    CompletableFuture<Void> started;
    try {
      started =
          start(id, reason, requester)
              .copy()
              .orTimeout(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      if (coldStart) {
        timed(id, began, e);
      }
      throw e;
    }
    return coldStart ? started.whenComplete((done, error) -> timed(id, began, error)) : started;
  }

  /** Counts a viewer's cold start, unless another node turned out to run the channel. */
  private void timed(ChannelId id, long began, Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (!(cause instanceof OwnedElsewhereException)) {
      events.started(
          id.value(), StartOutcome.of(error), Duration.ofNanos(System.nanoTime() - began));
    }
  }

  /** See {@link StreamStopper}: completes with false when there was nothing of ours to stop. */
  public CompletableFuture<Boolean> stop(ChannelId id, String reason) {
    return stopper.stop(id.value(), reason);
  }

  /** The node running the channel, when it is another one (it holds the channel's lease). */
  public Optional<String> ownerElsewhere(ChannelId id) {
    if (supervises(id)) {
      return Optional.empty();
    }
    Optional<String> owner = owners.ownerOf(id.value()).filter(o -> !o.equals(streams.node()));
    // A lease outliving its node's heartbeat is a dead node's (or a forgotten one's): free.
    if (owner.isPresent() && !nodes.alive(owner.get())) {
      LOG.info(
          "stream owner gone channel="
              + id.value()
              + " node="
              + owner.get()
              + " reason=\"no heartbeat\"");
      owners.releaseIfHeldBy(id.value(), owner.get());
      return Optional.empty();
    }
    return owner;
  }

  /**
   * Takes the channel over from {@code from}, which drains: its lease becomes this node's (its
   * renewal there then stops its FFmpeg) and the caller starts the channel here. False when another
   * node holds it.
   */
  public boolean takeOverFrom(ChannelId id, String from) {
    boolean moved = owners.handOver(id.value(), from, streams.node());
    LOG.info(
        "stream handover channel="
            + id.value()
            + " from="
            + from
            + " to="
            + streams.node()
            + " result="
            + (moved ? "taken" : "held-elsewhere"));
    return moved;
  }

  /** Whether this node runs or is starting the channel (a new viewer of it costs no start). */
  public boolean supervises(ChannelId id) {
    ChannelStream stream = streams.get(id.value());
    return stream != null && stream.state != ChannelStream.State.STOPPED;
  }

  /** The PID of the FFmpeg this node runs for the channel now; -1 when none. */
  public long pidOf(ChannelId id) {
    ChannelStream stream = streams.get(id.value());
    StreamRun run = stream == null ? null : stream.run;
    return run == null ? -1 : run.pid().orElse(-1);
  }

  /** The mode of the channel's current (or next) run here, when this node supervises it. */
  /**
   * The speed the supervisor measures for the channel's run (media seconds per wall second over the
   * last quarter of {@code iptv.stream.slow-period}), for runs that report none of their own:
   * native ones. Empty for others, for a channel not running here and before the run has a window.
   */
  public Optional<Double> nativeSpeedOf(ChannelId id) {
    ChannelStream stream = streams.get(id.value());
    if (stream == null) {
      return Optional.empty();
    }
    synchronized (stream) {
      if (stream.run == null
          || stream.run.mode() != StreamMode.NATIVE
          || stream.state != ChannelStream.State.RUNNING) {
        return Optional.empty();
      }
      double speed = stream.progress.recentSpeed(settings.slowPeriod());
      return Double.isNaN(speed) ? Optional.empty() : Optional.of(speed);
    }
  }

  public Optional<StreamMode> modeOf(ChannelId id) {
    ChannelStream stream = streams.get(id.value());
    if (stream == null) {
      return Optional.empty();
    }
    synchronized (stream) {
      if (stream.state == ChannelStream.State.STOPPED) {
        return Optional.empty();
      }
      // The run's own: copy chosen may run natively.
      return Optional.of(stream.run != null ? stream.run.mode() : stream.mode);
    }
  }

  /** Channels this node supervises. */
  public Set<ChannelId> localChannels() {
    return streams.ids().stream().map(ChannelId::new).collect(Collectors.toUnmodifiableSet());
  }

  /** When this node began supervising the channel, if it does. */
  public Optional<Instant> trackedSince(ChannelId id) {
    ChannelStream stream = streams.get(id.value());
    return stream == null ? Optional.empty() : Optional.of(stream.trackedSince);
  }

  /** This node's name in ownership leases. */
  public String node() {
    return streams.node();
  }

  public List<String> log(ChannelId id, int lines) {
    return logs.tail(id.value(), lines);
  }
}
