package io.iptvorigin.stream.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.channel.Quality;
import io.iptvorigin.channel.Resilience;
import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Redis;
import io.iptvorigin.provider.ProviderSettings;
import io.iptvorigin.provider.ProviderSlots;
import io.iptvorigin.stream.OwnedElsewhereException;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.ffmpeg.FfmpegCommands;
import io.iptvorigin.stream.ffmpeg.FfmpegLauncher;
import io.iptvorigin.stream.ffmpeg.FfmpegLog;
import io.iptvorigin.stream.ffmpeg.UpstreamResolver;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.stream.hls.PlaylistKeeper;
import io.iptvorigin.stream.hls.PlaylistWatcher;
import io.iptvorigin.upstream.AddressPolicy;
import io.iptvorigin.upstream.EgressProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

/**
 * The supervisor with its real parts (runner, stopper, policy, HLS paths and FFmpeg log on a
 * temporary directory) and fakes for what touches the world: the launcher hands out fake processes,
 * Redis state and the clock are mocks, and worker tasks and timers run only when a test says so.
 */
class StreamSupervisorTest {
  private static final String ID = "48681";
  private static final ChannelId CHANNEL = new ChannelId(ID);
  private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

  @TempDir Path dir;

  private final FakeThreads threads = new FakeThreads();
  private final StreamSettings settings = mock(StreamSettings.class);
  private final StreamState state = mock(StreamState.class);
  private final OwnerLeases owners = mock(OwnerLeases.class);
  private final Nodes nodes = mock(Nodes.class);
  private final StreamTroubles troubles = mock(StreamTroubles.class);
  private final ChannelRepository channels = mock(ChannelRepository.class);
  private final FfmpegLauncher launcher = mock(FfmpegLauncher.class);
  private final io.iptvorigin.stream.remux.NativeRemux natives =
      mock(io.iptvorigin.stream.remux.NativeRemux.class);
  private final PlaylistWatcher watcher = mock(PlaylistWatcher.class);
  private final PlaylistKeeper keeper = mock(PlaylistKeeper.class);
  private final Clock clock = mock(Clock.class);
  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  private final StreamEvents events = StreamEvents.countingIn(meters, clock);
  private final List<FakeRun> runs = new ArrayList<>();
  private final List<CompletableFuture<Void>> playable = new ArrayList<>();
  private final ProviderSlots slots = mock(ProviderSlots.class);
  private final HolderActivity activity = mock(HolderActivity.class);
  private StreamSupervisor supervisor;
  private StreamRecovery recovery;

