package io.iptvorigin.playlist;

import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Redis;
import io.iptvorigin.user.Token;
import io.iptvorigin.user.TokenRefusal;
import io.iptvorigin.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.Pipeline;

/**
 * A subscriber's playlist for a token. One Redis round trip per request whatever the number of
 * channels: the token record and the channel revision are fetched in one pipeline; the channel list
 * comes from {@link PlaylistCache} and costs one more only after a channel change.
 */
@ApplicationScoped
public class SubscriberPlaylists {
  @Inject Redis redis;
  @Inject PlaylistCache cache;
  @Inject Clock clock;

  PlaylistAnswer forToken(String token, String baseUrl, OutputFormat format) {
    // Reject garbage before it reaches Redis: tokens are 64 lowercase hex characters.
    if (token == null || !Token.isValid(token)) {
      return refused(TokenRefusal.of(token, null, clock.now()).orElseThrow());
    }
    List<Object> replies =
        redis.call(
            jedis -> {
              Pipeline pipeline = jedis.pipelined();
              pipeline.get(UserRepository.tokenKey(token));
              pipeline.get(ChannelRepository.REVISION_KEY);
              return pipeline.syncAndReturnAll();
            });
    Optional<TokenRefusal> refusal = TokenRefusal.of(token, (String) replies.get(0), clock.now());
    if (refusal.isPresent()) {
      return refused(refusal.get());
    }
    String revision = (String) replies.get(1);
    M3uPlaylist playlist =
        cache.forRevision(revision == null ? 0 : Long.parseLong(revision), format);
    String encodedToken = URLEncoder.encode(token, StandardCharsets.UTF_8);
    return PlaylistAnswer.playlist(
        new M3uBody(
            playlist,
            baseUrl + "/live/" + encodedToken,
            baseUrl + "/epg.xml?token=" + encodedToken));
  }

  private static PlaylistAnswer refused(TokenRefusal refusal) {
    return PlaylistAnswer.refused(refusal.status(), refusal.message());
  }
}
