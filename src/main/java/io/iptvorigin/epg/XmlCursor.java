package io.iptvorigin.epg;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The JDK's StAX parser with what {@link XmltvReader} needs on top: the element depth (capped, so
 * hostile nesting fails early), skipping an element whole, an element's text with a size cap, and
 * parser errors as {@link GuideFormatException}s with a line number.
 */
final class XmlCursor implements AutoCloseable {
  private final XMLStreamReader xml;
  private final StringBuilder text = new StringBuilder(256);
  private int depth;

  private XmlCursor(XMLStreamReader xml) {
    this.xml = xml;
  }

  /**
   * A cursor over {@code in} with DTDs ignored and external entities never fetched. The JDK's
   * built-in factory, not the container's (WildFly offers Woodstox), so that holds everywhere.
   */
  static XmlCursor over(InputStream in) throws GuideFormatException {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    // XMLTV uses no namespaces; a stray undeclared prefix should not fail a whole guide.
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    try {
      return new XmlCursor(factory.createXMLStreamReader(new MarkupGuard(in)));
    } catch (XMLStreamException e) {
      throw failure(e);
    }
  }

  XMLStreamReader xml() {
    return xml;
  }

  /** The next event, the depth kept up to date. */
  int next() throws GuideFormatException {
    int event;
    try {
      event = xml.next();
    } catch (XMLStreamException e) {
      throw failure(e);
    } catch (RuntimeException e) {
      // Some encoding errors leave the JDK's parser with an unchecked exception.
      throw new GuideFormatException("XML not readable: " + shorten(e.toString(), 200), e);
    }
    if (event == XMLStreamConstants.START_ELEMENT && ++depth > XmltvReader.MAX_DEPTH) {
      throw new GuideFormatException("elements nested deeper than " + XmltvReader.MAX_DEPTH);
    } else if (event == XMLStreamConstants.END_ELEMENT) {
      depth--;
    }
    return event;
  }

  /** Moves past the end tag of the element whose start tag was just read. */
  void skipElement() throws GuideFormatException {
    int outside = depth - 1;
    while (depth > outside) {
      next();
    }
  }

  /**
   * The text in the element whose start tag was just read, and in any elements inside it (their
   * markup dropped), trimmed and cut at {@code max} characters; {@code null} when blank. Ends past
   * the element's end tag. Unlike {@code getElementText()}, markup inside does not fail the read.
   */
  String elementText(int max) throws GuideFormatException {
    text.setLength(0);
    int outside = depth - 1;
    while (depth > outside) {
      int event = next();
      if (event == XMLStreamConstants.CHARACTERS
          || event == XMLStreamConstants.CDATA
          || event == XMLStreamConstants.SPACE) {
        append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength(), max);
      }
    }
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) <= ' ') {
      end--;
    }
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // the cut split a pair
    }
    return end == 0 ? null : text.substring(0, end);
  }

  private void append(char[] chars, int from, int length, int max) {
    int end = from + length;
    int at = from;
    if (text.length() == 0) {
      while (at < end && chars[at] <= ' ') {
        at++;
      }
    }
    text.append(chars, at, Math.max(0, Math.min(end - at, max - text.length())));
  }

  /** The current start tag's attribute, trimmed; {@code null} when absent or empty. */
  String attribute(String name) {
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      if (name.equals(xml.getAttributeLocalName(i))) {
        String value = xml.getAttributeValue(i).trim();
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  int line() {
    Location at = xml.getLocation();
    return at == null ? -1 : at.getLineNumber();
  }

  /** Frees the parser's state; the input stream stays the caller's. */
  @Override
  public void close() {
    try {
      xml.close();
    } catch (XMLStreamException e) {
      // Nothing is left to release.
    }
  }

  private static GuideFormatException failure(XMLStreamException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int cut = message.indexOf("Message: ");
    message = cut >= 0 ? message.substring(cut + "Message: ".length()) : message;
    Location at = e.getLocation();
    String where = at == null || at.getLineNumber() < 0 ? "" : " at line " + at.getLineNumber();
    Throwable nested = e.getNestedException();
    if (nested instanceof MarkupGuard.TooLong) {
      return new GuideFormatException("XML not usable" + where + ": " + nested.getMessage());
    }
    // An IOException as the cause tells the caller it was the transport: worth a retry.
    Throwable cause = nested instanceof IOException io ? io : e;
    String kind = cause instanceof IOException ? "guide not readable" : "XML not well-formed";
    return new GuideFormatException(kind + where + ": " + shorten(message, 300), cause);
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
