package io.iptvorigin.stream.start;

import io.iptvorigin.access.NginxOnly;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx asks here for a segment it does not have (the viewer's playlist came from the node that
 * runs the channel, {@link StartResource}): the answer sends nginx to that node's copy ({@code
 * X-Accel-Redirect: /_peer/{address}/{file}}), or is a 404 when no other node runs the channel.
 * Only nginx's internal location calls it, after authorising the viewer here.
 */
@Path("/internal/peer-file/{file}")
@NginxOnly
@RequestScoped
public class PeerFileResource {
  private static final Pattern SEGMENT =
      Pattern.compile("stream_([A-Za-z0-9_-]{1,64})_[0-9a-f]{8}_[0-9]+\\.ts");

  @Inject StreamSupervisor supervisor;
  @Inject Nodes nodes;

  @GET
  public Response locate(@PathParam("file") String file) {
    Matcher segment = SEGMENT.matcher(file);
    if (!segment.matches() || !ChannelId.isValid(segment.group(1))) {
      return notFound();
    }
    return supervisor
        .ownerElsewhere(new ChannelId(segment.group(1)))
        .flatMap(nodes::peerAddress)
        .map(
            address ->
                Response.ok()
                    .header("X-Accel-Redirect", StartResource.PEER_PREFIX + address + "/" + file)
                    .build())
        .orElseGet(PeerFileResource::notFound);
  }

  private static Response notFound() {
    return Response.status(404).type("text/plain; charset=utf-8").entity("not found\n").build();
  }
}
