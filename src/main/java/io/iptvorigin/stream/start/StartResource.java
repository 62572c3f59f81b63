package io.iptvorigin.stream.start;

import io.iptvorigin.access.NginxOnly;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.cluster.HandoverTarget;
import io.iptvorigin.cluster.NodeDraining;
import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.cluster.PeerProbe;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.stream.OwnedElsewhereException;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import io.iptvorigin.stream.supervision.Viewer;
import io.iptvorigin.user.Token;
import io.iptvorigin.user.TokenGrant;
import io.iptvorigin.user.UserRepository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The start endpoint nginx calls when a channel playlist is not on disk ({@code try_files} miss).
 * Holds the request, without a thread, until the playlist is playable, then answers with {@code
 * X-Accel-Redirect} so nginx serves the fresh file itself. Only nginx's internal location may call
 * it ({@link NginxOnly}); it passes the viewer's token, whose user is charged for a cold start
 * ({@link StartBudget}), and the viewer's address: a viewer zapping on a provider's last connection
 * gives up the channel they leave ({@link Viewer}).
 */
@Path("/internal/start/{channel}")
@NginxOnly
@RequestScoped
public class StartResource {
  private static final Logger LOG = Logger.getLogger(StartResource.class.getName());
  static final String ACCEL_PREFIX = "/_hls/";
  static final String PEER_PREFIX = "/_peer/";

  @Inject StreamSupervisor supervisor;
  @Inject StartBudget budget;
  @Inject UserRepository users;
  @Inject Nodes nodes;
  @Inject PeerProbe probe;
  @Inject NodeDraining draining;

  @GET
  public void start(
      @PathParam("channel") String channelId,
      @HeaderParam("X-Token") String token,
      @HeaderParam("X-Client-Addr") String address,
      @HeaderParam("X-Peer-Unreachable") String unreachable,
      @HeaderParam("X-Handover-From") String handoverFrom,
      @Suspended AsyncResponse response) {
    if (!ChannelId.isValid(channelId)) {
      response.resume(plain(404, "unknown channel"));
      return;
    }
    ChannelId channel = new ChannelId(channelId);
    try {
      // Another node runs it: its playlist comes from there; this viewer starts nothing here.
      Optional<String> owner = supervisor.ownerElsewhere(channel);
      // nginx could not reach the owner (peers.conf): if this node cannot either, the owner is
      // dead and its channels start on the nodes that receive them, not after its heartbeat ends.
      if (owner.isPresent() && unreachable != null && deadPeer(owner.get(), unreachable)) {
        owner = supervisor.ownerElsewhere(channel);
      }
      // A draining owner asks this node to take the channel (cluster.drain.ChannelHandover).
      if (owner.isPresent()
          && owner.get().equals(handoverFrom)
          && nodes.draining(owner.get())
          && supervisor.takeOverFrom(channel, owner.get())) {
        owner = Optional.empty();
      }
      if (owner.isPresent()) {
        response.resume(fromOwner(channel, owner.get()));
        return;
      }
      // This node drains: a channel it does not run starts on the node that will keep it.
      if (draining.active() && !supervisor.supervises(channel)) {
        Optional<Nodes.Peer> target =
            HandoverTarget.choose(channel.value(), nodes.peers(), supervisor.node());
        if (target.isPresent()) {
          response.resume(peerPlaylist(channel, target.get().address()));
          return;
        }
      }
      // A request without a valid token (nginx authorised it already) is not charged.
      Viewer viewer = Viewer.NONE;
      if (!supervisor.supervises(channel) && Token.isValid(token)) {
        Optional<String> username = users.findGrant(new Token(token)).map(TokenGrant::username);
        budget.charge(username, channel);
        viewer = username.map(u -> new Viewer(u, address)).orElse(Viewer.NONE);
      }
      supervisor
          .startWithin(channel, "viewer", viewer)
          .whenComplete(
              (done, error) ->
                  response.resume(error == null ? accel(channel) : failure(channel, error)));
    } catch (ApiException e) {
      response.resume(failure(channel, e));
    }
  }

  /**
   * Whether node {@code node} is at {@code address} and does not answer there; forgets it if so.
   */
  private boolean deadPeer(String node, String address) {
    if (!nodes.peerAddress(node).map(address::equals).orElse(false) || probe.answers(address)) {
      return false;
    }
    LOG.warning(
        "node unreachable node=" + node + " address=" + address + " reason=\"connect failed\"");
    nodes.forget(node, address);
    return true;
  }

  private static Response accel(ChannelId channel) {
    return Response.ok()
        .header("X-Accel-Redirect", ACCEL_PREFIX + HlsPaths.playlistName(channel.value()))
        .build();
  }

  /**
   * The channel's playlist from the node that runs it: nginx fetches it from that node's peer
   * address ({@code /_peer/}, nginx/concerns/peers.conf). 503 when that node gave no address (or
   * stopped beating: its lease expires within 10 s and the next request starts the channel here).
   */
  private Response fromOwner(ChannelId channel, String node) {
    return nodes
        .peerAddress(node)
        .map(address -> peerPlaylist(channel, address))
        .orElseGet(
            () ->
                failure(
                    channel,
                    new io.iptvorigin.stream.StreamUnavailableException(
                        channel.value(), "running on node " + node, 2)));
  }

  /** The channel's playlist from the node at {@code address}, which starts it if need be. */
  private static Response peerPlaylist(ChannelId channel, String address) {
    return Response.ok()
        .header(
            "X-Accel-Redirect",
            PEER_PREFIX + address + "/" + HlsPaths.playlistName(channel.value()))
        .build();
  }

  private Response failure(ChannelId channel, Throwable error) {
    ApiException refusal = StartFailures.of(channel.value(), error);
    if (refusal instanceof OwnedElsewhereException elsewhere
        && nodes.peerAddress(elsewhere.node()).isPresent()) {
      return fromOwner(channel, elsewhere.node());
    }
    return Response.fromResponse(plain(refusal.status(), refusal.getMessage()))
        .header("Retry-After", StartFailures.retryAfter(refusal))
        .build();
  }

  private static Response plain(int status, String message) {
    return Response.status(status).type("text/plain; charset=utf-8").entity(message + "\n").build();
  }
}
