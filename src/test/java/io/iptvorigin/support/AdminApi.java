package io.iptvorigin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The panel's side of the admin API, with the admin token: any call as it is, plus creating test
 * users and channels and reading the running streams. Channels created through {@link
 * #create(TestChannels.Channel)} are stopped and deleted after the test by {@link OriginStack}.
 */
public final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Http http;
  private final List<String> createdChannels = new CopyOnWriteArrayList<>();

  AdminApi(Http http) {
    this.http = http;
  }

  public HttpResponse<String> get(String path) {
    return http.get(path);
  }

  public HttpResponse<String> post(String path, String json) {
    return http.post(path, json);
  }

  public HttpResponse<String> put(String path, String json) {
    return http.put(path, json);
  }

  public HttpResponse<String> delete(String path) {
    return http.delete(path);
  }

  public HttpResponse<String> send(String method, String path, String json) {
    return http.send(method, path, json);
  }

  /** Creates the user (201 expected) and returns its name and token. */
  public TestUsers.Subscriber create(TestUsers.User user) {
    HttpResponse<String> created = post("/api/users", user.json());
    assertEquals(201, created.statusCode(), created.body());
    return new TestUsers.Subscriber(user.username(), user.token());
  }

  /** Creates the channel (201 expected), to be stopped and deleted after the test; its id. */
  public String create(TestChannels.Channel channel) {
    HttpResponse<String> created = post("/api/channels", channel.json());
    assertEquals(201, created.statusCode(), created.body());
    createdChannels.add(channel.id());
    return channel.id();
  }

  public HttpResponse<String> startStream(String channel) {
    return post("/api/stream/start", "{\"channel_id\":\"" + channel + "\"}");
  }

  public HttpResponse<String> stopStream(String channel) {
    return post("/api/stream/stop", "{\"channel_id\":\"" + channel + "\"}");
  }

  /** The channel's entry in {@code /api/streams/active}; null while it does not run. */
  public JsonNode activeStream(String channel) throws IOException {
    return JSON.readTree(get("/api/streams/active").body()).get("streams").get(channel);
  }

  /** Whether {@code /api/streams/active} names the channel. */
  public boolean running(String channel) {
    return get("/api/streams/active").body().contains("\"" + channel + "\"");
  }

  void removeCreatedChannels() {
    List<String> ids = List.copyOf(createdChannels);
    createdChannels.clear();
    for (String id : ids) {
      stopStream(id);
      delete("/api/channels/" + id);
    }
  }
}
