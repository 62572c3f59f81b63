package io.iptvorigin.monitoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.supervision.StreamState;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Host figures the panel shows, in the reference's field names (bearer admin token required).
 *
 * <pre>curl -H "Authorization: Bearer $T" http://127.0.0.1/api/stats</pre>
 */
@Path("/stats")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {
  @Inject StreamState streams;
  @Inject StreamSettings settings;
  @Inject HostStats host;

  @GET
  public String stats() {
    HostStats.Sample sample = host.sample(settings.hlsDir());
    ObjectNode body = Json.object();
    body.put("cpu_percent", sample.cpuPercent());
    body.put("memory_percent", sample.memoryPercent());
    body.put("memory_used_gb", sample.memoryUsedGb());
    body.put("disk_percent", sample.diskPercent());
    body.put("network_sent_gb", sample.networkSentGb());
    body.put("network_recv_gb", sample.networkReceivedGb());
    body.put("active_streams", streams.activeIds().size());
    body.put("uptime_hours", sample.uptimeHours());
    return Json.write(body);
  }
}
