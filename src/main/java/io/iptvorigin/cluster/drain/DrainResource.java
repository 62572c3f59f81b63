package io.iptvorigin.cluster.drain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.cluster.NodeDraining;
import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.common.Json;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * This node in the cluster (admin): {@code GET /api/node} (its id, whether it drains, the channels
 * it runs, the live nodes), {@code POST /api/node/drain} (202: it hands its channels to the other
 * nodes and starts none itself; a restart ends it), {@code DELETE /api/node/drain} (it takes
 * channels again).
 */
@Path("/node")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DrainResource {
  @Inject NodeDrain drain;
  @Inject NodeDraining draining;
  @Inject StreamSupervisor supervisor;
  @Inject Nodes nodes;

  @GET
  public String status() {
    ObjectNode body = summary();
    ArrayNode peers = body.putArray("nodes");
    for (Nodes.Peer peer : nodes.peers()) {
      ObjectNode p = peers.addObject();
      p.put("id", peer.id());
      p.put("peer_address", peer.address());
      p.put("draining", peer.draining());
    }
    return Json.write(body);
  }

  @POST
  @Path("/drain")
  public Response start() {
    drain.start();
    return Response.accepted(Json.write(summary())).build();
  }

  @DELETE
  @Path("/drain")
  public String end() {
    drain.end();
    return Json.write(summary());
  }

  private ObjectNode summary() {
    ObjectNode body = Json.object();
    body.put("node", supervisor.node());
    body.put("draining", draining.active());
    ArrayNode channels = body.putArray("channels");
    supervisor.localChannels().stream().map(ChannelId::value).sorted().forEach(channels::add);
    return body;
  }
}
