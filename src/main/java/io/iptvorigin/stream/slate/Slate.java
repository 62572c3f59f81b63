package io.iptvorigin.stream.slate;

/**
 * A made slate: one MPEG-TS segment of a profile, starting with a keyframe, and its length in 90
 * kHz ticks from its first timestamp to the end of its last frame (what goes in {@code #EXTINF},
 * and how far each copy moves on from the one before).
 */
public final class Slate {
  private final SlateProfile profile;
  private final byte[] segment;
  private final long span;

  Slate(SlateProfile profile, byte[] segment, long span) {
    this.profile = profile;
    this.segment = segment.clone();
    this.span = span;
  }

  public SlateProfile profile() {
    return profile;
  }

  /** The segment's real duration in seconds. */
  public double seconds() {
    return span / 90_000.0;
  }

  /** A fresh run of copies (a new slate period, after its own discontinuity). */
  public SlateCopies copies() {
    return new SlateCopies(segment, span);
  }

  public int size() {
    return segment.length;
  }
}