  @BeforeEach
  void wire() throws Exception {
    when(settings.ffmpegPath()).thenReturn("ffmpeg");
    when(settings.hls()).thenReturn(new StreamSettings.HlsOptions(4, 1.0, 6));
    when(settings.copyTimeout()).thenReturn(Duration.ofSeconds(8));
    when(settings.startTimeout()).thenReturn(Duration.ofSeconds(15));
    when(settings.idleTimeout()).thenReturn(Duration.ofSeconds(300));
    when(settings.maxFailures()).thenReturn(5);
    when(settings.failureCooldown()).thenReturn(Duration.ofSeconds(60));
    when(settings.primaryRetry()).thenReturn(Duration.ofMinutes(10));
    when(clock.now()).thenReturn(T0);
    Channel channel =
        new Channel(
            ID,
            "News",
            "http://up.example/48681.ts",
            null,
            null,
            Quality.MEDIUM,
            0,
            0,
            true,
            null,
            null,
            null,
            null,
            null);
    when(channels.find(CHANNEL))
        .thenReturn(Optional.of(new ChannelRepository.Stored(channel, "{}")));
    when(troubles.failedUntil(ID)).thenReturn(Optional.empty());
    when(owners.lease(eq(ID), anyString())).thenReturn(Optional.empty());
    when(state.release(anyString(), anyString())).thenReturn(true);
    watched(true);
    when(watcher.awaitRunPlayable(ID))
        .thenAnswer(
            inv -> {
              CompletableFuture<Void> future = new CompletableFuture<>();
              playable.add(future);
              return future;
            });
    when(launcher.launch(any(), any()))
        .thenAnswer(
            inv -> {
              FakeRun run = new FakeRun(inv.getArgument(0), inv.getArgument(1), 1000 + runs.size());
              runs.add(run);
              return run.process;
            });

    ChannelStreams streams = new ChannelStreams("node-a", threads.workers, threads.timers);
    HlsPaths paths = new HlsPaths(dir.resolve("hls"));
    FfmpegLog logs = new FfmpegLog(dir.resolve("logs"));
    StreamStopper stopper = new StreamStopper();
    stopper.streams = streams;
    stopper.state = state;
    stopper.troubles = troubles;
    stopper.launcher = launcher;
    stopper.paths = paths;
    stopper.settings = settings;
    stopper.clock = clock;
    stopper.keeper = keeper;
    ProviderLeases leases = new ProviderLeases();
    leases.slots = slots;
    leases.redis = mock(Redis.class);
    stopper.leases = leases;
    ProviderAdmission admission = new ProviderAdmission();
    admission.streams = streams;
    admission.stopper = stopper;
    admission.leases = leases;
    admission.slots = slots;
    admission.activity = activity;
    admission.settings = new ProviderSettings(20, 10, 8);
    admission.clock = clock;
    UpstreamResolver resolver = mock(UpstreamResolver.class);
    when(resolver.resolve(anyString(), any()))
        .thenAnswer(inv -> inv.getArgument(1, io.iptvorigin.channel.Source.class).url());
    EgressProxy egress = mock(EgressProxy.class);
    when(egress.proxyUrl()).thenReturn("http://127.0.0.1:8183");
    StreamRunner runner = new StreamRunner();
    runner.settings = settings;
    runner.state = state;
    runner.troubles = troubles;
    runner.channels = channels;
    runner.streams = streams;
    runner.stopper = stopper;
    runner.launcher = launcher;
    runner.logs = logs;
    runner.paths = paths;
    runner.watcher = watcher;
    runner.keeper = keeper;
    runner.resolver = resolver;
    runner.commands = new FfmpegCommands(settings, paths, egress, mock(AddressPolicy.class));
    runner.clock = clock;
    RunEngines engines = new RunEngines();
    engines.settings = settings;
    runner.engines = engines;
    runner.natives = natives;
    recovery = new StreamRecovery();
    recovery.settings = settings;
    recovery.state = state;
    recovery.troubles = troubles;
    recovery.streams = streams;
    recovery.stopper = stopper;
    recovery.runner = runner;
    recovery.logs = logs;
    recovery.keeper = keeper;
    recovery.clock = clock;
    recovery.events = events;
    runner.recovery = recovery;
    supervisor = new StreamSupervisor();
    supervisor.settings = settings;
    supervisor.state = state;
    supervisor.owners = owners;
    supervisor.nodes = nodes;
    supervisor.troubles = troubles;
    supervisor.streams = streams;
    supervisor.runner = runner;
    supervisor.stopper = stopper;
    supervisor.logs = logs;
    supervisor.clock = clock;
    supervisor.events = events;
    supervisor.admission = admission;
    supervisor.leases = leases;
  }

  private void watched(boolean watched) {
    double lastAccess = T0.getEpochSecond() - (watched ? 10 : 1000);
    when(state.lastAccess(ID)).thenReturn(Optional.of(lastAccess));
  }

  @Test
  void aChannelAnotherLiveNodeHoldsIsServedFromThereAndNotLaunched() throws Exception {
    when(owners.ownerOf(ID)).thenReturn(Optional.of("node-b"));
    when(nodes.alive("node-b")).thenReturn(true);

    OwnedElsewhereException refused =
        assertThrows(OwnedElsewhereException.class, () -> supervisor.start(CHANNEL, "viewer"));
    assertEquals("node-b", refused.node());
    verify(owners, never()).releaseIfHeldBy(any(), any());
    threads.runWorkers();
    verify(launcher, never()).launch(any(), any());
  }

