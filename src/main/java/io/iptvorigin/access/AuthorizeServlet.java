package io.iptvorigin.access;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.exceptions.JedisException;

/**
 * nginx's {@code auth_request} target for every request under /live/ (a plain servlet: it is the
 * hottest path of the application, and nginx caches its answers for a few seconds per token,
 * channel and client address). nginx sends the token, channel and client address as headers.
 *
 * <p>The answer is 200, or 403 for every refusal with the player's status (403, 404 or 429) in
 * {@code X-Auth-Status} and a short reason in {@code X-Auth-Reason}: auth_request passes only 2xx,
 * 401 and 403 on, and logs anything else as an error with the tokened request line. Every answer
 * says {@code Cache-Control: stale-if-error=N}, which bounds how long nginx may reuse it while the
 * app or Redis is away.
 *
 * <p>Only nginx may call it ({@link InternalCaller}): a request without the internal secret gets a
 * 404, so nobody can record sessions for an address of their choosing.
 */
@WebServlet(urlPatterns = "/internal/authorize")
public class AuthorizeServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(AuthorizeServlet.class.getName());

  @Inject ViewerAuthorizer authorizer;
  @Inject InternalCaller internal;
  @Inject AuthChecks checks;

  @Inject
  @ConfigProperty(name = "iptv.viewer.auth-stale-seconds", defaultValue = "60")
  int staleSeconds;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    if (!internal.isNginx(request.getHeader(InternalCaller.HEADER))) {
      response.setStatus(404);
      response.setContentLength(0);
      return;
    }
    ViewerAuthorizer.Decision decision;
    try {
      decision =
          authorizer.authorize(
              request.getHeader("X-Token"),
              request.getHeader("X-Channel"),
              request.getHeader("X-Client-Addr"));
    } catch (JedisException e) {
      LOG.warning("viewer authorisation unavailable reason=\"" + e.getMessage() + "\"");
      checks.count("unavailable");
      response.setStatus(503);
      return;
    }
    checks.count(decision.result());
    response.setStatus(decision.allowed() ? 200 : 403);
    response.setHeader("X-Auth-Status", Integer.toString(decision.status()));
    response.setHeader("X-Auth-Reason", decision.reason());
    response.setHeader("Cache-Control", "stale-if-error=" + staleSeconds);
    response.setContentLength(0);
  }

  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response) {
    doGet(request, response);
  }
}
