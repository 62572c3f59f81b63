package io.iptvorigin.provider;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Provider limit settings (README lists each with its default). */
@ApplicationScoped
public class ProviderSettings {
  @Inject
  @ConfigProperty(name = "iptv.provider.slot-ttl", defaultValue = "20")
  int slotTtlSeconds;

  @Inject
  @ConfigProperty(name = "iptv.provider.eviction-grace", defaultValue = "10")
  int evictionGraceSeconds;

  @Inject
  @ConfigProperty(name = "iptv.provider.eviction-wait", defaultValue = "8")
  int evictionWaitSeconds;

  ProviderSettings() {}

  /** Tests choose the values. */
  public ProviderSettings(int slotTtlSeconds, int evictionGraceSeconds, int evictionWaitSeconds) {
    this.slotTtlSeconds = slotTtlSeconds;
    this.evictionGraceSeconds = evictionGraceSeconds;
    this.evictionWaitSeconds = evictionWaitSeconds;
  }

  /**
   * How long a slot lease lives without renewal: a node that dies frees its slots within it (at
   * least 4 s, so renewals every quarter of it stay a second apart).
   */
  public Duration slotTtl() {
    return Duration.ofSeconds(Math.max(4, slotTtlSeconds));
  }

  /** How often a node renews the leases of the channels it runs: a quarter of their life. */
  public Duration renewInterval() {
    return slotTtl().dividedBy(4);
  }

  /**
   * A viewer seen within this is still watching (players fetch every few seconds): the channel is
   * not stopped for another one, unless that viewer is the one asking (zapping).
   */
  public Duration evictionGrace() {
    return Duration.ofSeconds(Math.max(0, evictionGraceSeconds));
  }

  /** How long a start waits for the channel it displaces to stop and free its slot. */
  public Duration evictionWait() {
    return Duration.ofSeconds(Math.max(1, evictionWaitSeconds));
  }
}