  @Test
  void aLeaseOutlivingItsNodesHeartbeatIsFreedAndTheChannelStartsHere() throws Exception {
    when(owners.ownerOf(ID)).thenReturn(Optional.of("node-dead"));
    when(nodes.alive("node-dead")).thenReturn(false);

    supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();

    verify(owners).releaseIfHeldBy(ID, "node-dead");
    verify(launcher, times(1)).launch(any(), any());
  }

  @Test
  void concurrentStartsShareOneLaunch() throws Exception {
    CompletableFuture<Void> first = supervisor.start(CHANNEL, "viewer");
    CompletableFuture<Void> second = supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();

    assertSame(first, second, "one shared start");
    verify(launcher, times(1)).launch(any(), any());
    playable.get(0).complete(null);
    assertTrue(first.isDone() && !first.isCompletedExceptionally(), "ready once playable");
    assertTrue(supervisor.supervises(CHANNEL));
  }

  @Test
  void aStopWhileLaunchingDestroysTheNewProcess() throws Exception {
    doAnswer(
            inv -> {
              supervisor.stop(CHANNEL, "api");
              FakeRun run = new FakeRun(inv.getArgument(0), inv.getArgument(1), 1000);
              runs.add(run);
              return run.process;
            })
        .when(launcher)
        .launch(any(), any());
    CompletableFuture<Void> ready = supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();

    verify(runs.get(0).handle).destroy();
    verify(state, never()).recordStart(any(), any(), any());
    assertTrue(ready.isCompletedExceptionally(), "the waiting start is refused");
    assertFalse(supervisor.supervises(CHANNEL));
  }

  @Test
  void aStopDuringTheLaunchIsDoneOnlyOnceTheNewProcessIsTerminated() throws Exception {
    List<CompletableFuture<Boolean>> stops = new ArrayList<>();
    doAnswer(
            inv -> {
              stops.add(supervisor.stop(CHANNEL, "provider-evicted"));
              FakeRun run = new FakeRun(inv.getArgument(0), inv.getArgument(1), 1000);
              runs.add(run);
              return run.process;
            })
        .when(launcher)
        .launch(any(), any());
    supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();

    verify(launcher).terminate(runs.get(0).handle);
    assertTrue(stops.get(0).getNow(false));
  }

  /** A channel of provider acme, launched like the test's channel. */
  private ChannelId providerChannel(String id) {
    ChannelId channelId = new ChannelId(id);
    Channel channel =
        new Channel(
                id,
                "Channel " + id,
                "http://up.example/" + id + ".ts",
                null,
                null,
                Quality.MEDIUM,
                0,
                0,
                true,
                null,
                null,
                null,
                null,
                null)
            .withResilience(new Resilience(List.of(), "acme", false, true));
    when(channels.find(channelId))
        .thenReturn(Optional.of(new ChannelRepository.Stored(channel, "{}")));
    when(watcher.awaitRunPlayable(id))
        .thenAnswer(
            inv -> {
              CompletableFuture<Void> future = new CompletableFuture<>();
              playable.add(future);
              return future;
            });
    return channelId;
  }

