package io.iptvorigin.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

class RedisOutageTest {
  @Test
  void noConnectionIsAnOutageAlsoWhenWrapped() {
    assertTrue(RedisOutage.explains(new JedisConnectionException("refused")));
    assertTrue(
        RedisOutage.explains(
            new IllegalStateException("wrapped", new JedisConnectionException("reset"))));
  }

  @Test
  void redisThatCannotServeYetIsAnOutage() {
    assertTrue(
        RedisOutage.explains(
            new JedisDataException("READONLY You can't write against a read only replica.")));
    assertTrue(
        RedisOutage.explains(
            new JedisDataException("LOADING Redis is loading the dataset in memory")));
    assertTrue(
        RedisOutage.explains(
            new JedisDataException(
                "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")));
  }

  @Test
  void noFreePooledConnectionInTimeIsAnOutage() {
    assertTrue(
        RedisOutage.explains(
            new JedisException(
                "Could not get a resource from the pool",
                new NoSuchElementException("Timeout waiting for idle object"))));
  }

  @Test
  void otherRedisErrorsAndBugsAreNot() {
    assertFalse(
        RedisOutage.explains(
            new JedisDataException(
                "WRONGTYPE Operation against a key holding the wrong kind of value")));
    assertFalse(RedisOutage.explains(new JedisDataException("ERR READONLY in the middle")));
    assertFalse(RedisOutage.explains(new JedisDataException((String) null)));
    assertFalse(RedisOutage.explains(new NullPointerException()));
    assertFalse(RedisOutage.explains(new NoSuchElementException()));
  }
}
