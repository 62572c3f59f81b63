package io.iptvorigin.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Redis;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

class HealthDegradedTest {
  @Test
  void redisThatDoesNotAnswerMakesHealth503Degraded() {
    HealthResource health = new HealthResource();
    health.redis = mock(Redis.class);
    health.clock = mock(Clock.class);
    when(health.redis.call(any())).thenThrow(new JedisConnectionException("refused"));
    when(health.clock.now()).thenReturn(Instant.ofEpochMilli(1699379012123L));

    HealthResource.Report report = health.check();

    assertEquals(503, report.status());
    String body = report.json();
    assertTrue(body.contains("\"status\":\"degraded\""), body);
    assertTrue(body.contains("1699379012.123"), body);
  }

  @Test
  void withSentinelsHealthNamesTheMasterInUse() {
    HealthResource health = new HealthResource();
    health.redis = mock(Redis.class);
    health.clock = mock(Clock.class);
    when(health.redis.call(any())).thenReturn("PONG");
    when(health.redis.sentinelMaster()).thenReturn(Optional.of("10.0.0.11:6379"));
    when(health.clock.now()).thenReturn(Instant.ofEpochMilli(1699379012123L));

    HealthResource.Report report = health.check();

    assertEquals(200, report.status());
    assertTrue(report.json().contains("\"redis_master\":\"10.0.0.11:6379\""), report.json());
  }

  @Test
  void withoutSentinelsHealthNamesNoMaster() {
    HealthResource health = new HealthResource();
    health.redis = mock(Redis.class);
    health.clock = mock(Clock.class);
    when(health.redis.call(any())).thenReturn("PONG");
    when(health.clock.now()).thenReturn(Instant.ofEpochMilli(1699379012123L));

    assertFalse(health.check().json().contains("redis_master"));
  }
}
