package io.iptvorigin.xtream;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Json;
import io.iptvorigin.epg.ChannelGuide;
import io.iptvorigin.playlist.PublicBaseUrl;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Xtream Codes player API, as apps call it at login and while browsing:
 *
 * <pre>
 * curl 'http://127.0.0.1/player_api.php?username=U&amp;password=P'
 * curl 'http://127.0.0.1/player_api.php?username=U&amp;password=P&amp;action=get_live_streams'
 * curl -d 'username=U&amp;password=P&amp;action=get_live_categories' http://127.0.0.1/player_api.php
 * </pre>
 *
 * GET and POST (a form body, as IPTV Smarters sends it) alike; {@code panel_api.php} is the same.
 * No action, or one we do not know, answers the profile: some apps call actions that do not exist
 * and expect it. A refused login is HTTP 200 {@code {"user_info":{"auth":0}}}, which is what apps
 * understand.
 */
@WebServlet(urlPatterns = {"/player_api.php", "/panel_api.php"})
public class PlayerApiServlet extends XtreamServlet {
  private static final byte[] NOTHING = "[]".getBytes(StandardCharsets.US_ASCII);

  @Inject XtreamLogin logins;
  @Inject XtreamCatalogCache catalogs;
  @Inject PublicBaseUrl baseUrl;
  @Inject Clock clock;
  @Inject ChannelGuide guides;

  @Inject
  @ConfigProperty(name = "iptv.xtream.message")
  Optional<String> message;

  @Override
  boolean answersJson() {
    return true;
  }

  @Override
  void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Optional<ServerInfo> server = baseUrl.of(request).flatMap(ServerInfo::parse);
    if (server.isEmpty()) {
      Answers.json(
          response, 400, "{\"error\":\"bad Host header\"}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String username = request.getParameter("username");
    String password = request.getParameter("password");
    if (username == null || password == null || username.isEmpty() || password.isEmpty()) {
      Answers.json(response, 200, AccountAnswer.REFUSED);
      return;
    }
    XtreamLogin.Outcome outcome = logins.login(username, password, request.getRemoteAddr());
    switch (outcome.status()) {
      case LOCKED_OUT -> Answers.tooManyFailures(response, logins.lockoutSeconds(), true);
      case REFUSED -> Answers.json(response, 200, AccountAnswer.REFUSED);
      case OK -> Answers.json(response, 200, body(request, outcome, password, server.get()));
    }
  }

  private byte[] body(
      HttpServletRequest request, XtreamLogin.Outcome outcome, String password, ServerInfo server) {
    String action = request.getParameter("action");
    return switch (action == null ? "" : action) {
      case "get_live_categories" -> catalogs.current().categories();
      case "get_live_streams" -> catalogs.current().streams(request.getParameter("category_id"));
      case "get_short_epg", "get_simple_data_table" -> epg(request, action);
      case "get_vod_categories", "get_vod_streams", "get_series_categories", "get_series" ->
          NOTHING;
      default -> {
        Instant now = clock.now();
        yield Json.write(AccountAnswer.login(outcome, password, message.orElse(""), server, now))
            .getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  /** A channel's programmes, by {@code stream_id}; none for an unknown stream or one without. */
  private byte[] epg(HttpServletRequest request, String action) {
    long streamId;
    try {
      streamId = Long.parseLong(String.valueOf(request.getParameter("stream_id")).trim());
    } catch (NumberFormatException e) {
      return XtreamEpg.none();
    }
    Optional<String> guide = catalogs.current().guideOf(streamId);
    if (guide.isEmpty()) {
      return XtreamEpg.none();
    }
    var programmes = guides.programmes(guide.get());
    long now = clock.now().getEpochSecond();
    return action.equals("get_short_epg")
        ? XtreamEpg.shortEpg(
            programmes, guide.get(), streamId, now, XtreamEpg.limit(request.getParameter("limit")))
        : XtreamEpg.simpleDataTable(programmes, guide.get(), streamId, now);
  }
}
