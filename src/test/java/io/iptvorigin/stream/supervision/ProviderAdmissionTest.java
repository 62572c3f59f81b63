package io.iptvorigin.stream.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.Quality;
import io.iptvorigin.channel.Resilience;
import io.iptvorigin.common.Clock;
import io.iptvorigin.provider.ProviderSettings;
import io.iptvorigin.provider.ProviderSlots;
import io.iptvorigin.provider.ProviderSlots.Acquisition;
import io.iptvorigin.provider.ProviderSlots.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admission of a start to its provider, with Redis (slots, viewer activity) and the stopper
 * faked: what it takes, whom it stops, and that it takes the slot only once the stop is done.
 */
class ProviderAdmissionTest {
  private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");
  private static final Viewer ZAPPER = new Viewer("alice", "198.51.100.7");

  private final ProviderSlots slots = mock(ProviderSlots.class);
  private final HolderActivity activity = mock(HolderActivity.class);
  private final StreamStopper stopper = mock(StreamStopper.class);
  private final ProviderLeases leases = mock(ProviderLeases.class);
  private final Clock clock = mock(Clock.class);
  private final ChannelStreams streams =
      new ChannelStreams("node-b", new InlineExecutor(), mock(ScheduledExecutorService.class));
  private final ProviderAdmission admission = new ProviderAdmission();

  @BeforeEach
  void wire() {
    admission.slots = slots;
    admission.activity = activity;
    admission.stopper = stopper;
    admission.leases = leases;
    admission.clock = clock;
    admission.streams = streams;
    admission.settings = new ProviderSettings(20, 10, 8);
    when(clock.now()).thenReturn(T0);
  }

  private static Channel channel(String id, String provider) {
    return new Channel(
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
        .withResilience(new Resilience(List.of(), provider, false, true));
  }

  private static Acquisition outcome(Outcome outcome, String... holders) {
    return new Acquisition(outcome, List.of(holders));
  }

  /** Channel a holds acme's only slot; its one viewer was seen {@code secondsAgo}. */
  private void aHoldsTheSlotWatchedBy(String member, int secondsAgo) {
    Instant seen = T0.minusSeconds(secondsAgo);
    when(activity.of(List.of("a")))
        .thenReturn(
            List.of(
                new EvictionChoice.Holder("a", Optional.of(seen), Map.of(member, seen), false)));
  }

  @Test
  void aChannelWithoutProviderIsAdmittedWithoutAskingRedis() {
    CompletableFuture<Optional<ProviderLeases.Slot>> admitted =
        admission.admit(channel("b", null), ZAPPER);
    assertEquals(Optional.empty(), admitted.join());
    verifyNoInteractions(slots);
  }

  @Test
  void aFreeSlotIsTakenAtOnce() {
    when(slots.acquire("acme", "b")).thenReturn(outcome(Outcome.ACQUIRED));
    Optional<ProviderLeases.Slot> slot = admission.admit(channel("b", "acme"), ZAPPER).join();
    assertEquals(Optional.of(new ProviderLeases.Slot("acme", "b", true)), slot);
  }

  @Test
  void aSlotHeldAlreadyIsNotTheStartsToGiveBack() {
    when(slots.acquire("acme", "b")).thenReturn(outcome(Outcome.RENEWED));
    Optional<ProviderLeases.Slot> slot = admission.admit(channel("b", "acme"), ZAPPER).join();
    assertFalse(slot.orElseThrow().fresh());
  }

  @Test
  void anUnknownProviderLimitsNothing() {
    when(slots.acquire("gone", "b")).thenReturn(outcome(Outcome.UNKNOWN));
    assertEquals(Optional.empty(), admission.admit(channel("b", "gone"), ZAPPER).join());
  }

  @Test
  void aFullProviderWhoseChannelsAreWatchedRefusesWithAPlainReason() {
    when(slots.acquire("acme", "b")).thenReturn(outcome(Outcome.FULL, "a"));
    aHoldsTheSlotWatchedBy("bob|203.0.113.9", 2);

    ProviderFullException refused =
        assertThrows(
            ProviderFullException.class, () -> admission.admit(channel("b", "acme"), ZAPPER));

    assertEquals(503, refused.status());
    assertEquals(
        "provider acme has no free connection: all its channels are being watched",
        refused.getMessage());
    verify(stopper, never()).stop(any(), any());
  }

  @Test
  void theZappersLocalChannelIsStoppedAndTheSlotTakenOnlyOnceItHasStopped() {
    streams.getOrCreate("a");
    when(slots.acquire("acme", "b"))
        .thenReturn(outcome(Outcome.FULL, "a"), outcome(Outcome.ACQUIRED));
    aHoldsTheSlotWatchedBy("alice|198.51.100.7", 1);
    CompletableFuture<Boolean> stopping = new CompletableFuture<>();
    when(stopper.stop("a", "provider-evicted")).thenReturn(stopping);

    CompletableFuture<Optional<ProviderLeases.Slot>> admitted =
        admission.admit(channel("b", "acme"), ZAPPER);

    assertFalse(admitted.isDone(), "waits for the stop");
    verify(slots, times(1)).acquire("acme", "b");
    stopping.complete(true);
    assertEquals(Optional.of(new ProviderLeases.Slot("acme", "b", true)), admitted.join());
    verify(slots, times(2)).acquire("acme", "b");
    verify(leases, never()).requestStop(any(), any());
  }

  @Test
  void aChannelOnAnotherNodeIsAskedToStopAndTheSlotTakenOnceItIsFree() throws Exception {
    when(slots.acquire("acme", "b"))
        .thenReturn(
            outcome(Outcome.FULL, "a"), outcome(Outcome.FULL, "a"), outcome(Outcome.ACQUIRED));
    aHoldsTheSlotWatchedBy("carol|192.0.2.1", 60);

    Optional<ProviderLeases.Slot> slot =
        admission.admit(channel("b", "acme"), ZAPPER).get(5, TimeUnit.SECONDS);

    assertTrue(slot.isPresent());
    verify(leases).requestStop("a", "node-b");
    verify(stopper, never()).stop(any(), any());
    verify(slots, times(3)).acquire("acme", "b");
  }

  @Test
  void aDisplacedChannelThatDoesNotStopInTimeFailsTheStart() {
    when(slots.acquire("acme", "b")).thenReturn(outcome(Outcome.FULL, "a"));
    aHoldsTheSlotWatchedBy("carol|192.0.2.1", 60);
    when(clock.now()).thenReturn(T0, T0.plusSeconds(9));

    CompletableFuture<Optional<ProviderLeases.Slot>> admitted =
        admission.admit(channel("b", "acme"), ZAPPER);

    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> admitted.get(5, TimeUnit.SECONDS));
    ProviderFullException refused =
        assertInstanceOf(ProviderFullException.class, failed.getCause());
    assertTrue(refused.getMessage().contains("did not stop in time"), refused.getMessage());
  }

  /** Workers that run each task at once, on the caller's thread. */
  private static final class InlineExecutor extends AbstractExecutorService {
    @Override
    public void execute(Runnable task) {
      task.run();
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
  }
}
