package io.iptvorigin.epg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One programme of one channel. {@code start} and {@code stop} are epoch seconds (UTC), {@code
 * stop} 0 when the guide did not say. {@code texts} are kept in the XMLTV DTD's order (every title,
 * then sub-titles, descriptions, categories), so a writer can emit them as they come; {@code icon}
 * is an http(s) URL or {@code null}.
 */
public record Programme(long start, long stop, List<ProgrammeText> texts, String icon) {
  private static final Comparator<ProgrammeText> DTD_ORDER =
      Comparator.comparingInt(t -> t.kind().ordinal());

  public Programme {
    texts = inDtdOrder(texts);
    if (icon != null && icon.isBlank()) {
      icon = null;
    }
  }

  /** The first title. */
  public Optional<String> title() {
    return first(TextKind.TITLE);
  }

  /** The first description. */
  public Optional<String> description() {
    return first(TextKind.DESC);
  }

  /** This programme ending at {@code stop} (0: unknown). */
  public Programme withStop(long stop) {
    return new Programme(start, stop, texts, icon);
  }

  private Optional<String> first(TextKind kind) {
    for (ProgrammeText t : texts) {
      if (t.kind() == kind) {
        return Optional.of(t.text());
      }
    }
    return Optional.empty();
  }

  private static List<ProgrammeText> inDtdOrder(List<ProgrammeText> texts) {
    List<ProgrammeText> copy = List.copyOf(texts);
    for (int i = 1; i < copy.size(); i++) {
      if (copy.get(i - 1).kind().ordinal() > copy.get(i).kind().ordinal()) {
        // Guides mostly list texts in DTD order already; sorting (stably) only the others.
        List<ProgrammeText> sorted = new ArrayList<>(copy);
        sorted.sort(DTD_ORDER);
        return List.copyOf(sorted);
      }
    }
    return copy;
  }
}
