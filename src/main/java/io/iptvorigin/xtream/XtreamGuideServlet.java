package io.iptvorigin.xtream;

import io.iptvorigin.epg.GuideFileSender;
import io.iptvorigin.epg.GuideFiles;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The XC guide, {@code /xmltv.php?username=U&password=P}: the same XMLTV document as the token
 * guide. nginx sends the file after {@link XtreamGrantServlet}'s grant; this answers what it passes
 * on: a refused login (401, counted like every failed XC login), a locked-out one (429), and the
 * guide itself when nginx could not send it.
 */
@WebServlet(urlPatterns = "/xmltv.php")
public class XtreamGuideServlet extends XtreamServlet {
  @Inject XtreamLogin logins;
  @Inject GuideFiles files;

  @Override
  boolean answersJson() {
    return false;
  }

  @Override
  void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String username = request.getParameter("username");
    String password = request.getParameter("password");
    if (username == null || password == null || username.isEmpty() || password.isEmpty()) {
      Answers.text(response, 401, "ERROR: Invalid credentials");
      return;
    }
    XtreamLogin.Outcome outcome = logins.login(username, password, request.getRemoteAddr());
    switch (outcome.status()) {
      case LOCKED_OUT -> Answers.tooManyFailures(response, logins.lockoutSeconds(), false);
      case REFUSED -> Answers.text(response, 401, "ERROR: Invalid credentials");
      case OK -> GuideFileSender.send(response, files, false, request.getHeader("Accept-Encoding"));
    }
  }
}
