package io.iptvorigin.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Json;
import io.iptvorigin.user.UnknownUserException;
import io.iptvorigin.user.UserRepository;
import io.iptvorigin.user.Username;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A user's live viewer sessions (bearer admin token required).
 *
 * <pre>curl -H "Authorization: Bearer $T" http://127.0.0.1/api/users/john123/sessions</pre>
 */
@Path("/users/{username}/sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
  @Inject ViewerSessions sessions;
  @Inject UserRepository users;
  @Inject Clock clock;

  @GET
  public String list(@PathParam("username") String username) {
    Username name = Username.parse(username);
    var user = users.find(name).orElseThrow(() -> new UnknownUserException(name)).user();
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (ViewerSessions.Session s : sessions.live(username, clock.now())) {
      ObjectNode node = list.addObject();
      node.put("channel_id", s.channelId());
      node.put("address", s.address());
      node.put("first_seen", s.firstSeen().toString());
      node.put("last_seen", s.lastSeen().toString());
    }
    ObjectNode body = Json.object();
    body.put("username", username);
    body.put("max_connections", user.maxConnections());
    body.put("window_seconds", sessions.window().toSeconds());
    body.set("sessions", list);
    body.put("count", list.size());
    return Json.write(body);
  }
}
