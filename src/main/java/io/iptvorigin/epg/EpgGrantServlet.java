package io.iptvorigin.epg;

import io.iptvorigin.delivery.AnswerGrantServlet;
import io.iptvorigin.delivery.RawRequest;
import io.iptvorigin.user.SubscriberTokens;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The grant of a token guide ({@code /epg.xml?token=T}, {@code /epg.xml.gz?token=T}): the token
 * checked as for its playlist, then the name of the current guide file, which nginx sends (plain,
 * or the .gz beside it). A refused token, or no guide rendered yet, gets no grant: nginx passes the
 * request to {@link EpgServlet}, which says why.
 */
@WebServlet(urlPatterns = "/internal/epg/grant")
public class EpgGrantServlet extends AnswerGrantServlet {
  @Inject SubscriberTokens tokens;
  @Inject GuideFiles files;

  @Override
  protected Optional<String> grant(HttpServletRequest request, RawRequest player) {
    if (!EpgServlet.PATHS.contains(player.path())) {
      return Optional.empty();
    }
    if (tokens.refusal(player.parameter("token").orElse(null)).isPresent()) {
      return Optional.empty();
    }
    return files.current();
  }
}
