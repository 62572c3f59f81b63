package io.iptvorigin.user;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Whether a subscriber token may be served now: one Redis read. */
@ApplicationScoped
public class SubscriberTokens {
  @Inject Redis redis;
  @Inject Clock clock;

  /** Empty when {@code token} may be served; else why not. */
  public Optional<TokenRefusal> refusal(String token) {
    // Garbage never reaches Redis: tokens are 64 lowercase hex characters.
    if (token == null || !Token.isValid(token)) {
      return TokenRefusal.of(token, null, clock.now());
    }
    String grant = redis.call(jedis -> jedis.get(UserRepository.tokenKey(token)));
    return TokenRefusal.of(token, grant, clock.now());
  }
}
