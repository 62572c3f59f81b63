package io.iptvorigin.stream.start;

import io.iptvorigin.access.NginxOnly;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.cluster.Nodes;
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
  static final String ACCEL_PREFIX = "/_hls/";
  static final String PEER_PREFIX = "/_peer/";

  @Inject StreamSupervisor supervisor;
  @Inject StartBudget budget;
  @Inject UserRepository users;
  @Inject Nodes nodes;
  @Inject PeerRouting routing;

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
      // Another node runs it (or will: this node drains): its playlist comes from there, and
      // this viewer starts nothing here.
      Optional<String> peer = routing.peerFor(channel, unreachable, handoverFrom);
      if (peer.isPresent()) {
        response.resume(peerPlaylist(channel, peer.get()));
        return;
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

  private static Response accel(ChannelId channel) {
    return Response.ok()
        .header("X-Accel-Redirect", ACCEL_PREFIX + HlsPaths.playlistName(channel.value()))
        .build();
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
    if (refusal instanceof OwnedElsewhereException elsewhere) {
      Optional<String> address = nodes.peerAddress(elsewhere.node());
      if (address.isPresent()) {
        return peerPlaylist(channel, address.get());
      }
    }
    return Response.fromResponse(plain(refusal.status(), refusal.getMessage()))
        .header("Retry-After", StartFailures.retryAfter(refusal))
        .build();
  }

  private static Response plain(int status, String message) {
    return Response.status(status).type("text/plain; charset=utf-8").entity(message + "\n").build();
  }
}
