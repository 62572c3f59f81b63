package io.iptvorigin.epg;

import java.io.IOException;
import java.io.OutputStream;

/**
 * UTF-8 output for {@link XmltvWriter}: text escaped and encoded by hand into one 64 KB buffer,
 * which is several times faster than a StAX writer. Characters XML 1.0 does not allow (controls but
 * tab, newline and return; U+FFFE, U+FFFF; unpaired surrogates) are dropped, and so are DEL and the
 * C1 controls (U+0080 to U+009F), which {@code tv_validate_file} takes for mis-encoded text.
 */
final class XmlBytes {
  private static final int BUFFER_BYTES = 64 * 1024;

  /** The most bytes one char can turn into ({@code &quot;}). */
  private static final int MAX_CHAR_BYTES = 6;

  private final OutputStream out;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int used;

  XmlBytes(OutputStream out) {
    this.out = out;
  }

  /** Whether anything but whitespace is left once the characters dropped are dropped. */
  static boolean hasContent(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > ' ' && !dropped(s, i) && !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean dropped(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x20) {
      return c != '\t' && c != '\n' && c != '\r';
    }
    if (c >= 0x7f && c <= 0x9f) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return c == 0xfffe || c == 0xffff;
  }

  /** {@code s} as UTF-8, escaped for an attribute value or for element text. */
  void escaped(String s, boolean attribute) throws IOException {
    int length = s.length();
    for (int i = 0; i < length; i++) {
      if (BUFFER_BYTES - used < MAX_CHAR_BYTES) {
        drain();
      }
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '&' && c != '<' && c != '>' && c != '"') {
        buffer[used++] = (byte) c;
      } else if (c <= 0x9f) {
        special(c, attribute);
      } else if (c < 0x800) {
        buffer[used++] = (byte) (0xc0 | c >> 6);
        buffer[used++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buffer[used++] = (byte) (0xf0 | cp >> 18);
          buffer[used++] = (byte) (0x80 | cp >> 12 & 0x3f);
          buffer[used++] = (byte) (0x80 | cp >> 6 & 0x3f);
          buffer[used++] = (byte) (0x80 | cp & 0x3f);
        }
        // An unpaired surrogate is dropped.
      } else if (c != 0xfffe && c != 0xffff) {
        buffer[used++] = (byte) (0xe0 | c >> 12);
        buffer[used++] = (byte) (0x80 | c >> 6 & 0x3f);
        buffer[used++] = (byte) (0x80 | c & 0x3f);
      }
    }
  }

  /** Markup characters and whitespace controls as references; the other controls dropped. */
  private void special(char c, boolean attribute) {
    String replacement =
        switch (c) {
          case '&' -> "&amp;";
          case '<' -> "&lt;";
          case '>' -> "&gt;";
          case '"' -> "&quot;";
          // A parser turns a raw tab or newline in an attribute into a space, and \r anywhere
          // into \n: references keep them as they were.
          case '\t' -> attribute ? "&#9;" : "\t";
          case '\n' -> attribute ? "&#10;" : "\n";
          case '\r' -> "&#13;";
          default -> "";
        };
    for (int k = 0; k < replacement.length(); k++) {
      buffer[used++] = (byte) replacement.charAt(k);
    }
  }

  /** ASCII known to need no escaping. */
  void raw(String ascii) throws IOException {
    if (BUFFER_BYTES - used < ascii.length()) {
      drain();
    }
    for (int i = 0; i < ascii.length(); i++) {
      buffer[used++] = (byte) ascii.charAt(i);
    }
  }

  /** Writes what is buffered to the stream and flushes it. */
  void flush() throws IOException {
    drain();
    out.flush();
  }

  /** Writes what is buffered and closes the stream. */
  void close() throws IOException {
    try {
      drain();
    } finally {
      out.close();
    }
  }

  private void drain() throws IOException {
    if (used > 0) {
      out.write(buffer, 0, used);
      used = 0;
    }
  }
}
