package io.iptvorigin.epg;

/** The texts of a programme the guide keeps, in the order the XMLTV DTD requires them. */
public enum TextKind {
  TITLE("title"),
  SUB_TITLE("sub-title"),
  DESC("desc"),
  CATEGORY("category");

  private final String element;

  TextKind(String element) {
    this.element = element;
  }

  /** The XMLTV element name: {@code title}, {@code sub-title}, {@code desc}, {@code category}. */
  public String element() {
    return element;
  }
}
