package io.iptvorigin.access;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Once a minute, one line for the viewer refusals of that minute when there were at least {@code
 * iptv.log.auth-refusal-burst} of them: "viewer auth refusals seconds=60 total=340 invalid=300
 * over_limit=40". Results only: never a token, and no address (a burst from many addresses is the
 * same alarm).
 */
@Singleton
public class AuthRefusalLog {
  private static final Logger LOG = Logger.getLogger(AuthRefusalLog.class.getName());

  @Inject AuthChecks checks;

  @Inject
  @ConfigProperty(name = "iptv.log.auth-refusal-burst", defaultValue = "20")
  long burst;

  @Schedule(hour = "*", minute = "*", second = "0", persistent = false)
  void logBurst() {
    Map<String, Long> refused = checks.takeRefusals();
    long total = refused.values().stream().mapToLong(Long::longValue).sum();
    if (total >= burst && total > 0) {
      StringBuilder line = new StringBuilder("viewer auth refusals seconds=60 total=" + total);
      refused.forEach((result, n) -> line.append(' ').append(result).append('=').append(n));
      LOG.warning(line.toString());
    }
  }
}
