package io.iptvorigin.playlist;

/**
 * Makes panel text safe inside an M3U line. Players split {@code #EXTINF} lines on quotes and line
 * breaks, so a {@code "} in a value would end the attribute early (and could smuggle in a new one)
 * and a line break would start a fake entry.
 */
final class M3uText {
  private M3uText() {}

  /** A value inside {@code attr="..."}: no double quote, no control character, trimmed. */
  static String attribute(String value) {
    return value == null ? "" : clean(value).replace('"', '\'').strip();
  }

  /** The title after the comma: may hold commas and quotes, never a line break. */
  static String title(String value) {
    return value == null ? "" : clean(value).strip();
  }

  private static String clean(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            cp -> {
              boolean lineBreak = cp == 0x85 || cp == 0x2028 || cp == 0x2029;
              out.appendCodePoint(Character.isISOControl(cp) || lineBreak ? ' ' : cp);
            });
    return out.toString();
  }
}
