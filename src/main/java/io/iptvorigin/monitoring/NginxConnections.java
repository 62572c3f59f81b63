package io.iptvorigin.monitoring;

import io.iptvorigin.common.Metrics;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx's own connection figures (its stub_status variables), which nginx sends along with each
 * scrape ({@value #HEADER}: "active reading writing waiting"), exported as {@code
 * iptv_nginx_connections{state}}: one scrape gives the application's and nginx's view together.
 */
@ApplicationScoped
public class NginxConnections {
  static final String HEADER = "X-Nginx-Connections";
  private static final String[] STATES = {"active", "reading", "writing", "waiting"};

  @Inject Metrics metrics;
  private MultiGauge connections;

  @PostConstruct
  void init() {
    connections =
        MultiGauge.builder("iptv.nginx.connections")
            .description("nginx's client connections by state (stub_status)")
            .register(metrics.registry());
  }

  /** Takes the figures of the scrape's header; a missing or malformed one clears them. */
  void update(String header) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    String[] figures = header == null ? new String[0] : header.strip().split(" +");
    if (figures.length == STATES.length) {
      try {
        for (int i = 0; i < STATES.length; i++) {
          rows.add(MultiGauge.Row.of(Tags.of("state", STATES[i]), Long.parseLong(figures[i])));
        }
      } catch (NumberFormatException e) {
        rows.clear();
      }
    }
    connections.register(rows, true);
  }
}
