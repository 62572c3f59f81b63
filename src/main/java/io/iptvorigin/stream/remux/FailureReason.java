package io.iptvorigin.stream.remux;

import java.util.Locale;

/**
 * Why a stream is not (or no longer) remuxed natively, as one word for logs and metrics ({@link
 * #word()}); the caller answers each by running FFmpeg for the channel instead.
 */
public enum FailureReason {
  /** No transport stream packets at the start of the input (HTML, an HLS playlist, ...). */
  NOT_TS,
  /** The input stopped being a transport stream (a long run of bytes without packet sync). */
  LOST_SYNC,
  /** Packets of the program are encrypted. */
  SCRAMBLED,
  /** No program association table within the check budget. */
  NO_PAT,
  /** The PAT lists no program. */
  NO_PROGRAM,
  /** The PAT lists more than one program. */
  MULTIPLE_PROGRAMS,
  /** No program map table within the check budget. */
  NO_PMT,
  /** The program has no video stream. */
  NO_VIDEO,
  /** The program's video is not H.264, HEVC or MPEG-2. */
  UNKNOWN_VIDEO,
  /** The program has more than one video stream. */
  MULTIPLE_VIDEO,
  /** An audio stream is not AAC, MPEG audio, AC-3 or E-AC-3. */
  UNKNOWN_AUDIO,
  /** No video keyframe where one was due (at the start, after a discontinuity, in a segment). */
  NO_KEYFRAME,
  /** A segment outgrew the memory cap. */
  SEGMENT_TOO_LARGE,
  /** The segment sink failed. */
  OUTPUT_ERROR,
  /** A fault in the remuxer itself: the input is left to FFmpeg rather than trusted further. */
  INTERNAL_ERROR;

  /** The reason as a lower-case word: {@code no_keyframe}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
