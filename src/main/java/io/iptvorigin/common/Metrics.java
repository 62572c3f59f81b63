package io.iptvorigin.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The application's meters. With {@code iptv.metrics.enabled} false the registry is an empty
 * composite, whose meters do nothing: the hot paths keep their calls and pay next to nothing, and
 * {@code /metrics} answers 404.
 */
@ApplicationScoped
public class Metrics {
  @Inject
  @ConfigProperty(name = "iptv.metrics.enabled", defaultValue = "true")
  boolean enabled;

  private MeterRegistry registry;
  private PrometheusMeterRegistry prometheus;
  private JvmGcMetrics gc;

  @PostConstruct
  void init() {
    if (!enabled) {
      registry = new CompositeMeterRegistry();
      return;
    }
    prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry = prometheus;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    // Listens to the JVM's GC notifications: closed on undeploy, or every redeploy would add one.
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
  }

  @PreDestroy
  void close() {
    if (gc != null) {
      gc.close();
    }
    registry.close();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus registry, when metrics are on. */
  public Optional<PrometheusMeterRegistry> prometheus() {
    return Optional.ofNullable(prometheus);
  }
}
