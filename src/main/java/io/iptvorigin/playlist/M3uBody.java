package io.iptvorigin.playlist;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * One subscriber's M3U, not yet assembled: the channel list, what goes before each path, and the
 * URL of the subscriber's programme guide for the header.
 */
public record M3uBody(M3uPlaylist playlist, String prefix, String guideUrl) {
  public static final String CONTENT_TYPE = "audio/x-mpegurl; charset=utf-8";

  /** Sends it as a 200 with its length; the bytes are assembled as they are written. */
  public void send(HttpServletResponse response) throws IOException {
    response.setContentType(CONTENT_TYPE);
    response.setContentLength(playlist.length(prefix, guideUrl));
    playlist.writeTo(response.getOutputStream(), prefix, guideUrl);
  }

  /** The assembled body. */
  public byte[] body() {
    return playlist.body(prefix, guideUrl);
  }

  /** Writes the assembled body. */
  public void writeTo(java.io.OutputStream out) throws IOException {
    playlist.writeTo(out, prefix, guideUrl);
  }
}
