package io.iptvorigin.playlist;

import io.iptvorigin.delivery.AnswerFiles;
import io.iptvorigin.delivery.AnswerGrantServlet;
import io.iptvorigin.delivery.RawRequest;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The grant of a token playlist ({@code /get_playlist.php?token=T}, {@code /playlist/T.m3u8}): the
 * same checks as {@link PlaylistServlet}, then the subscriber's M3U as a file, one per token, host
 * and channel revision. A refused token gets no grant: nginx passes the request to {@link
 * PlaylistServlet}, which says why.
 */
@WebServlet(urlPatterns = "/internal/playlist/grant")
public class PlaylistGrantServlet extends AnswerGrantServlet {
  private static final String PATH_FORM = "/playlist/";

  @Inject SubscriberPlaylists playlists;
  @Inject PublicBaseUrl publicBaseUrl;
  @Inject AnswerFiles files;

  @Override
  protected Optional<String> grant(HttpServletRequest request, RawRequest player) {
    Optional<String> token =
        player.path().equals("/get_playlist.php")
            ? player.parameter("token")
            : player.path().startsWith(PATH_FORM)
                ? Optional.of(
                    PlaylistServlet.fileNameToken(player.path().substring(PATH_FORM.length())))
                : Optional.empty();
    Optional<String> base = publicBaseUrl.of(request);
    Optional<OutputFormat> format = OutputFormat.ofOutput(player.parameter("output").orElse(null));
    if (token.isEmpty() || base.isEmpty() || format.isEmpty()) {
      return Optional.empty();
    }
    PlaylistAnswer answer = playlists.forToken(token.get(), base.get(), format.get());
    if (!answer.ok()) {
      return Optional.empty();
    }
    M3uBody body = answer.body();
    String name =
        files.name(
            "playlist",
            "m3u",
            Long.toString(body.playlist().revision()),
            body.prefix(),
            format.get().name());
    return files.publish(name, body::writeTo);
  }
}