  @Test
  void aZapOnAFullProviderLaunchesOnlyOnceTheChannelLeftHasStoppedAndFreedItsSlot()
      throws Exception {
    Viewer zapper = new Viewer("alice", "198.51.100.7");
    ChannelId a = providerChannel("a");
    ChannelId b = providerChannel("b");
    when(slots.acquire("acme", "a"))
        .thenReturn(new ProviderSlots.Acquisition(ProviderSlots.Outcome.ACQUIRED, List.of()));
    supervisor.start(a, "viewer", zapper);
    threads.runWorkers();
    playable.get(0).complete(null);
    when(slots.acquire("acme", "b"))
        .thenReturn(
            new ProviderSlots.Acquisition(ProviderSlots.Outcome.FULL, List.of("a")),
            new ProviderSlots.Acquisition(ProviderSlots.Outcome.ACQUIRED, List.of()));
    Instant seen = T0.minusSeconds(1);
    when(activity.of(List.of("a")))
        .thenReturn(
            List.of(
                new EvictionChoice.Holder(
                    "a", Optional.of(seen), Map.of("alice|198.51.100.7", seen), false)));

    CompletableFuture<Void> ready = supervisor.start(b, "viewer", zapper);
    assertTrue(supervisor.supervises(b), "joiners share the waiting start");
    assertEquals(1, runs.size(), "nothing launched before the channel left has stopped");
    threads.runWorkers();

    InOrder order = inOrder(launcher, slots);
    order.verify(launcher).terminate(runs.get(0).handle);
    order.verify(slots).release("acme", "a");
    order.verify(slots).acquire("acme", "b");
    order.verify(launcher).launch(any(), any());
    verify(slots, times(2)).acquire("acme", "b");
    assertFalse(supervisor.supervises(a), "the channel left is stopped");
    playable.get(1).complete(null);
    assertTrue(ready.isDone() && !ready.isCompletedExceptionally(), "the new channel plays");
  }

  @Test
  void aStartOnAProviderWhoseChannelsAreWatchedIsRefusedAndLeavesNothingBehind() {
    ChannelId b = providerChannel("b");
    when(slots.acquire("acme", "b"))
        .thenReturn(new ProviderSlots.Acquisition(ProviderSlots.Outcome.FULL, List.of("a")));
    Instant seen = T0.minusSeconds(2);
    when(activity.of(List.of("a")))
        .thenReturn(
            List.of(
                new EvictionChoice.Holder(
                    "a", Optional.of(seen), Map.of("bob|203.0.113.9", seen), false)));

    org.junit.jupiter.api.Assertions.assertThrows(
        ProviderFullException.class,
        () -> supervisor.start(b, "viewer", new Viewer("alice", "198.51.100.7")));

    assertFalse(supervisor.supervises(b));
    assertTrue(runs.isEmpty());
  }

  @Test
  void anExitWhileWatchedSchedulesARelaunchAfterOneSecond() throws Exception {
    supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();
    playable.get(0).complete(null);
    runs.get(0).exit(1);
    threads.runWorkers();

    FakeThreads.Timer relaunch = threads.lastTimer();
    assertEquals(TimeUnit.SECONDS.toMillis(1), relaunch.unit().toMillis(relaunch.delay()));
    relaunch.fire();
    threads.runWorkers();
    verify(launcher, times(2)).launch(any(), any());
    verify(state).recordStart(eq(ID), argThat(run -> run.restarts() == 1), any());
    assertEquals(
        1,
        meters.get("iptv.stream.restarts").tags("channel", ID, "reason", "exit").counter().count());
    assertEquals("restart", events.recentFailures().get(0).kind());
  }

  @Test
  void aCopyRunTheLogSaysCannotWorkIsRelaunchedAsTranscodeAtOnce() throws Exception {
    CompletableFuture<Void> ready = supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();
    runs.get(0).logs("[mpegts @ 0x1] Could not find tag for codec hevc in stream #0");
    runs.get(0).exit(1);
    threads.runWorkers();

    FakeThreads.Timer relaunch = threads.lastTimer();
    assertEquals(0, relaunch.delay());
    relaunch.fire();
    threads.runWorkers();
    assertTrue(runs.get(0).command.contains("copy"), "first run copies");
    assertFalse(runs.get(1).command.contains("copy"), "second run transcodes");
    assertFalse(ready.isDone(), "viewers keep waiting through the switch");
    assertEquals(
        1,
        meters
            .get("iptv.stream.restarts")
            .tags("channel", ID, "reason", "copy_failed")
            .counter()
            .count());
  }

