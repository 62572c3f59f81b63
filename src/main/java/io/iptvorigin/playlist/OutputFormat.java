package io.iptvorigin.playlist;

import java.util.Optional;

/**
 * What a playlist's channel URLs point at, as the {@code output} parameter of the token playlist
 * and of the XC {@code get.php} names it: HLS ({@code m3u8}, {@code hls}, the default) or the
 * channel's continuous MPEG-TS ({@code ts}, {@code mpegts}).
 */
public enum OutputFormat {
  HLS(".m3u8"),
  TS(".ts");

  public static final String CHOICES = "m3u8, hls, ts or mpegts";

  private final String extension;

  OutputFormat(String extension) {
    this.extension = extension;
  }

  /** The extension of a channel URL in this format. */
  public String extension() {
    return extension;
  }

  /** The format an {@code output} value asks for; empty for one we do not serve. */
  public static Optional<OutputFormat> ofOutput(String output) {
    if (output == null || output.isEmpty()) {
      return Optional.of(HLS);
    }
    return switch (output) {
      case "m3u8", "hls" -> Optional.of(HLS);
      case "ts", "mpegts" -> Optional.of(TS);
      default -> Optional.empty();
    };
  }
}
