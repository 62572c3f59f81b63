package io.iptvorigin.stream;

/**
 * How a run ended.
 *
 * @param text for the failure line ({@code exit 1}, {@code native: upstream ended}); never an
 *     upstream URL or credentials
 * @param needsFfmpeg a native run found what it does not carry (not MPEG-TS, scrambled, an
 *     unsupported codec, no keyframe, https): FFmpeg copy takes the same source at once
 * @param shutdown the application is going away: not the source's doing, nothing to recover
 */
public record RunEnd(String text, boolean needsFfmpeg, boolean shutdown) {
  public static RunEnd exited(String text) {
    return new RunEnd(text, false, false);
  }
}
