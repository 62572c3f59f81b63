package io.iptvorigin.common;

import java.util.NoSuchElementException;
import java.util.Set;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether a failure means "Redis is away for now" (a 503 to retry), not a bug (a 500): no
 * connection, no free pooled connection within the timeout, or a Redis that answers but cannot
 * serve yet: loading its data after a restart, or a replica (a former master, a failover happening)
 * refusing writes.
 */
public final class RedisOutage {
  private static final Set<String> NOT_SERVING_YET = Set.of("LOADING", "READONLY", "MASTERDOWN");

  private RedisOutage() {}

  public static boolean explains(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof JedisConnectionException) {
        return true;
      }
      if (t instanceof JedisDataException && notServingYet(t.getMessage())) {
        return true;
      }
      if (t instanceof JedisException && t.getCause() instanceof NoSuchElementException) {
        return true;
      }
    }
    return false;
  }

  private static boolean notServingYet(String message) {
    if (message == null) {
      return false;
    }
    int space = message.indexOf(' ');
    return NOT_SERVING_YET.contains(space < 0 ? message : message.substring(0, space));
  }
}
