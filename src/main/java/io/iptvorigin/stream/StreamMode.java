package io.iptvorigin.stream;

import java.util.Locale;

/**
 * How a run treats the upstream: FFmpeg copies it as is or transcodes it to the channel's preset,
 * or the native remuxer in this JVM copies it ({@code native}).
 */
public enum StreamMode {
  COPY,
  TRANSCODE,
  NATIVE;

  /** The mode named {@code word} ({@link #wireName}), copy for anything else. */
  public static StreamMode fromWire(String word) {
    for (StreamMode mode : values()) {
      if (mode.wireName().equals(word)) {
        return mode;
      }
    }
    return COPY;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