  @Test
  void aNativeRunThatCannotCarryItsStreamHandsTheSameSourceToFfmpegCopyAtOnce() throws Exception {
    when(settings.nativeRemux()).thenReturn(true);
    CompletableFuture<io.iptvorigin.stream.RunEnd> nativeEnd = new CompletableFuture<>();
    io.iptvorigin.stream.RunHandle handle = mock(io.iptvorigin.stream.RunHandle.class);
    when(handle.pid()).thenReturn(java.util.OptionalLong.empty());
    when(handle.ended()).thenReturn(nativeEnd);
    when(natives.start(eq(ID), anyString(), any())).thenReturn(handle);
    CompletableFuture<Void> ready = supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();
    verify(natives).start(eq(ID), anyString(), any());
    verify(launcher, never()).launch(any(), any());
    verify(state).recordStart(eq(ID), argThat(run -> run.mode() == StreamMode.NATIVE), any());

    nativeEnd.complete(new io.iptvorigin.stream.RunEnd("native: remux not_ts", true, false));
    threads.runWorkers();
    FakeThreads.Timer relaunch = threads.lastTimer();
    assertEquals(0, relaunch.delay());
    relaunch.fire();
    threads.runWorkers();

    verify(natives, times(1)).start(any(), any(), any());
    assertTrue(runs.get(0).command.contains("copy"), "FFmpeg copies the same source");
    verify(state).recordStart(eq(ID), argThat(run -> run.mode() == StreamMode.COPY), any());
    assertFalse(ready.isDone(), "viewers keep waiting through the switch");
    assertEquals(
        1,
        meters
            .get("iptv.stream.restarts")
            .tags("channel", ID, "reason", "remux_failed")
            .counter()
            .count());
  }

  @Test
  void theLastAllowedFailureGivesUpAndMarksTheCooldown() throws Exception {
    when(settings.maxFailures()).thenReturn(2);
    withResilience(new io.iptvorigin.channel.Resilience(List.of(), null, false, false));
    supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();
    playable.get(0).complete(null);
    runs.get(0).exit(1);
    threads.runWorkers();
    threads.lastTimer().fire();
    threads.runWorkers();
    runs.get(1).exit(1);
    threads.runWorkers();

    verify(troubles).markFailed(ID, T0.plusSeconds(60));
    verify(state).release(ID, "node-a");
    assertFalse(supervisor.supervises(CHANNEL));
    assertEquals(2, runs.size(), "no third launch");
  }

  @Test
  void aColdStartThatFailsOnItsOnlySourceLeavesNoFfmpegRetrying() throws Exception {
    when(troubles.countStartFailure(eq(ID), any())).thenReturn(1L);
    CompletableFuture<Void> ready = supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();
    int timersBefore = threads.timerCount();
    runs.get(0).exit(1);
    threads.runWorkers();

    assertTrue(ready.isCompletedExceptionally(), "the waiting viewers get their 503");
    verify(troubles).markFailed(ID, T0.plusSeconds(1));
    verify(state).release(ID, "node-a");
    assertFalse(supervisor.supervises(CHANNEL));
    assertEquals(timersBefore, threads.timerCount(), "no relaunch scheduled");
    assertEquals(1, runs.size());
  }

