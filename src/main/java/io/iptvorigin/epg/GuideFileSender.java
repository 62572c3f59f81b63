package io.iptvorigin.epg;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sends the guide file from the app, for the rare request nginx could not send itself (the file was
 * replaced between its grant and its open): the same bytes and headers nginx sends. Answers 503
 * while no guide has been rendered yet, which lasts seconds after a start.
 */
public final class GuideFileSender {
  public static final String XML_TYPE = "application/xml; charset=utf-8";
  public static final String GZIP_TYPE = "application/gzip";

  private GuideFileSender() {}

  /**
   * The current guide, gzip-compressed when {@code gzipFile} (the {@code .gz} URL) or, for the
   * plain URL, when the client accepts gzip.
   */
  public static void send(
      HttpServletResponse response, GuideFiles files, boolean gzipFile, String acceptEncoding)
      throws IOException {
    Optional<String> name = files.current();
    boolean gzip =
        gzipFile || acceptEncoding != null && acceptEncoding.toLowerCase().contains("gzip");
    if (name.isPresent()) {
      Path file = files.directory().resolve(name.get() + (gzip ? ".gz" : ""));
      try (InputStream in = Files.newInputStream(file)) {
        response.setStatus(200);
        response.setHeader("Cache-Control", "no-store");
        if (gzipFile) {
          response.setContentType(GZIP_TYPE);
        } else {
          response.setContentType(XML_TYPE);
          response.setHeader("Vary", "Accept-Encoding");
          if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
          }
        }
        response.setContentLengthLong(Files.size(file));
        in.transferTo(response.getOutputStream());
        return;
      } catch (NoSuchFileException e) {
        // Replaced just now: the client retries and gets the new one.
      }
    }
    response.setStatus(503);
    response.setHeader("Retry-After", "5");
    response.setContentType("text/plain; charset=utf-8");
    response.getWriter().write("ERROR: The programme guide is being prepared, retry shortly\n");
  }
}
