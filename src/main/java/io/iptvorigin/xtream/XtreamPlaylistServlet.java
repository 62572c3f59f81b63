package io.iptvorigin.xtream;

import io.iptvorigin.playlist.OutputFormat;
import io.iptvorigin.playlist.PublicBaseUrl;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The XC way to fetch a subscriber's M3U:
 *
 * <pre>
 * curl 'http://127.0.0.1/get.php?username=U&amp;password=P&amp;type=m3u_plus&amp;output=m3u8'
 * </pre>
 *
 * The same entries, attributes and order as the token playlist, with XC stream URLs ({@code
 * /live/U/P/{stream_id}.m3u8}). {@code type} is {@code m3u_plus} or {@code m3u} (both carry the
 * attributes: every player we know reads them), {@code output} {@code m3u8}, {@code hls}, {@code
 * ts} or {@code mpegts}: the first two list the HLS URLs, the last two the continuous TS ({@code
 * /live/U/P/{stream_id}.ts}).
 */
@WebServlet(urlPatterns = "/get.php")
public class XtreamPlaylistServlet extends XtreamServlet {
  private static final Set<String> TYPES = Set.of("m3u_plus", "m3u");

  @Inject XtreamLogin logins;
  @Inject XtreamCatalogCache catalogs;
  @Inject PublicBaseUrl baseUrl;

  @Override
  boolean answersJson() {
    return false;
  }

  @Override
  void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Optional<String> base = baseUrl.of(request);
    if (base.isEmpty()) {
      Answers.text(response, 400, "ERROR: Bad Host header");
      return;
    }
    Optional<String> problem =
        formatProblem(request.getParameter("type"), request.getParameter("output"));
    if (problem.isPresent()) {
      Answers.text(response, 400, problem.get());
      return;
    }
    String username = request.getParameter("username");
    String password = request.getParameter("password");
    if (username == null || password == null || username.isEmpty() || password.isEmpty()) {
      Answers.text(response, 401, "ERROR: Missing username or password");
      return;
    }
    XtreamLogin.Outcome outcome = logins.login(username, password, request.getRemoteAddr());
    switch (outcome.status()) {
      case LOCKED_OUT -> Answers.tooManyFailures(response, logins.lockoutSeconds(), false);
      case REFUSED -> Answers.text(response, 401, "ERROR: Invalid username or password");
      case OK -> {
        response.setHeader("Cache-Control", "no-store");
        OutputFormat format = OutputFormat.ofOutput(request.getParameter("output")).orElseThrow();
        catalogs
            .current()
            .m3u(
                streamPrefix(base.get(), username, password),
                guideUrl(base.get(), username, password),
                format)
            .send(response);
      }
    }
  }

  /** Why {@code type} and {@code output} (null when absent) cannot be served, if they cannot. */
  static Optional<String> formatProblem(String type, String output) {
    if (!TYPES.contains(valueOr(type, "m3u_plus"))) {
      return Optional.of("ERROR: type must be m3u_plus or m3u");
    }
    if (OutputFormat.ofOutput(output).isEmpty()) {
      return Optional.of("ERROR: output must be " + OutputFormat.CHOICES);
    }
    return Optional.empty();
  }

  /** What goes before {@code /{stream_id}.m3u8} in this subscriber's {@code get.php} URLs. */
  static String streamPrefix(String baseUrl, String username, String password) {
    return baseUrl + "/live/" + PathSegments.encode(username) + "/" + PathSegments.encode(password);
  }

  /** The subscriber's guide, as XC panels name it in get.php: {@code xmltv.php}. */
  static String guideUrl(String baseUrl, String username, String password) {
    return baseUrl
        + "/xmltv.php?username="
        + URLEncoder.encode(username, StandardCharsets.UTF_8)
        + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8);
  }

  private static String valueOr(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