  @Test
  void aFailingSourceHandsOverToTheNextAtOnceAndAFailedWalkStartsOverFromTheFirst()
      throws Exception {
    withBackups("http://b1.example/x.ts", "http://b2.example/x.ts");
    supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();
    playable.get(0).complete(null);

    runs.get(0).exit(0);
    threads.runWorkers();
    assertEquals(0, threads.lastTimer().delay(), "the next source at once");
    threads.lastTimer().fire();
    threads.runWorkers();
    assertTrue(runs.get(1).command.contains("http://b1.example/x.ts"), "first backup");
    verify(troubles)
        .recordSwitch(eq(ID), eq(1), argThat(s -> s.endsWith("0>1 source ended (exit 0)")));

    runs.get(1).exit(1);
    threads.runWorkers();
    threads.lastTimer().fire();
    threads.runWorkers();
    assertTrue(runs.get(2).command.contains("http://b2.example/x.ts"), "second backup");

    runs.get(2).exit(1);
    threads.runWorkers();
    FakeThreads.Timer over = threads.lastTimer();
    assertEquals(1, over.delay(), "every source failed once: a backoff before the first again");
    over.fire();
    threads.runWorkers();
    assertTrue(runs.get(3).command.contains("http://up.example/48681.ts"), "first source again");
    assertEquals(4, runs.size(), "each source tried once per walk");
  }

  @Test
  void aColdStartWalksEverySourceBeforeTheViewersGetTheir503() throws Exception {
    withBackups("http://b1.example/x.ts");
    when(troubles.countStartFailure(eq(ID), any())).thenReturn(1L);
    CompletableFuture<Void> ready = supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();
    runs.get(0).exit(1);
    threads.runWorkers();
    assertFalse(ready.isDone(), "viewers keep waiting while a backup is tried");
    threads.lastTimer().fire();
    threads.runWorkers();
    runs.get(1).exit(1);
    threads.runWorkers();

    assertTrue(ready.isCompletedExceptionally());
    assertFalse(supervisor.supervises(CHANNEL));
    assertEquals(2, runs.size());
  }

  private void withBackups(String... urls) {
    withResilience(
        new io.iptvorigin.channel.Resilience(
            java.util.Arrays.stream(urls).map(io.iptvorigin.channel.Source::of).toList(),
            null,
            false,
            true));
  }

  private void withResilience(io.iptvorigin.channel.Resilience resilience) {
    Channel channel = channels.find(CHANNEL).orElseThrow().channel().withResilience(resilience);
    when(channels.find(CHANNEL))
        .thenReturn(Optional.of(new ChannelRepository.Stored(channel, "{}")));
  }

  @Test
  void watchersOfTheSlateKeepTheChannelTryingPastTheMaximumFailures() throws Exception {
    when(settings.maxFailures()).thenReturn(2);
    supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();
    playable.get(0).complete(null);
    runs.get(0).exit(1);
    threads.runWorkers();
    threads.lastTimer().fire();
    threads.runWorkers();
    runs.get(1).exit(1);
    threads.runWorkers();

    verify(troubles, never()).markFailed(any(), any());
    assertTrue(supervisor.supervises(CHANNEL), "still trying under the slate");
  }

  @Test
  void anExitNobodyWatchesStopsTheChannel() throws Exception {
    supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();
    playable.get(0).complete(null);
    watched(false);
    runs.get(0).exit(1);
    threads.runWorkers();

    verify(state).release(ID, "node-a");
    verify(troubles, never()).markFailed(any(), any());
    assertFalse(supervisor.supervises(CHANNEL));
  }

  @Test
  void aStopTerminatesTheRunningProcessThroughTheLauncher() throws Exception {
    supervisor.start(CHANNEL, "viewer");
    threads.runWorkers();
    playable.get(0).complete(null);
    CompletableFuture<Boolean> stopped = supervisor.stop(CHANNEL, "idle");
    threads.runWorkers();

    verify(launcher).terminate(runs.get(0).handle);
    assertTrue(stopped.getNow(false));
    assertFalse(supervisor.supervises(CHANNEL));
  }

