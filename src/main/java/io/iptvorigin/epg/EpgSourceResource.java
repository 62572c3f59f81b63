package io.iptvorigin.epg;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.Json;
import io.iptvorigin.common.JsonBody;
import io.iptvorigin.upstream.AddressPolicy;
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
 * The operator's XMLTV sources (bearer admin token required), each with the status of its last
 * refresh.
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" -d '{"id":"uk","url":"http://provider.example/epg.xml.gz",
 *      "refresh_minutes":720}' http://127.0.0.1/api/epg/sources
 * curl -H "Authorization: Bearer $T" http://127.0.0.1/api/epg/sources/uk
 * curl -H "Authorization: Bearer $T" -X POST http://127.0.0.1/api/epg/sources/uk/refresh
 * </pre>
 */
@Path("/epg/sources")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EpgSourceResource {
  @Inject EpgSourceRepository sources;
  @Inject AddressPolicy addresses;
  @Inject GuideScheduler scheduler;

  @GET
  public String list() {
    List<EpgSource> all = sources.list();
    ArrayNode array = Json.array();
    all.forEach(s -> array.add(withStatus(s)));
    ObjectNode body = Json.object();
    body.set("sources", array);
    body.put("count", all.size());
    return Json.write(body);
  }

  @POST
  public Response create(InputStream body) {
    EpgSourcePayload payload = EpgSourcePayload.parse(JsonBody.read(body));
    EpgSource source = payload.toNewSource();
    addresses.checkUrl(source.url(), "url");
    if (!sources.create(source)) {
      throw new ApiException(409, "source '" + source.id() + "' already exists");
    }
    scheduler.refreshSoon(source.id());
    return Response.created(UriBuilder.fromPath("/api/epg/sources/{id}").build(source.id()))
        .entity(Json.write(withStatus(source)))
        .build();
  }

  @GET
  @Path("/{id}")
  public String get(@PathParam("id") String id) {
    return Json.write(withStatus(existing(id)));
  }

  @PUT
  @Path("/{id}")
  public String update(@PathParam("id") String id, InputStream body) {
    EpgSourcePayload payload = EpgSourcePayload.parse(JsonBody.read(body));
    EpgSource current = existing(id);
    EpgSource changed = payload.applyTo(current);
    payload.url().ifPresent(url -> addresses.checkUrl(changed.url(), "url"));
    if (!sources.update(changed)) {
      throw unknown(id);
    }
    if (!changed.url().equals(current.url())) {
      scheduler.refreshSoon(id);
    }
    return Json.write(withStatus(changed));
  }

  @DELETE
  @Path("/{id}")
  public String delete(@PathParam("id") String id) {
    EpgSourcePayload.checkId(id);
    if (!sources.delete(id)) {
      throw unknown(id);
    }
    ObjectNode body = Json.object();
    body.put("deleted", id);
    return Json.write(body);
  }

  /** Runs the refresh now, on this node unless another holds the source's lease: 202. */
  @POST
  @Path("/{id}/refresh")
  public Response refresh(@PathParam("id") String id) {
    EpgSource source = existing(id);
    scheduler.refreshSoon(source.id());
    ObjectNode body = withStatus(source);
    body.put("refresh", "queued");
    return Response.accepted(Json.write(body)).build();
  }

  private EpgSource existing(String id) {
    EpgSourcePayload.checkId(id);
    return sources.find(id).orElseThrow(() -> unknown(id));
  }

  private ObjectNode withStatus(EpgSource source) {
    ObjectNode node = source.toJson();
    node.set("status", sources.status(source.id()).toJson());
    return node;
  }

  private static ApiException unknown(String id) {
    return new ApiException(404, "source '" + id + "' not found");
  }
}
