package io.iptvorigin.access;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.common.Redis;
import io.iptvorigin.user.Token;
import io.iptvorigin.user.TokenGrant;
import io.iptvorigin.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * What a viewer check reads before it decides: the token's grant and whether the channel exists and
 * is active, in one Redis round trip (MGET). The check runs on every cache miss of nginx's
 * authorisation cache, so a second round trip would cost every viewer.
 */
@ApplicationScoped
public class ViewerRecords {
  /** The token's grant, if the token exists, and whether the channel may be played. */
  public record Lookup(Optional<TokenGrant> grant, boolean channelActive) {}

  @Inject Redis redis;

  public Lookup find(Token token, ChannelId channelId) {
    String tokenKey = UserRepository.tokenKey(token.value());
    String channelKey = ChannelRepository.channelKey(channelId.value());
    List<String> values = redis.call(j -> j.mget(tokenKey, channelKey));
    Optional<TokenGrant> grant = Optional.ofNullable(values.get(0)).map(TokenGrant::fromJson);
    boolean active = values.get(1) != null && Channel.fromStoredJson(values.get(1)).active();
    return new Lookup(grant, active);
  }
}
