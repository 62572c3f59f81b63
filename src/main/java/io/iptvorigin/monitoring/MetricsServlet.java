package io.iptvorigin.monitoring;

import io.iptvorigin.access.AdminToken;
import io.iptvorigin.access.InternalCaller;
import io.iptvorigin.common.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code GET /metrics} in Prometheus' text format, behind nginx (nginx/concerns/monitoring.conf):
 * nginx lets only the monitoring addresses through and adds its internal secret and its own
 * connection figures; with {@code iptv.metrics.token} set, Prometheus must also send it as a bearer
 * token. Without Redis the node's own meters are still exported (the Redis errors among them): the
 * scrape that would tell an operator Redis is away must not fail with it.
 */
@WebServlet(urlPatterns = "/internal/metrics")
public class MetricsServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(MetricsServlet.class.getName());
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  @Inject InternalCaller internal;
  @Inject Metrics metrics;
  @Inject RunningChannelMeters running;
  @Inject NginxConnections nginx;

  @Inject
  @ConfigProperty(name = "iptv.metrics.token")
  Optional<String> configuredToken;

  private AdminToken token;

  @PostConstruct
  void readToken() {
    token = new AdminToken(configuredToken);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<PrometheusMeterRegistry> prometheus = metrics.prometheus();
    if (!internal.isNginx(request.getHeader(InternalCaller.HEADER)) || prometheus.isEmpty()) {
      UncachedAnswer.plain(response, 404, "Not Found");
      return;
    }
    if (token.isConfigured() && !token.accepts(request.getHeader("Authorization"))) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
      UncachedAnswer.plain(response, 401, "metrics token required");
      return;
    }
    nginx.update(request.getHeader(NginxConnections.HEADER));
    try {
      running.refresh();
    } catch (JedisException e) {
      LOG.warning("metrics refresh failed reason=\"" + e.getMessage() + "\"");
    }
    UncachedAnswer.send(
        response,
        200,
        TEXT_FORMAT,
        prometheus.get().scrape(TEXT_FORMAT).getBytes(StandardCharsets.UTF_8));
  }
}
