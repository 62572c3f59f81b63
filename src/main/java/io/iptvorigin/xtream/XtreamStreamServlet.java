package io.iptvorigin.xtream;

import io.iptvorigin.access.InternalCaller;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The XC stream URLs: {@code /live/U/P/ID.m3u8}, {@code /live/U/P/ID.ts}, {@code /live/U/P/ID} and
 * {@code /U/P/ID[.ts|.m3u8]}, answered as XC itself does, with a redirect to the tokenised URL:
 * {@code /live/{token}/stream_{channel}.m3u8}. From there on a player is a token-form viewer: the
 * same start, the same authorisation of every playlist and segment, the same session counting, and
 * a revoked token stops it within seconds. The {@code .ts} forms and the form without an extension
 * (XC's TS) redirect to the channel's continuous TS, {@code /live/{token}/stream_{channel}.ts}.
 *
 * <p>nginx recognises these URLs on the raw request line (usernames and passwords may hold encoded
 * {@code /}, {@code ?} or {@code %}, which a decoded path would split) and passes it here in
 * {@value #PATH_HEADER} from an internal location, to this one fixed path: what WildFly routes is
 * never the subscriber's path. Without nginx's internal secret this answers 404.
 */
@WebServlet(urlPatterns = "/internal/xtream/stream")
public class XtreamStreamServlet extends HttpServlet {
  static final String PATH_HEADER = "X-Xtream-Path";
  private static final Logger LOG = Logger.getLogger(XtreamStreamServlet.class.getName());
  private static final Pattern STREAM_PATH =
      Pattern.compile("/(?:live/)?([^/?]+)/([^/?]+)/([1-9][0-9]{0,9})(\\.m3u8|\\.ts)?(\\?.*)?");

  @Inject InternalCaller internal;
  @Inject XtreamLogin logins;
  @Inject XtreamCatalogCache catalogs;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!internal.isNginx(request.getHeader(InternalCaller.HEADER))) {
      Answers.text(response, 404, "Not Found");
      return;
    }
    try {
      answer(request, response);
    } catch (JedisException e) {
      LOG.warning("xtream stream unavailable reason=\"" + e.getMessage() + "\"");
      Answers.unavailable(response, false);
    }
  }

  private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String raw = request.getHeader(PATH_HEADER);
    Matcher path = raw == null ? null : STREAM_PATH.matcher(raw);
    if (path == null || !path.matches()) {
      Answers.text(response, 404, "ERROR: Unknown stream");
      return;
    }
    Optional<String> username = PathSegments.decode(path.group(1));
    Optional<String> password = PathSegments.decode(path.group(2));
    if (username.isEmpty() || password.isEmpty()) {
      Answers.text(response, 400, "ERROR: Bad request path");
      return;
    }
    XtreamLogin.Outcome outcome =
        logins.login(username.get(), password.get(), request.getRemoteAddr());
    switch (outcome.status()) {
      case LOCKED_OUT -> Answers.tooManyFailures(response, logins.lockoutSeconds(), false);
      case REFUSED -> Answers.text(response, 403, "ERROR: Invalid username or password");
      case OK -> redirect(response, outcome, Long.parseLong(path.group(3)), path.group(4));
    }
  }

  /** To the token form of the same output: {@code .m3u8} HLS, {@code .ts} or none the TS. */
  private void redirect(
      HttpServletResponse response, XtreamLogin.Outcome outcome, long streamId, String extension)
      throws IOException {
    Optional<String> channel = catalogs.current().channelOf(streamId);
    if (channel.isEmpty()) {
      Answers.text(response, 404, "ERROR: Unknown channel");
      return;
    }
    String token = outcome.account().user().token();
    response.setHeader("Cache-Control", "no-store");
    // A path, not a URL: right behind any proxy, as nginx's own redirects (absolute_redirect off).
    String output = ".m3u8".equals(extension) ? ".m3u8" : ".ts";
    response.setHeader("Location", "/live/" + token + "/stream_" + channel.get() + output);
    response.setStatus(302);
    response.setContentLength(0);
  }
}
