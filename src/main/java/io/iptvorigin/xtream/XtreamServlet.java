package io.iptvorigin.xtream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What the XC endpoints share: GET and POST (a form body, as IPTV Smarters sends it) answer alike,
 * and a Redis that does not answer is a 503 with {@code Retry-After}, never a stack trace.
 */
abstract class XtreamServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(XtreamServlet.class.getName());

  /** Answers the request; Redis failures are the caller's. */
  abstract void answer(HttpServletRequest request, HttpServletResponse response) throws IOException;

  /** Whether refusals are JSON (the API) or one plain line (playlists and stream URLs). */
  abstract boolean answersJson();

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      answer(request, response);
    } catch (JedisException e) {
      LOG.warning(
          "xtream unavailable path="
              + request.getServletPath()
              + " reason=\""
              + e.getMessage()
              + "\"");
      Answers.unavailable(response, answersJson());
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    doGet(request, response);
  }
}
