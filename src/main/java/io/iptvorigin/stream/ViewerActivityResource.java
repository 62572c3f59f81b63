package io.iptvorigin.stream;

import io.iptvorigin.access.PublicEndpoint;
import io.iptvorigin.common.Clock;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx's {@code auth_request} for every channel playlist request (nginx passes the player's URI
 * in {@code X-Original-URI}): records that someone watches, so the idle timer never stops a
 * watched channel. Always allows; a channel that does not run is left alone.
 */
@Path("/internal/viewer")
@PublicEndpoint
@RequestScoped
public class ViewerActivityResource {
  private static final Pattern PLAYLIST = Pattern.compile("/live/stream_([A-Za-z0-9_-]{1,64})\\.m3u8(\\?.*)?");

  @Inject StreamState state;
  @Inject Clock clock;

  @GET
  public Response touch(@HeaderParam("X-Original-URI") String uri) {
    Matcher playlist = PLAYLIST.matcher(uri == null ? "" : uri);
    if (playlist.matches()) {
      state.touch(playlist.group(1), clock.now());
    }
    return Response.noContent().build();
  }
}
