package io.iptvorigin.stream.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.ErrorResponse;
import io.iptvorigin.common.Fields;
import io.iptvorigin.common.Json;
import io.iptvorigin.common.JsonBody;
import io.iptvorigin.stream.start.StartFailures;
import io.iptvorigin.stream.supervision.StreamState;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * Stream control for the panel and operators (bearer admin token required).
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" -d '{"channel_id":"48681"}' http://127.0.0.1/api/stream/start
 * curl -H "Authorization: Bearer $T" -d '{"channel_id":"48681"}' http://127.0.0.1/api/stream/stop
 * curl -H "Authorization: Bearer $T" http://127.0.0.1/api/streams/active
 * curl -H "Authorization: Bearer $T" http://127.0.0.1/api/streams/48681/log
 * </pre>
 */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StreamAdminResource {
  @Inject StreamSupervisor supervisor;
  @Inject StreamState state;
  @Inject io.iptvorigin.access.ViewerSessions viewers;
  @Inject io.iptvorigin.common.Clock clock;

  @POST
  @Path("stream/start")
  public void start(InputStream body, @Suspended AsyncResponse response) {
    ChannelId channelId;
    try {
      channelId = channelId(body);
      supervisor
          .startWithin(channelId, "api")
          .whenComplete(
              (done, error) ->
                  response.resume(
                      error == null ? started(channelId) : failure(channelId.value(), error)));
    } catch (ApiException e) {
      response.resume(failure("", e));
    }
  }

  @POST
  @Path("stream/stop")
  public void stop(InputStream body, @Suspended AsyncResponse response) {
    try {
      ChannelId channelId = channelId(body);
      supervisor
          .stop(channelId, "api")
          .whenComplete(
              (stopped, error) -> {
                ObjectNode json = Json.object();
                json.put("status", Boolean.TRUE.equals(stopped) ? "stopped" : "not_running");
                json.put("channel_id", channelId.value());
                response.resume(
                    error == null
                        ? Response.ok(Json.write(json)).build()
                        : failure(channelId.value(), error));
              });
    } catch (ApiException e) {
      response.resume(failure("", e));
    }
  }

  @GET
  @Path("streams/active")
  public String active() {
    ObjectNode streams = Json.object();
    java.util.List<StreamState.Snapshot> snapshots = state.snapshots();
    java.util.Map<String, Long> counts =
        state.viewerCounts(
            snapshots.stream().map(StreamState.Snapshot::channelId).toList(),
            clock.now().toEpochMilli() - viewers.window().toMillis());
    for (StreamState.Snapshot snapshot : snapshots) {
      ObjectNode entry = streams.putObject(snapshot.channelId());
      entry.put("viewers", counts.getOrDefault(snapshot.channelId(), 0L));
      snapshot.pid().ifPresent(pid -> entry.put("pid", pid));
      snapshot
          .fields()
          .forEach(
              (field, value) -> {
                if (!field.equals("pid") && !field.equals("restarts")) {
                  entry.put(field, value);
                }
              });
      entry.put("restarts", snapshot.restarts());
    }
    ObjectNode body = Json.object();
    body.set("streams", streams);
    body.put("count", streams.size());
    return Json.write(body);
  }

  @GET
  @Path("streams/{channel}/log")
  public String log(@PathParam("channel") String channelId) {
    ChannelId id = ChannelId.parse(channelId);
    ArrayNode lines = Json.MAPPER.createArrayNode();
    supervisor.log(id, 200).forEach(lines::add);
    ObjectNode body = Json.object();
    body.put("channel_id", channelId);
    body.set("lines", lines);
    return Json.write(body);
  }

  private static ChannelId channelId(InputStream body) {
    ObjectNode json = JsonBody.read(body);
    return ChannelId.parse(Fields.required(Fields.string(json, "channel_id"), "channel_id"));
  }

  private Response started(ChannelId channelId) {
    ObjectNode json = Json.object();
    json.put("status", "started");
    json.put("channel_id", channelId.value());
    state.snapshots().stream()
        .filter(s -> s.channelId().equals(channelId.value()))
        .findFirst()
        .flatMap(StreamState.Snapshot::pid)
        .ifPresent(pid -> json.put("pid", pid));
    return Response.ok(Json.write(json)).build();
  }

  private static Response failure(String channelId, Throwable error) {
    ApiException refusal = StartFailures.of(channelId, error);
    return Response.fromResponse(ErrorResponse.of(refusal.status(), refusal.getMessage()))
        .header("Retry-After", StartFailures.retryAfter(refusal))
        .build();
  }
}
