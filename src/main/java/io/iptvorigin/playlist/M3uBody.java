package io.iptvorigin.playlist;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** One subscriber's M3U, not yet assembled: the channel list and what goes before each path. */
public record M3uBody(M3uPlaylist playlist, String prefix) {
  public static final String CONTENT_TYPE = "audio/x-mpegurl; charset=utf-8";

  /** Sends it as a 200 with its length; the bytes are assembled as they are written. */
  public void send(HttpServletResponse response) throws IOException {
    response.setContentType(CONTENT_TYPE);
    response.setContentLength(playlist.length(prefix));
    playlist.writeTo(response.getOutputStream(), prefix);
  }
}
