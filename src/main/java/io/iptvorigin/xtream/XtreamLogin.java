package io.iptvorigin.xtream;

import io.iptvorigin.access.ViewerSessions;
import io.iptvorigin.common.Clock;
import io.iptvorigin.user.PasswordLogin;
import io.iptvorigin.user.TokenGrant;
import io.iptvorigin.user.Username;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * An Xtream Codes login: username and password checked at microsecond cost ({@link PasswordLogin}),
 * behind the brute-force guard, and refused alike for a wrong password, an unknown user, a disabled
 * or an expired one, so the answer never says which it was.
 */
@ApplicationScoped
public class XtreamLogin {
  private static final Logger LOG = Logger.getLogger(XtreamLogin.class.getName());

  @Inject PasswordLogin passwords;
  @Inject LoginGuard guard;
  @Inject ViewerSessions sessions;
  @Inject Clock clock;
  @Inject io.iptvorigin.common.Metrics metrics;

  enum Status {
    OK,
    REFUSED,
    LOCKED_OUT
  }

  /** The outcome; on OK the account and its live sessions now. */
  record Outcome(Status status, PasswordLogin.Account account, long activeConnections) {
    static Outcome of(Status status) {
      return new Outcome(status, null, 0);
    }
  }

  /** {@code iptv_xtream_logins_total{result}}: ok, invalid, disabled, expired, locked_out. */
  private void counted(String result) {
    io.micrometer.core.instrument.Counter.builder("iptv.xtream.logins")
        .description("Xtream Codes logins by result")
        .tag("result", result)
        .register(metrics.registry())
        .increment();
  }

  int lockoutSeconds() {
    return guard.lockoutSeconds();
  }

  /**
   * Whether these credentials open an active account now, without counting a failure or clearing
   * the counts: for a grant, whose refusal the full {@link #login} then repeats, and counts.
   */
  boolean admits(String username, String password, String address) {
    if (!Username.isValid(username) || guard.lockedOut(username, address)) {
      return false;
    }
    Instant now = clock.now();
    boolean admitted =
        passwords
            .verify(username, password)
            .map(account -> TokenGrant.of(account.user()))
            .filter(grant -> grant.active() && !grant.expiredAt(now))
            .isPresent();
    if (admitted) {
      counted("ok");
    }
    return admitted;
  }

  Outcome login(String username, String password, String address) {
    String known = Username.isValid(username) ? username : null;
    if (guard.lockedOut(known, address)) {
      counted("locked_out");
      return Outcome.of(Status.LOCKED_OUT);
    }
    var account = known == null ? null : passwords.verify(known, password).orElse(null);
    if (account == null) {
      guard.failed(known, address);
      // Neither the password nor the address: both are the subscriber's.
      LOG.info("xtream login refused username=" + (known == null ? "-" : known));
      counted("invalid");
      return Outcome.of(Status.REFUSED);
    }
    guard.succeeded(known, address);
    TokenGrant grant = TokenGrant.of(account.user());
    Instant now = clock.now();
    if (!grant.active() || grant.expiredAt(now)) {
      counted(grant.active() ? "expired" : "disabled");
      return Outcome.of(Status.REFUSED);
    }
    counted("ok");
    return new Outcome(Status.OK, account, sessions.liveCount(known, now));
  }
}
