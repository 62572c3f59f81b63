package io.iptvorigin.xtream;

import io.iptvorigin.delivery.AnswerFiles;
import io.iptvorigin.delivery.AnswerGrantServlet;
import io.iptvorigin.delivery.RawRequest;
import io.iptvorigin.epg.GuideFiles;
import io.iptvorigin.playlist.OutputFormat;
import io.iptvorigin.playlist.PublicBaseUrl;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The grant of the big Xtream answers, for GET requests (nginx passes a POST, whose credentials are
 * in the body, to the app): {@code player_api.php?action=get_live_streams[&category_id=N]} and
 * {@code get_live_categories}, one file per channel revision shared by every subscriber, and {@code
 * get.php}, one file per subscriber, host and revision, and {@code xmltv.php}, the guide file every
 * subscriber gets ({@link GuideFiles}). The login is checked as {@link XtreamLogin#login} checks it
 * (a locked-out user or address gets no grant), without counting: a refused request goes on to the
 * app, which counts it and answers it.
 *
 * <p>A {@code get.php} file holds the subscriber's password, as the XC stream URLs in it must; it
 * lives in memory (the HLS tmpfs) under a name only this process can derive, and is deleted once
 * unused for {@code iptv.answers.idle-seconds}.
 */
@WebServlet(urlPatterns = "/internal/xtream/grant")
public class XtreamGrantServlet extends AnswerGrantServlet {
  @Inject XtreamLogin logins;
  @Inject XtreamCatalogCache catalogs;
  @Inject PublicBaseUrl publicBaseUrl;
  @Inject AnswerFiles files;
  @Inject GuideFiles guides;

  @Override
  protected Optional<String> grant(HttpServletRequest request, RawRequest player) {
    String username = player.parameter("username").orElse("");
    String password = player.parameter("password").orElse("");
    Optional<String> base = publicBaseUrl.of(request);
    if (username.isEmpty() || password.isEmpty() || base.isEmpty()) {
      return Optional.empty();
    }
    return switch (player.path()) {
      case "/player_api.php", "/panel_api.php" -> apiAnswer(request, player, username, password);
      case "/get.php" -> playlist(request, player, base.get(), username, password);
      case "/xmltv.php" ->
          logins.admits(username, password, request.getRemoteAddr())
              ? guides.current()
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  private Optional<String> apiAnswer(
      HttpServletRequest request, RawRequest player, String username, String password) {
    String action = player.parameter("action").orElse("");
    boolean categories = action.equals("get_live_categories");
    if (!categories && !action.equals("get_live_streams")
        || publicBaseUrl.of(request).flatMap(ServerInfo::parse).isEmpty()
        || !logins.admits(username, password, request.getRemoteAddr())) {
      return Optional.empty();
    }
    XtreamCatalog catalog = catalogs.current();
    String revision = Long.toString(catalog.revision());
    if (categories) {
      return files.publish(
          files.name("xtream-categories", "json", revision),
          out -> out.write(catalog.categories()));
    }
    String categoryId = player.parameter("category_id").orElse("");
    return files.publish(
        files.name("xtream-streams", "json", revision, catalog.streamsKey(categoryId)),
        out -> out.write(catalog.streams(categoryId)));
  }

  private Optional<String> playlist(
      HttpServletRequest request,
      RawRequest player,
      String base,
      String username,
      String password) {
    if (XtreamPlaylistServlet.formatProblem(
                player.parameter("type").orElse(null), player.parameter("output").orElse(null))
            .isPresent()
        || !logins.admits(username, password, request.getRemoteAddr())) {
      return Optional.empty();
    }
    XtreamCatalog catalog = catalogs.current();
    String prefix = XtreamPlaylistServlet.streamPrefix(base, username, password);
    OutputFormat format =
        OutputFormat.ofOutput(player.parameter("output").orElse(null)).orElseThrow();
    var body =
        catalog.m3u(prefix, XtreamPlaylistServlet.guideUrl(base, username, password), format);
    return files.publish(
        files.name(
            "xtream-playlist", "m3u", Long.toString(catalog.revision()), prefix, format.name()),
        body::writeTo);
  }
}
