package io.iptvorigin.stream;

import java.util.Locale;

/** How FFmpeg treats the upstream: copy it as is, or transcode it to the channel's preset. */
public enum StreamMode {
  COPY,
  TRANSCODE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
