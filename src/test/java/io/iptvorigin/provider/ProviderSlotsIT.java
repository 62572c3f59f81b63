package io.iptvorigin.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.common.TestRedis;
import io.iptvorigin.provider.ProviderSlots.Outcome;
import io.iptvorigin.support.ItEnvironment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slot scripts against the build's real Redis (no WildFly): counting, renewing, expiry on
 * Redis's clock, limits read at each call, and no two racing starts on the last slot.
 */
class ProviderSlotsIT {
  private TestRedis connection;
  private ProviderRepository providers;
  private ProviderSlots slots;
  private String provider;

  @BeforeEach
  void connect() {
    connection = new TestRedis();
    providers = new ProviderRepository();
    providers.redis = connection.redis();
    slots = new ProviderSlots();
    slots.redis = connection.redis();
    // Leases of 4 s (the shortest allowed): expiry is observed within a test.
    slots.settings = new ProviderSettings(4, 10, 8);
    provider = ItEnvironment.unique("acme");
    limit(1);
  }

  @AfterEach
  void close() {
    providers.find(provider).ifPresent(providers::delete);
    connection.redis().call(j -> j.del(ProviderSlots.slotsKey(provider)));
    connection.close();
  }

  private void limit(int max) {
    providers
        .find(provider)
        .ifPresentOrElse(
            current -> providers.update(current, new Provider(provider, max)),
            () -> providers.create(new Provider(provider, max)));
  }

  @Test
  void theLimitIsNeverExceededAndAHolderRenewsItsOwnSlot() {
    assertEquals(Outcome.ACQUIRED, slots.acquire(provider, "a").outcome());
    assertEquals(Outcome.RENEWED, slots.acquire(provider, "a").outcome(), "a restart");
    ProviderSlots.Acquisition full = slots.acquire(provider, "b");
    assertEquals(Outcome.FULL, full.outcome());
    assertEquals(List.of("a"), full.holders());
    assertEquals(Map.of(provider, List.of("a")), slots.holders(List.of(provider)));
  }

  @Test
  void aReleasedSlotIsFreeAtOnce() {
    slots.acquire(provider, "a");
    slots.release(provider, "a");
    assertEquals(Outcome.ACQUIRED, slots.acquire(provider, "b").outcome());
    assertFalse(slots.renew(provider, "a"), "a gave its slot back");
  }

  @Test
  void aLeaseNobodyRenewsExpiresAndIsNotCounted() throws Exception {
    slots.acquire(provider, "a");
    assertTrue(slots.renew(provider, "a"));
    Thread.sleep(4300);
    assertEquals(List.of(), slots.holders(List.of(provider)).get(provider));
    assertFalse(slots.renew(provider, "a"), "expired: the channel must stop");
    assertEquals(Outcome.ACQUIRED, slots.acquire(provider, "b").outcome());
  }

  @Test
  void aRenewedLeaseOutlivesItsFirstTerm() throws Exception {
    slots.acquire(provider, "a");
    Thread.sleep(2500);
    assertTrue(slots.renew(provider, "a"));
    Thread.sleep(2500);
    assertEquals(Outcome.FULL, slots.acquire(provider, "b").outcome(), "a still holds it");
  }

  @Test
  void aRaisedLimitAppliesToTheNextStart() {
    slots.acquire(provider, "a");
    assertEquals(Outcome.FULL, slots.acquire(provider, "b").outcome());
    limit(2);
    assertEquals(Outcome.ACQUIRED, slots.acquire(provider, "b").outcome());
    assertEquals(Map.of(provider, List.of("a", "b")), slots.holders(List.of(provider)));
  }

  @Test
  void aLoweredLimitTakesTheSlotOfTheFirstHolderToRenewUntilTheCountFits() {
    limit(3);
    slots.acquire(provider, "a");
    slots.acquire(provider, "b");
    slots.acquire(provider, "c");
    limit(1);
    assertFalse(slots.renew(provider, "b"));
    assertFalse(slots.renew(provider, "a"));
    assertTrue(slots.renew(provider, "c"), "the one left fits");
    assertEquals(List.of("c"), slots.holders(List.of(provider)).get(provider));
  }

  @Test
  void aProviderNobodyCreatedLimitsNothingAndCountsNothing() {
    String missing = ItEnvironment.unique("nobody");
    assertEquals(Outcome.UNKNOWN, slots.acquire(missing, "a").outcome());
    assertEquals(List.of(), slots.holders(List.of(missing)).get(missing));
  }

  @Test
  void ofManyStartsRacingForTheLastSlotOneWins() throws Exception {
    limit(3);
    slots.acquire(provider, "a");
    slots.acquire(provider, "b");
    ExecutorService racers = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Outcome>> starts =
          java.util.stream.IntStream.range(0, 16)
              .mapToObj(i -> (Callable<Outcome>) () -> slots.acquire(provider, "c" + i).outcome())
              .toList();
      long won = 0;
      for (Future<Outcome> result : racers.invokeAll(starts)) {
        won += result.get() == Outcome.ACQUIRED ? 1 : 0;
      }
      assertEquals(1, won);
      assertEquals(3, slots.holders(List.of(provider)).get(provider).size());
    } finally {
      racers.shutdownNow();
    }
  }

  @Test
  void theSlotsKeyGoesWithItsLastLease() throws Exception {
    slots.acquire(provider, "a");
    long ttl = connection.redis().call(j -> j.pttl(ProviderSlots.slotsKey(provider)));
    assertTrue(ttl > 0 && ttl <= 4000, "ttl " + ttl);
  }
}
