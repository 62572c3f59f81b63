package io.iptvorigin.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class M3uTextTest {

  @Test
  void attributeReplacesDoubleQuotes() {
    assertEquals("News 'Live'", M3uText.attribute("News \"Live\""));
  }

  @Test
  void attributeKeepsCommas() {
    assertEquals("News, Live", M3uText.attribute("News, Live"));
  }

  @Test
  void missingAttributeIsEmpty() {
    assertEquals("", M3uText.attribute(null));
  }

  @Test
  void attributeIsTrimmed() {
    assertEquals("News", M3uText.attribute("  News \t"));
  }

  @Test
  void titleKeepsQuotesAndCommas() {
    assertEquals("News, \"Live\"", M3uText.title("News, \"Live\""));
  }

  @Test
  void missingTitleIsEmpty() {
    assertEquals("", M3uText.title(null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\n", "\r", "\u2028", "\u2029", "\u0085", "\u0000", "\u001b", "\u009b", "\u007f"})
  void lineBreaksAndControlCharactersBecomeSpaces(String separator) {
    assertEquals("One Two", M3uText.title("One" + separator + "Two"));
    assertEquals("One Two", M3uText.attribute("One" + separator + "Two"));
  }

  @Test
  void charactersOutsideTheBasicPlaneSurvive() {
    assertEquals("TV \uD83D\uDCFA", M3uText.title("TV \uD83D\uDCFA"));
  }
}
