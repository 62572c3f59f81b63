package io.iptvorigin.epg;

import java.util.Objects;

/**
 * One text of a programme: its kind, its language ({@code null} when the guide gave none) and the
 * text itself, never blank.
 */
public record ProgrammeText(TextKind kind, String lang, String text) {
  public ProgrammeText {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("blank " + kind.element());
    }
    if (lang != null && lang.isBlank()) {
      lang = null;
    }
  }
}
