package io.iptvorigin.stream.ts;

import io.iptvorigin.access.InternalCaller;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.stream.start.PeerRouting;
import io.iptvorigin.stream.start.StartBudget;
import io.iptvorigin.stream.start.StartFailures;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import io.iptvorigin.stream.supervision.Viewer;
import io.iptvorigin.user.Token;
import io.iptvorigin.user.TokenGrant;
import io.iptvorigin.user.UserRepository;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The continuous TS of a channel, {@code /live/{token}/stream_{id}.ts} as nginx passes it here
 * after authorising it ({@code /internal/ts/{id}}, with the token and the client address). A
 * channel that is not running is started exactly as a playlist miss starts it (the held start, one
 * FFmpeg however many viewers arrive, the cold-start budget); then the response is the channel's
 * segments from the newest on ({@link TsViewer}). Without nginx's internal secret this answers 404.
 */
@WebServlet(urlPatterns = "/internal/ts/*", asyncSupported = true)
public class TsServlet extends HttpServlet {
  static final String PEER_PREFIX = "/_peer_stream/";
  private static final Logger LOG = Logger.getLogger(TsServlet.class.getName());

  @Inject InternalCaller internal;
  @Inject StreamSupervisor supervisor;
  @Inject StartBudget budget;
  @Inject UserRepository users;
  @Inject TsFeeds feeds;
  @Inject PeerRouting routing;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    String id = path == null ? "" : path.substring(1);
    if (!internal.isNginx(request.getHeader(InternalCaller.HEADER)) || !ChannelId.isValid(id)) {
      plain(response, 404, "Not Found");
      return;
    }
    ChannelId channel = new ChannelId(id);
    String token = request.getHeader("X-Token");
    String address = request.getHeader("X-Client-Addr");
    String username;
    try {
      // Another node runs it (or will: this node drains): nginx streams it from there
      // (peers.conf), and that node checks this viewer's token and session as this one would.
      Optional<String> peer =
          routing.peerFor(channel, request.getHeader("X-Peer-Unreachable"), null);
      if (peer.isPresent()) {
        response.setStatus(200);
        response.setHeader(
            "X-Accel-Redirect", PEER_PREFIX + peer.get() + "/stream_" + channel.value() + ".ts");
        return;
      }
      username =
          Token.isValid(token)
              ? users.findGrant(new Token(token)).map(TokenGrant::username).orElse(null)
              : null;
      if (!supervisor.supervises(channel) && username != null) {
        budget.charge(new Token(token), channel);
      }
    } catch (ApiException e) {
      refuse(response, channel, e);
      return;
    } catch (JedisException e) {
      LOG.warning("ts unavailable channel=" + id + " reason=\"" + e.getMessage() + "\"");
      response.setHeader("Retry-After", "5");
      plain(response, 503, "ERROR: Service temporarily unavailable");
      return;
    }
    AsyncContext context = request.startAsync();
    // The stream lasts as long as the viewer watches: no container time-out.
    context.setTimeout(0);
    String user = username;
    CompletableFuture<Void> started;
    try {
      started =
          supervisor.startWithin(
              channel, "viewer", username == null ? Viewer.NONE : new Viewer(username, address));
    } catch (ApiException e) {
      refuseAsync(context, channel, e);
      return;
    }
    started.whenComplete(
        (done, error) ->
            context.start(
                () -> {
                  if (error != null) {
                    refuseAsync(context, channel, error);
                  } else {
                    stream(context, id, token, address, user);
                  }
                }));
  }

  private void stream(
      AsyncContext context, String channelId, String token, String address, String username) {
    HttpServletResponse response = (HttpServletResponse) context.getResponse();
    try {
      response.setStatus(200);
      response.setContentType("video/mp2t");
      response.setHeader("Cache-Control", "no-store");
      TsViewer viewer =
          new TsViewer(
              channelId, token, address, username, context, response.getOutputStream(), feeds);
      context.addListener(viewer);
      feeds.join(viewer);
      response.getOutputStream().setWriteListener(viewer);
    } catch (IOException | RuntimeException e) {
      LOG.warning("ts stream not started channel=" + channelId + " reason=\"" + e + "\"");
      context.complete();
    }
  }

  private static void refuseAsync(AsyncContext context, ChannelId channel, Throwable error) {
    try {
      refuse((HttpServletResponse) context.getResponse(), channel, error);
    } catch (IOException e) {
      // The viewer is gone: nothing to tell.
    } finally {
      context.complete();
    }
  }

  private static void refuse(HttpServletResponse response, ChannelId channel, Throwable error)
      throws IOException {
    ApiException refusal = StartFailures.of(channel.value(), error);
    Long retryAfter = StartFailures.retryAfter(refusal);
    if (retryAfter != null) {
      response.setHeader("Retry-After", Long.toString(retryAfter));
    }
    plain(response, refusal.status(), "ERROR: " + refusal.getMessage());
  }

  private static void plain(HttpServletResponse response, int status, String message)
      throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
