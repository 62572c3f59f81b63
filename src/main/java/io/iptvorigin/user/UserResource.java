package io.iptvorigin.user;

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
 * Users, as the admin panel syncs them (bearer admin token required).
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" http://127.0.0.1/api/users
 * curl -H "Authorization: Bearer $T" -d '{"username":"john123","token":"...64 hex...",
 *      "expires_at":"2026-12-07T21:50:51Z","max_connections":2,"is_active":true}' http://127.0.0.1/api/users
 * curl -H "Authorization: Bearer $T" -X PUT -d '{"is_active":false}' http://127.0.0.1/api/users/john123
 * curl -H "Authorization: Bearer $T" -X DELETE http://127.0.0.1/api/users/john123
 * </pre>
 */
@Path("/users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
  @Inject UserService users;

  @GET
  public String list() {
    List<User> all = users.list();
    ArrayNode array = Json.MAPPER.createArrayNode();
    all.forEach(u -> array.add(u.toApiJson()));
    ObjectNode body = Json.object();
    body.set("users", array);
    body.put("count", all.size());
    return Json.write(body);
  }

  @POST
  public Response create(InputStream body) {
    User user = users.create(UserPayload.parse(JsonBody.read(body)));
    return Response.created(UriBuilder.fromPath("/api/users/{u}").build(user.username()))
        .entity(Json.write(user.toApiJson()))
        .build();
  }

  @GET
  @Path("/{username}")
  public String get(@PathParam("username") String username) {
    return Json.write(users.get(Username.parse(username)).toApiJson());
  }

  @PUT
  @Path("/{username}")
  public String update(@PathParam("username") String username, InputStream body) {
    UserPayload payload = UserPayload.parse(JsonBody.read(body));
    return Json.write(users.update(Username.parse(username), payload).toApiJson());
  }

  @DELETE
  @Path("/{username}")
  public String delete(@PathParam("username") String username) {
    users.delete(Username.parse(username));
    ObjectNode body = Json.object();
    body.put("deleted", username);
    return Json.write(body);
  }
}
