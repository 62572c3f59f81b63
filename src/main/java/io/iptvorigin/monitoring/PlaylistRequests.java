package io.iptvorigin.monitoring;

import io.iptvorigin.common.Metrics;
import io.iptvorigin.delivery.AnswerGrantServlet;
import io.iptvorigin.delivery.RawRequest;
import io.micrometer.core.instrument.Counter;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Counts the playlist, Xtream API and guide requests the application answered ({@code
 * iptv_playlist_requests_total{kind,status}}). nginx first asks the grant endpoints whether a
 * rendered file may answer: a grant is the player's 200; no grant means the request goes on to the
 * app's own servlet, which is counted with the status it gives. Identical requests nginx answers
 * from its short cache do not reach the application and are not counted.
 */
@WebFilter(
    urlPatterns = {
      "/get_playlist.php",
      "/playlist/*",
      "/get.php",
      "/player_api.php",
      "/panel_api.php",
      "/xmltv.php",
      "/epg.xml",
      "/epg.xml.gz",
      "/internal/playlist/grant",
      "/internal/xtream/grant",
      "/internal/epg/grant"
    })
public class PlaylistRequests extends HttpFilter {
  @Inject Metrics metrics;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request, response);
    String path = request.getRequestURI();
    boolean grant = path.startsWith("/internal/");
    if (grant) {
      String original = request.getHeader(AnswerGrantServlet.URI_HEADER);
      if (response.getStatus() != 200 || original == null) {
        return; // no grant: the app's servlet answers the player and is counted there
      }
      path = RawRequest.parse(original).path();
    }
    String kind = kind(path);
    if (kind != null) {
      Counter.builder("iptv.playlist.requests")
          .description("Playlist, Xtream API and guide requests answered, by kind and status")
          .tags("kind", kind, "status", Integer.toString(response.getStatus()))
          .register(metrics.registry())
          .increment();
    }
  }

  /** Bounded: a path nobody serves is no kind. */
  static String kind(String path) {
    if (path.equals("/get_playlist.php") || path.startsWith("/playlist/")) {
      return "m3u";
    }
    return switch (path) {
      case "/get.php" -> "xtream_m3u";
      case "/player_api.php", "/panel_api.php" -> "xtream_api";
      case "/xmltv.php", "/epg.xml", "/epg.xml.gz" -> "epg";
      default -> null;
    };
  }
}
