package io.iptvorigin.playlist;

/** What a playlist request gets: the M3U bytes, or a status with a plain-text refusal. */
record PlaylistAnswer(int status, M3uBody body, String refusal) {
  static PlaylistAnswer playlist(M3uBody body) {
    return new PlaylistAnswer(200, body, null);
  }

  static PlaylistAnswer refused(int status, String message) {
    return new PlaylistAnswer(status, null, message);
  }

  boolean ok() {
    return body != null;
  }
}
