package io.iptvorigin.access;

import io.iptvorigin.common.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts nginx's viewer checks by result ({@code iptv_auth_checks_total}) and the refusals since
 * the last {@link #takeRefusals()}, which {@link AuthRefusalLog} turns into one log line per burst:
 * a player retrying a revoked token, or someone guessing tokens, is one line a minute, not one per
 * request. The hot path is a lookup and an increment.
 */
@ApplicationScoped
public class AuthChecks {
  @Inject Metrics metrics;

  private MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

  @PostConstruct
  void init() {
    registry = metrics.registry();
  }

  public void count(String result) {
    counters
        .computeIfAbsent(
            result,
            r ->
                Counter.builder("iptv.auth.checks")
                    .description(
                        "Viewer authorisation checks nginx asked the application, by result")
                    .tag("result", r)
                    .register(registry))
        .increment();
    if (!result.equals("allowed")) {
      refusals.computeIfAbsent(result, r -> new LongAdder()).increment();
    }
  }

  /** The refusals by result since the last call, and starts counting afresh. */
  Map<String, Long> takeRefusals() {
    Map<String, Long> taken = new TreeMap<>();
    refusals.forEach(
        (result, count) -> {
          long n = count.sumThenReset();
          if (n > 0) {
            taken.put(result, n);
          }
        });
    return taken;
  }
}
