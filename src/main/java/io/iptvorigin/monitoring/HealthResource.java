package io.iptvorigin.monitoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.access.PublicEndpoint;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Json;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Liveness for load balancers and Ansible, without auth: 200 {@code {"status":"ok"}} when Redis
 * answers, 503 {@code "degraded"} when it does not (nothing can be served without it). With Redis
 * Sentinel, {@code "redis_master"} names the master (host:port) the app uses.
 *
 * <pre>curl http://127.0.0.1/api/health</pre>
 */
@Path("/health")
@PublicEndpoint
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
  @Inject Redis redis;
  @Inject Clock clock;

  @GET
  public Response health() {
    Report report = check();
    return Response.status(report.status()).entity(report.json()).build();
  }

  /** The health answer: HTTP status and JSON body. */
  record Report(int status, String json) {}

  Report check() {
    boolean redisUp = redisAnswers();
    ObjectNode body = Json.object();
    body.put("status", redisUp ? "ok" : "degraded");
    body.put("timestamp", epochSeconds(clock.now()));
    body.put("redis", redisUp ? "ok" : "unreachable");
    // With Sentinels, which Redis answered: after a failover, the promoted replica.
    redis.sentinelMaster().ifPresent(master -> body.put("redis_master", master));
    return new Report(redisUp ? 200 : 503, Json.write(body));
  }

  private boolean redisAnswers() {
    try {
      return "PONG".equals(redis.call(j -> j.ping()));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Epoch seconds with milliseconds, as the reference printed them (1699379012.123). */
  static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }
}
