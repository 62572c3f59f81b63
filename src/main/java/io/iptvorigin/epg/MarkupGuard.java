package io.iptvorigin.epg;

import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a guide with a single piece of markup (a tag with its attributes, a CDATA section, a
 * comment, a processing instruction, a DOCTYPE) longer than {@link #MAX_MARKUP_BYTES}. The JDK's
 * StAX parser hands plain text over in chunks, but holds each of those pieces whole in memory: an
 * unclosed quote or CDATA section in a 500 MB guide would otherwise fill the heap before the parser
 * reported anything. Tracks just enough of XML's syntax to know where such a piece ends.
 */
final class MarkupGuard extends BlockFilterInputStream {
  static final int MAX_MARKUP_BYTES = 1 << 20;

  private static final int TEXT = 0;
  private static final int OPEN = 1;
  private static final int TAG = 2;
  private static final int TAG_QUOTED = 3;
  private static final int BANG = 4;
  private static final int COMMENT = 5;
  private static final int CDATA = 6;
  private static final int INSTRUCTION = 7;
  private static final int DECLARATION = 8;
  private static final int DECLARATION_QUOTED = 9;

  private int state = TEXT;
  private byte quote;

  /** Closing characters seen in a row: '-' in a comment, ']' in CDATA, '?' in an instruction. */
  private int closers;

  private int declarationBrackets;
  private long markupBytes;
  private long offset;

  /**
   * The guide's fault, not the transport's; an IOException only because that is what a stream may
   * throw through the parser.
   */
  static final class TooLong extends IOException {
    private static final long serialVersionUID = 1L;

    TooLong(String message) {
      super(message);
    }
  }

  MarkupGuard(InputStream in) {
    super(in);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      scan(b, off, off + n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must be scanned too, or the state would lose its place.
    byte[] discard = new byte[(int) Math.min(n, 8192)];
    int read = read(discard, 0, discard.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void scan(byte[] b, int from, int to) throws IOException {
    int i = from;
    while (i < to) {
      if (state == TEXT) {
        while (i < to && b[i] != '<') {
          i++;
        }
        if (i == to) {
          break;
        }
        state = OPEN;
        markupBytes = 0;
        i++;
        continue;
      }
      int start = i;
      while (i < to && state != TEXT) {
        step(b[i++]);
      }
      markupBytes += i - start;
      if (markupBytes > MAX_MARKUP_BYTES) {
        throw new TooLong(
            "a piece of markup is longer than "
                + MAX_MARKUP_BYTES
                + " bytes (an unclosed quote, comment or CDATA section?) near byte "
                + (offset + i - from));
      }
    }
    offset += to - from;
  }

  private void step(byte c) {
    switch (state) {
      case OPEN -> {
        closers = 0;
        state =
            switch (c) {
              case '!' -> BANG;
              case '?' -> INSTRUCTION;
              case '>' -> TEXT;
              default -> TAG;
            };
      }
      case TAG -> {
        if (c == '"' || c == '\'') {
          quote = c;
          state = TAG_QUOTED;
        } else if (c == '>') {
          state = TEXT;
        }
      }
      case TAG_QUOTED -> {
        if (c == quote) {
          state = TAG;
        }
      }
      case BANG -> {
        declarationBrackets = 0;
        state = c == '-' ? COMMENT : c == '[' ? CDATA : DECLARATION;
        declaration(c);
      }
      case COMMENT -> closeAfter(c, '-', 2);
      case CDATA -> closeAfter(c, ']', 2);
      case INSTRUCTION -> closeAfter(c, '?', 1);
      case DECLARATION -> declaration(c);
      case DECLARATION_QUOTED -> {
        if (c == quote) {
          state = DECLARATION;
        }
      }
      default -> throw new IllegalStateException("state " + state);
    }
  }

  private void closeAfter(byte c, char closer, int needed) {
    if (c == closer) {
      closers++;
    } else if (c == '>' && closers >= needed) {
      state = TEXT;
    } else {
      closers = 0;
    }
  }

  /** A DOCTYPE (or other {@code <!...>}), whose internal subset in [ ] may hold '>' itself. */
  private void declaration(byte c) {
    if (state != DECLARATION) {
      return;
    }
    switch (c) {
      case '"', '\'' -> {
        quote = c;
        state = DECLARATION_QUOTED;
      }
      case '[' -> declarationBrackets++;
      case ']' -> declarationBrackets--;
      case '>' -> {
        if (declarationBrackets <= 0) {
          state = TEXT;
        }
      }
      default -> {}
    }
  }
}