  @Test
  void anAdoptedTranscodingRunRestartsAsTranscodeWithItsRestartCount() throws Exception {
    FakeRun adopted = new FakeRun(List.of(), dir.resolve("none.log"), 999);
    StreamState.Snapshot snapshot =
        new StreamState.Snapshot(
            ID,
            Map.of(
                "mode",
                "transcode",
                "restarts",
                "3",
                "run",
                "0a1b2c3d",
                "started",
                "1735732790.500"));
    StreamAdoption adoption = new StreamAdoption();
    adoption.settings = settings;
    adoption.streams = supervisor.streams;
    adoption.owners = owners;
    adoption.recovery = recovery;
    adoption.keeper = keeper;
    adoption.launcher = launcher;
    adoption.logs = recovery.logs;
    adoption.runner = recovery.runner;
    adoption.clock = clock;
    adoption.adopt(ID, adopted.handle, snapshot);
    assertTrue(supervisor.supervises(CHANNEL));
    adopted.handleExit.complete(adopted.handle);
    threads.runWorkers();
    threads.lastTimer().fire();
    threads.runWorkers();

    assertFalse(runs.get(0).command.contains("copy"), "still transcoding");
    verify(state).recordStart(eq(ID), argThat(run -> run.restarts() == 4), any());
  }

  /** One fake FFmpeg: the command it got, its log, and an exit the test triggers. */
  private static final class FakeRun {
    final List<String> command;
    final Path log;
    final Process process = mock(Process.class);
    final ProcessHandle handle = mock(ProcessHandle.class);
    final CompletableFuture<Process> exit = new CompletableFuture<>();
    final CompletableFuture<ProcessHandle> handleExit = new CompletableFuture<>();

    FakeRun(List<String> command, Path log, long pid) {
      this.command = command;
      this.log = log;
      when(process.toHandle()).thenReturn(handle);
      when(process.onExit()).thenReturn(exit);
      when(handle.pid()).thenReturn(pid);
      when(handle.onExit()).thenReturn(handleExit);
    }

    void logs(String line) throws Exception {
      Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
    }

    void exit(int code) {
      when(process.exitValue()).thenReturn(code);
      exit.complete(process);
    }
  }

  /** Workers that run only when asked, and timers that fire only when asked. */
  private static final class FakeThreads {
    record Timer(Runnable task, long delay, TimeUnit unit, CompletableFuture<Object> future) {
      void fire() {
        if (!future.isCancelled()) {
          task.run();
        }
      }
    }

    final List<Runnable> queue = new ArrayList<>();
    final List<Timer> scheduled = new ArrayList<>();
    final java.util.concurrent.ExecutorService workers =
        new java.util.concurrent.AbstractExecutorService() {
          @Override
          public void execute(Runnable task) {
            queue.add(task);
          }

          @Override
          public void shutdown() {}

          @Override
          public List<Runnable> shutdownNow() {
            return List.of();
          }

          @Override
          public boolean isShutdown() {
            return false;
          }

          @Override
          public boolean isTerminated() {
            return false;
          }

          @Override
          public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
          }
        };
    final ScheduledExecutorService timers = mock(ScheduledExecutorService.class);

    FakeThreads() {
      when(timers.schedule(any(Runnable.class), anyLong(), any(TimeUnit.class)))
          .thenAnswer(
              inv -> {
                Timer timer =
                    new Timer(
                        inv.getArgument(0),
                        inv.getArgument(1),
                        inv.getArgument(2),
                        new CompletableFuture<>());
                scheduled.add(timer);
                return new CancellableFuture(timer.future());
              });
    }

    void runWorkers() {
      while (!queue.isEmpty()) {
        queue.remove(0).run();
      }
    }

    int timerCount() {
      return scheduled.size();
    }

    Timer lastTimer() {
      return scheduled.get(scheduled.size() - 1);
    }
  }

  /** What {@link ScheduledExecutorService#schedule} returns, reduced to cancelling. */
  private record CancellableFuture(CompletableFuture<Object> future)
      implements java.util.concurrent.ScheduledFuture<Object> {
    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(java.util.concurrent.Delayed other) {
      return 0;
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      return future.cancel(mayInterrupt);
    }

    @Override
    public boolean isCancelled() {
      return future.isCancelled();
    }

    @Override
    public boolean isDone() {
      return future.isDone();
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
