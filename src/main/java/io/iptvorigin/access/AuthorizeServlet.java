package io.iptvorigin.access;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * nginx's {@code auth_request} target for every request under /live/ (a plain servlet: it is the
 * hottest path of the application, and nginx caches its answers for a few seconds per token,
 * channel and client address). nginx sends the token, channel and client address as headers; the
 * answer is 200, or 403/429 with {@code X-Auth-Status} and {@code X-Auth-Reason}, which nginx
 * turns into the player's answer. Not reachable from outside: nginx proxies no /internal/ path.
 */
@WebServlet(urlPatterns = "/internal/authorize")
public class AuthorizeServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(AuthorizeServlet.class.getName());

  @Inject ViewerAuthorizer authorizer;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    ViewerAuthorizer.Decision decision;
    try {
      decision =
          authorizer.authorize(
              request.getHeader("X-Token"), request.getHeader("X-Channel"), request.getHeader("X-Client-Addr"));
    } catch (JedisException e) {
      LOG.warning("viewer authorisation unavailable reason=\"" + e.getMessage() + "\"");
      response.setStatus(503);
      return;
    }
    response.setStatus(decision.status());
    response.setHeader("X-Auth-Status", Integer.toString(decision.status()));
    response.setHeader("X-Auth-Reason", decision.reason());
    response.setContentLength(0);
  }

  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response) {
    doGet(request, response);
  }
}
