package io.iptvorigin.epg;

import io.iptvorigin.user.SubscriberTokens;
import io.iptvorigin.user.TokenRefusal;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A subscriber's programme guide, as XMLTV: {@code /epg.xml?token=T} (gzip-encoded when the player
 * accepts it) and {@code /epg.xml.gz?token=T} (a gzip file). nginx sends the rendered file after
 * {@link EpgGrantServlet}'s grant; this answers what it passes on: refusals (401 or 403 with the
 * reason, like the playlist), and the guide itself when nginx could not send it.
 */
@WebServlet(urlPatterns = {"/epg.xml", "/epg.xml.gz"})
public class EpgServlet extends HttpServlet {
  static final Set<String> PATHS = Set.of("/epg.xml", "/epg.xml.gz");
  private static final Logger LOG = Logger.getLogger(EpgServlet.class.getName());

  @Inject SubscriberTokens tokens;
  @Inject GuideFiles files;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<TokenRefusal> refusal;
    try {
      refusal = tokens.refusal(request.getParameter("token"));
    } catch (JedisException e) {
      LOG.warning("guide unavailable reason=\"" + e.getMessage() + "\"");
      response.setStatus(503);
      response.setHeader("Retry-After", "5");
      response.setContentType("text/plain; charset=utf-8");
      response.getWriter().write("ERROR: Service temporarily unavailable\n");
      return;
    }
    if (refusal.isPresent()) {
      response.setStatus(refusal.get().status());
      response.setHeader("Cache-Control", "no-store");
      response.setContentType("text/plain; charset=utf-8");
      response.getWriter().write(refusal.get().message() + "\n");
      return;
    }
    GuideFileSender.send(
        response,
        files,
        request.getServletPath().endsWith(".gz"),
        request.getHeader("Accept-Encoding"));
  }
}
