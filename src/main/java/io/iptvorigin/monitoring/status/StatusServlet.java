package io.iptvorigin.monitoring.status;

import io.iptvorigin.access.AdminToken;
import io.iptvorigin.access.InternalCaller;
import io.iptvorigin.common.Clock;
import io.iptvorigin.monitoring.UncachedAnswer;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /status}, {@code /status/login} and {@code /status/logout} behind nginx
 * (nginx/concerns/status.conf: the panel's addresses only, with nginx's internal secret). The page
 * wants the admin token: as {@code Authorization: Bearer} (scripts, curl) or, for a browser, the
 * signed cookie of {@link StatusSession} that the login form's POST sets: HttpOnly,
 * SameSite=Strict, Secure over HTTPS, path /status, so it never travels to the API or along with a
 * cross-site request.
 */
@WebServlet(urlPatterns = {StatusServlet.PAGE, StatusServlet.LOGIN, StatusServlet.LOGOUT})
public class StatusServlet extends HttpServlet {
  static final String PAGE = "/internal/status";
  static final String LOGIN = "/internal/status/login";
  static final String LOGOUT = "/internal/status/logout";
  private static final Logger LOG = Logger.getLogger(StatusServlet.class.getName());
  private static final String HTML = "text/html; charset=utf-8";
  private static final String FORM = "application/x-www-form-urlencoded";

  @Inject InternalCaller internal;
  @Inject StatusReport report;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "iptv.admin.token")
  Optional<String> adminToken;

  @Inject
  @ConfigProperty(name = "iptv.status.session-hours", defaultValue = "12")
  int sessionHours;

  private AdminToken token;
  private StatusSession sessions;

  @PostConstruct
  void readSettings() {
    token = new AdminToken(adminToken);
    sessions = new StatusSession(adminToken, Duration.ofHours(Math.max(1, sessionHours)));
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!fromNginx(request, response)) {
      return;
    }
    switch (request.getServletPath()) {
      case PAGE -> {
        if (!signedIn(request)) {
          html(response, 401, StatusPage.login(Optional.empty()));
          return;
        }
        StatusReport.View view = report.take();
        html(response, view.unavailable().isPresent() ? 503 : 200, StatusPage.render(view));
      }
      case LOGIN -> html(response, 200, StatusPage.login(Optional.empty()));
      default -> UncachedAnswer.plain(response, 405, "use POST");
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!fromNginx(request, response)) {
      return;
    }
    if (crossSite(request)) {
      UncachedAnswer.plain(response, 403, "cross-site form posts are refused");
      return;
    }
    switch (request.getServletPath()) {
      case LOGIN -> login(request, response);
      case LOGOUT -> {
        cookie(request, response, "", 0);
        seeOther(response);
      }
      default -> UncachedAnswer.plain(response, 405, "use GET");
    }
  }

  private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
      UncachedAnswer.plain(response, 400, "the login form is sent as " + FORM);
      return;
    }
    String presented = request.getParameter("token");
    Optional<String> cookie =
        presented != null && token.matches(presented.strip())
            ? sessions.issue(clock.now())
            : Optional.empty();
    if (cookie.isEmpty()) {
      LOG.warning("status page login refused client=" + request.getRemoteAddr());
      html(response, 401, StatusPage.login(Optional.of("That is not the admin token.")));
      return;
    }
    LOG.info("status page login client=" + request.getRemoteAddr());
    cookie(request, response, cookie.get(), sessions.lifetime().toSeconds());
    seeOther(response);
  }

  /** The app's half of nginx's guard: without the secret, this URL does not exist. */
  private boolean fromNginx(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (internal.isNginx(request.getHeader(InternalCaller.HEADER))) {
      return true;
    }
    UncachedAnswer.plain(response, 404, "Not Found");
    return false;
  }

  private boolean signedIn(HttpServletRequest request) {
    if (token.accepts(request.getHeader("Authorization"))) {
      return true;
    }
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie cookie : cookies) {
        if (StatusSession.COOKIE.equals(cookie.getName())
            && sessions.accepts(cookie.getValue(), clock.now())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A form posted from another site. Browsers send {@code Sec-Fetch-Site} with every POST, and it
   * decides; without it (an old browser), a real {@code Origin} must name this host. nginx's
   * Referrer-Policy no-referrer makes browsers send {@code Origin: null} on the page's own forms,
   * so "null" proves nothing either way. The SameSite cookie already keeps a session out of such a
   * post; this keeps the login and logout forms from being driven by another page at all.
   */
  private static boolean crossSite(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return !site.equals("same-origin") && !site.equals("none");
    }
    String origin = request.getHeader("Origin");
    if (origin == null || origin.equals("null")) {
      return false;
    }
    String host = request.getHeader("Host");
    return host == null
        || !(origin.equalsIgnoreCase("http://" + host)
            || origin.equalsIgnoreCase("https://" + host));
  }

  private static void cookie(
      HttpServletRequest request, HttpServletResponse response, String value, long maxAge) {
    response.addHeader(
        "Set-Cookie",
        StatusSession.COOKIE
            + "="
            + value
            + "; Path=/status; Max-Age="
            + maxAge
            + "; HttpOnly; SameSite=Strict"
            + (request.isSecure() ? "; Secure" : ""));
  }

  private static void seeOther(HttpServletResponse response) {
    response.setStatus(303);
    response.setHeader("Location", "/status");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(0);
  }

  private static void html(HttpServletResponse response, int status, String page)
      throws IOException {
    response.setHeader("Content-Security-Policy", StatusPage.CONTENT_SECURITY_POLICY);
    UncachedAnswer.send(response, status, HTML, page.getBytes(StandardCharsets.UTF_8));
  }
}
