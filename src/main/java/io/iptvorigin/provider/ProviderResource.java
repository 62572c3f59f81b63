package io.iptvorigin.provider;

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
import java.util.Map;

/**
 * Upstream providers and their connection limits (bearer admin token required). Every answer shows
 * the live usage beside the limit: {@code connections} and the {@code channels} holding them now.
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" -d '{"id":"acme","max_connections":1}' http://127.0.0.1/api/providers
 * curl -H "Authorization: Bearer $T" http://127.0.0.1/api/providers/acme
 * curl -H "Authorization: Bearer $T" -X PUT -d '{"max_connections":2}' http://127.0.0.1/api/providers/acme
 * curl -H "Authorization: Bearer $T" -X DELETE http://127.0.0.1/api/providers/acme
 * </pre>
 */
@Path("/providers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProviderResource {
  @Inject ProviderService providers;
  @Inject ProviderSlots slots;

  @GET
  public String list() {
    List<Provider> all = providers.list();
    Map<String, List<String>> holders = slots.holders(all.stream().map(Provider::id).toList());
    ArrayNode array = Json.array();
    all.forEach(p -> array.add(withUsage(p, holders.get(p.id()))));
    ObjectNode body = Json.object();
    body.set("providers", array);
    body.put("count", all.size());
    return Json.write(body);
  }

  @POST
  public Response create(InputStream body) {
    Provider provider = providers.create(ProviderPayload.parse(JsonBody.read(body)));
    return Response.created(UriBuilder.fromPath("/api/providers/{id}").build(provider.id()))
        .entity(Json.write(withUsage(provider)))
        .build();
  }

  @GET
  @Path("/{id}")
  public String get(@PathParam("id") String id) {
    return Json.write(withUsage(providers.get(id)));
  }

  @PUT
  @Path("/{id}")
  public String update(@PathParam("id") String id, InputStream body) {
    ProviderPayload payload = ProviderPayload.parse(JsonBody.read(body));
    return Json.write(withUsage(providers.update(id, payload)));
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") String id) {
    providers.delete(id);
    return Response.noContent().build();
  }

  private ObjectNode withUsage(Provider provider) {
    return withUsage(provider, slots.holders(List.of(provider.id())).get(provider.id()));
  }

  private static ObjectNode withUsage(Provider provider, List<String> holders) {
    ObjectNode node = provider.toJson();
    node.put("connections", holders.size());
    ArrayNode channels = node.putArray("channels");
    holders.forEach(channels::add);
    return node;
  }
}
