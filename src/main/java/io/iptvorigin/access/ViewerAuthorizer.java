package io.iptvorigin.access;

import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.common.Clock;
import io.iptvorigin.user.Token;
import io.iptvorigin.user.TokenGrant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Decides whether a viewer (token, channel, client address) may fetch a channel's HLS: the token
 * must exist, be active and not expired, the channel must exist and be active (a disabled or
 * deleted channel is refused at once, and no session or stream key is written for it), and the
 * session must fit within the user's max_connections (see {@link ViewerSessions} for the counting
 * rule). Two Redis round trips: the token and channel records ({@link ViewerRecords}), then the
 * session script.
 */
@ApplicationScoped
public class ViewerAuthorizer {
  /**
   * The answer nginx gets: HTTP status and a short plain reason; {@code result} is the word the
   * authorisation metrics count it under.
   */
  public record Decision(int status, String reason, String result) {
    static final Decision ALLOW = new Decision(200, "ok", "allowed");

    public boolean allowed() {
      return status == 200;
    }
  }

  @Inject ViewerRecords records;
  @Inject ViewerSessions sessions;
  @Inject Clock clock;

  public Decision authorize(String token, String channelId, String address) {
    if (!Token.isValid(token)) {
      return new Decision(403, "Invalid token", "invalid");
    }
    if (!ChannelId.isValid(channelId)) {
      return new Decision(403, "Invalid channel", "invalid");
    }
    if (address == null || address.isBlank() || address.contains("|")) {
      return new Decision(403, "Unknown client address", "invalid");
    }
    ViewerRecords.Lookup lookup = records.find(new Token(token), new ChannelId(channelId));
    Optional<TokenGrant> grant = lookup.grant();
    if (grant.isEmpty()) {
      return new Decision(403, "Invalid token", "invalid");
    }
    if (!grant.get().active()) {
      return new Decision(403, "Token disabled", "disabled");
    }
    if (grant.get().expiredAt(clock.now())) {
      return new Decision(403, "Token expired", "expired");
    }
    if (!lookup.channelActive()) {
      return new Decision(404, "Unknown channel", "unknown_channel");
    }
    ViewerSessions.Admission admission =
        sessions.record(
            grant.get().username(), grant.get().maxConnections(), channelId, address, clock.now());
    if (admission == ViewerSessions.Admission.OVER_LIMIT) {
      return new Decision(
          429, "Too many connections (max " + grant.get().maxConnections() + ")", "over_limit");
    }
    return Decision.ALLOW;
  }
}
