package io.iptvorigin.playlist;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Subscriber playlists at the URLs already in players:
 *
 * <pre>
 * curl 'http://127.0.0.1/get_playlist.php?token=TOKEN'
 * curl 'http://127.0.0.1/playlist/TOKEN.m3u8'
 * curl 'http://127.0.0.1/get_playlist.php?token=TOKEN&amp;output=ts'
 * </pre>
 *
 * <p>{@code output=ts} (or {@code mpegts}) lists the channels' continuous TS URLs instead of HLS.
 *
 * <p>The body carries the subscriber's token, so it is never cached ({@code no-store}); refusals
 * are one plain-text line, as the reference's players expect.
 */
@WebServlet(urlPatterns = {"/get_playlist.php", "/playlist/*"})
public class PlaylistServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(PlaylistServlet.class.getName());

  @Inject SubscriberPlaylists playlists;

  @Inject PublicBaseUrl publicBaseUrl;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    Optional<String> base = publicBaseUrl.of(request);
    if (base.isEmpty()) {
      refuse(response, 400, "ERROR: Bad Host header");
      return;
    }
    Optional<OutputFormat> format = OutputFormat.ofOutput(request.getParameter("output"));
    if (format.isEmpty()) {
      refuse(response, 400, "ERROR: output must be " + OutputFormat.CHOICES);
      return;
    }
    PlaylistAnswer answer;
    try {
      answer = playlists.forToken(token(request), base.get(), format.get());
    } catch (JedisException e) {
      LOG.warning("playlist unavailable reason=\"" + e.getMessage() + "\"");
      response.setHeader("Retry-After", "5");
      refuse(response, 503, "ERROR: Service temporarily unavailable");
      return;
    }
    if (!answer.ok()) {
      refuse(response, answer.status(), answer.refusal());
      return;
    }
    answer.body().send(response);
  }

  /** {@code ?token=} on /get_playlist.php, the file name on /playlist/{token}.m3u8. */
  static String token(HttpServletRequest request) {
    if (request.getServletPath().equals("/playlist")) {
      String path = request.getPathInfo();
      if (path == null || path.length() < 2) {
        return null;
      }
      return fileNameToken(path.substring(1));
    }
    return request.getParameter("token");
  }

  /** The token of {@code /playlist/{token}[.m3u8|.m3u]}, given the part after the slash. */
  static String fileNameToken(String name) {
    if (name.endsWith(".m3u8")) {
      return name.substring(0, name.length() - 5);
    }
    if (name.endsWith(".m3u")) {
      return name.substring(0, name.length() - 4);
    }
    return name;
  }

  private static void refuse(HttpServletResponse response, int status, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain; charset=utf-8");
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
