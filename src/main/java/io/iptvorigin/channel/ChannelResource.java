package io.iptvorigin.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;
import io.iptvorigin.common.JsonBody;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.util.List;

/**
 * Channels, as the admin panel syncs them (bearer admin token required). Every change re-exports
 * channels.txt.
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" http://127.0.0.1/api/channels
 * curl -H "Authorization: Bearer $T" -d '{"channel_id":"48681","name":"MBC Pro aflam",
 *      "source_url":"http://upstream:80/live/u/p/48681.ts","quality":"medium"}' http://127.0.0.1/api/channels
 * curl -H "Authorization: Bearer $T" -X PUT -d '{"is_active":false}' http://127.0.0.1/api/channels/48681
 * curl -H "Authorization: Bearer $T" -X DELETE http://127.0.0.1/api/channels/48681
 * </pre>
 */
@Path("/channels")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {
  @Inject ChannelService channels;

  @GET
  public String list() {
    List<Channel> all = channels.list();
    ArrayNode array = Json.MAPPER.createArrayNode();
    all.forEach(c -> array.add(c.toJson()));
    ObjectNode body = Json.object();
    body.set("channels", array);
    body.put("count", all.size());
    return Json.write(body);
  }

  @POST
  public Response create(InputStream body) {
    Channel channel = channels.create(ChannelPayload.parse(JsonBody.read(body)));
    return Response.created(UriBuilder.fromPath("/api/channels/{id}").build(channel.id()))
        .entity(Json.write(channel.toJson()))
        .build();
  }

  @GET
  @Path("/{id}")
  public String get(@PathParam("id") String id) {
    return Json.write(channels.get(ChannelId.parse(id)).toJson());
  }

  @PUT
  @Path("/{id}")
  public String update(@PathParam("id") String id, InputStream body) {
    ChannelPayload payload = ChannelPayload.parse(JsonBody.read(body));
    return Json.write(channels.update(ChannelId.parse(id), payload).toJson());
  }

  @DELETE
  @Path("/{id}")
  public String delete(@PathParam("id") String id) {
    channels.delete(ChannelId.parse(id));
    ObjectNode body = Json.object();
    body.put("deleted", id);
    return Json.write(body);
  }
}
