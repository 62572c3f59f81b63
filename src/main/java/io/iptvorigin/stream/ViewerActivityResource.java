package io.iptvorigin.stream;

import io.iptvorigin.access.PublicEndpoint;
import io.iptvorigin.channel.ChannelPayload;
import io.iptvorigin.common.Clock;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * nginx's {@code auth_request} for every channel playlist request: records that someone watches,
 * so the idle timer never stops a watched channel. Always allows (viewer authorisation is a
 * separate concern); a channel that does not run is left alone.
 */
@Path("/internal/viewer/{channel}")
@PublicEndpoint
@RequestScoped
public class ViewerActivityResource {
  @Inject StreamState state;
  @Inject Clock clock;

  @GET
  public Response touch(@PathParam("channel") String channelId) {
    if (ChannelPayload.CHANNEL_ID.matcher(channelId).matches()) {
      state.touch(channelId, clock.now());
    }
    return Response.noContent().build();
  }
}
