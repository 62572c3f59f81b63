package io.iptvorigin.channel;

import java.util.Locale;
import java.util.Optional;

/**
 * Which remuxer turns a channel's upstream into HLS when it plays by stream copy. The
 * in-application MPEG-TS remuxer costs a fraction of an FFmpeg process per channel, but only
 * understands the transport streams it was written for; FFmpeg reads anything. A transcoding preset
 * always runs FFmpeg, whatever the channel says here: only FFmpeg encodes.
 */
public enum RemuxChoice {
  /**
   * The in-application remuxer when the upstream's first packets show an MPEG-TS it supports,
   * FFmpeg otherwise: the cheap path where it is safe, without the operator having to know which
   * upstreams qualify.
   */
  AUTO,
  /**
   * Always the in-application remuxer for http and https sources. Its failures count as the
   * source's failures, with no fallback to FFmpeg, so an operator who chose it sees what it does
   * with this upstream rather than FFmpeg quietly taking over.
   */
  NATIVE,
  /** Always FFmpeg, whatever the upstream's first packets look like. */
  FFMPEG;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The choice spelled exactly {@code auto}, {@code native} or {@code ffmpeg}; nothing else. */
  public static Optional<RemuxChoice> fromWire(String value) {
    for (RemuxChoice choice : values()) {
      if (choice.wireName().equals(value)) {
        return Optional.of(choice);
      }
    }
    return Optional.empty();
  }
}
