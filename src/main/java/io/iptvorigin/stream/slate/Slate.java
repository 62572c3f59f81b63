package io.iptvorigin.stream.slate;

/**
 * A made slate: one MPEG-TS segment of a profile, starting with a keyframe; its first timestamp and
 * its length in 90 kHz ticks from there to the end of its last frame (what goes in {@code #EXTINF},
 * and how far each copy moves on from the one before).
 */
public final class Slate {
  private final SlateProfile profile;
  private final byte[] segment;
  private final long first;
  private final long span;

  Slate(SlateProfile profile, byte[] segment, long first, long span) {
    this.profile = profile;
    this.segment = segment.clone();
    this.first = first;
    this.span = span;
  }

  public SlateProfile profile() {
    return profile;
  }

  /** The segment's real duration in seconds. */
  public double seconds() {
    return span / 90_000.0;
  }

  /** A fresh run of copies (a new slate period, after its own discontinuity), timed as made. */
  public SlateCopies copies() {
    return new SlateCopies(this, segment, 0, span);
  }

  /**
   * A fresh run of copies whose timestamps begin at {@code start} (90 kHz): where the channel's
   * last segment ended, so a player's clock runs on into the slate without jumping back.
   */
  public SlateCopies copiesFrom(long start) {
    return new SlateCopies(this, segment, start - first, span);
  }

  public int size() {
    return segment.length;
  }
}
