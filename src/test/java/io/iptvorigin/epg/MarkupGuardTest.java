package io.iptvorigin.epg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkupGuardTest {
  private static final int LIMIT = MarkupGuard.MAX_MARKUP_BYTES;

  /** Pieces each well below the limit, however many of them and whatever they hold. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "<a b=\"x > y\" c='>'>text > more</a>",
        "<!-- a > b -- -> --->",
        "<!---->",
        "<![CDATA[ a > ]> ] ]] > <x> ]]]>",
        "<?pi a > ? b?>",
        "<!DOCTYPE tv SYSTEM \"a>b\" [<!ENTITY x \"]>\"> <!ELEMENT tv ANY>]>",
        "plain text with > and ]]> and ?> and -->",
        "<x/>",
      })
  void wellFormedPiecesPassHoweverLongTheDocument(String piece) throws IOException {
    byte[] doc = piece.repeat(3 * LIMIT / piece.length()).getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(doc, readThrough(doc, 1000));
    assertArrayEquals(doc, readThrough(doc, 7));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<a b=\"",
        "<a b='>",
        "<!-- ->",
        "<![CDATA[ ]>",
        "<?pi >",
        "<!DOCTYPE tv [ >",
        "<!DOCTYPE tv \"",
      })
  void anUnclosedPieceFailsAtTheLimit(String opening) {
    byte[] doc = (opening + "a>".repeat(LIMIT)).getBytes(StandardCharsets.UTF_8);
    assertThrows(IOException.class, () -> readThrough(doc, 4096));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<a b=\"", "<![CDATA[", "<!-- "})
  void aPieceJustBelowTheLimitPasses(String opening) throws IOException {
    String closing = opening.startsWith("<a") ? "\"/>" : opening.startsWith("<![") ? "]]>" : "-->";
    int filler = LIMIT - opening.length() - closing.length();
    byte[] doc = (opening + "x".repeat(filler) + closing).getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(doc, readThrough(doc, 4096));
  }

  private static byte[] readThrough(byte[] doc, int chunk) throws IOException {
    InputStream source =
        new FilterInputStream(new ByteArrayInputStream(doc)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, chunk));
          }
        };
    try (InputStream in = new MarkupGuard(source)) {
      return in.readAllBytes();
    }
  }
}
