package io.iptvorigin.delivery;

import io.iptvorigin.access.InternalCaller;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * nginx's question before it sends a rendered answer: may this request (the player's, in {@value
 * #URI_HEADER}) have one, and which file is it? 200 with the file's name in {@value #ANSWER_HEADER}
 * (rendered first if needed), or 403 for anything else: a refusal, a request this fast path does
 * not cover, Redis away. nginx then passes the request to the app, which answers it in full (the
 * exact refusal, the failed-login count), so a grant never decides what a refused player sees.
 *
 * <p>nginx caches a 200 for a few seconds under a keyed digest of the request line (see
 * nginx/njs/cache-keys.js), as it caches viewer authorisations. Without nginx's internal secret
 * this answers 404.
 */
public abstract class AnswerGrantServlet extends HttpServlet {
  public static final String URI_HEADER = "X-Original-URI";
  public static final String ANSWER_HEADER = "X-Iptv-Answer";
  private static final Logger LOG = Logger.getLogger(AnswerGrantServlet.class.getName());

  @Inject InternalCaller internal;

  /** The answer file this request may have, or empty to let the app answer it. */
  protected abstract Optional<String> grant(HttpServletRequest request, RawRequest player)
      throws IOException;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!internal.isNginx(request.getHeader(InternalCaller.HEADER))) {
      response.setStatus(404);
      response.setContentLength(0);
      return;
    }
    String uri = request.getHeader(URI_HEADER);
    Optional<String> answer = Optional.empty();
    if (uri != null) {
      try {
        answer = grant(request, RawRequest.parse(uri));
      } catch (JedisException e) {
        LOG.warning(
            "answer grant unavailable reason=\"" + e.getMessage() + "\" effect=the app answers");
      }
    }
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(0);
    if (answer.isPresent()) {
      response.setHeader(ANSWER_HEADER, answer.get());
      response.setStatus(200);
    } else {
      response.setStatus(403);
    }
  }
}
