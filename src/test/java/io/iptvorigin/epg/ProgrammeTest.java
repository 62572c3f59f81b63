package io.iptvorigin.epg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgrammeTest {

  @Test
  void textsAreKeptInDtdOrderStably() {
    Programme p =
        new Programme(
            100,
            200,
            List.of(
                new ProgrammeText(TextKind.CATEGORY, null, "News"),
                new ProgrammeText(TextKind.DESC, "en", "First desc"),
                new ProgrammeText(TextKind.TITLE, "en", "Title"),
                new ProgrammeText(TextKind.DESC, "de", "Second desc"),
                new ProgrammeText(TextKind.TITLE, "de", "Titel")),
            null);
    assertEquals(
        List.of("Title", "Titel", "First desc", "Second desc", "News"),
        p.texts().stream().map(ProgrammeText::text).toList());
    assertEquals(Optional.of("Title"), p.title());
    assertEquals(Optional.of("First desc"), p.description());
  }

  @Test
  void missingTextsAreEmpty() {
    Programme p = new Programme(100, 0, List.of(), null);
    assertEquals(Optional.empty(), p.title());
    assertEquals(Optional.empty(), p.description());
  }

  @Test
  void withStopKeepsTheRest() {
    Programme p =
        new Programme(
            100, 0, List.of(new ProgrammeText(TextKind.TITLE, null, "T")), "http://x/i.png");
    assertEquals(new Programme(100, 300, p.texts(), "http://x/i.png"), p.withStop(300));
  }

  @Test
  void blankIconAndLangAreNone() {
    assertNull(new Programme(1, 2, List.of(), " ").icon());
    assertNull(new ProgrammeText(TextKind.TITLE, "", "T").lang());
  }

  @Test
  void blankTextIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> new ProgrammeText(TextKind.TITLE, null, " \n"));
    assertThrows(NullPointerException.class, () -> new ProgrammeText(TextKind.TITLE, null, null));
  }

  @Test
  void elementNames() {
    assertEquals(
        List.of("title", "sub-title", "desc", "category"),
        List.of(TextKind.values()).stream().map(TextKind::element).toList());
  }
}
