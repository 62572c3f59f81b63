package io.iptvorigin.epg;

/**
 * A guide that cannot be read as XMLTV: not XML, not well-formed, cut short, not a {@code <tv>}
 * document, or its bytes could not be read (then the cause is the {@link java.io.IOException}).
 */
public class GuideFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public GuideFormatException(String message) {
    super(message);
  }

  public GuideFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
