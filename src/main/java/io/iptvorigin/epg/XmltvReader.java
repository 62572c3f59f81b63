package io.iptvorigin.epg;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an XMLTV guide in one streaming pass, handing each programme to a {@link Listener} as soon
 * as its end tag is read: memory stays that of one programme whatever the guide's size. Each text
 * is cut at {@value #MAX_TEXT_CHARS} characters, a programme keeps at most {@value #MAX_TEXTS}
 * texts and its first http(s) icon, and everything else in it (credits, episode numbers, ratings)
 * is skipped. A programme without a channel, a valid start or a title is reported to {@link
 * Listener#skipped} and left out; only a guide that is not XMLTV at all fails the read.
 *
 * <p>No DTD is processed and no external entity is fetched: the usual {@code <!DOCTYPE tv SYSTEM
 * "xmltv.dtd">} is tolerated and ignored, and a reference to an entity a DOCTYPE declares fails the
 * read instead of being expanded.
 */
public final class XmltvReader {
  static final int MAX_TEXT_CHARS = 4096;
  static final int MAX_TEXTS = 16;
  static final int MAX_CHANNEL_ID_CHARS = 255;
  static final int MAX_LANG_CHARS = 35;
  static final int MAX_ICON_CHARS = 2048;
  static final int MAX_DEPTH = 64;

  /** Receives a guide's content as it is read. */
  public interface Listener {
    /** A {@code <channel id>} element. */
    default void channel(String id) {}

    /** A programme of {@code channel}, with a start and at least one title. */
    void programme(String channel, Programme programme);

    /** An element left out, and why (one short line). */
    default void skipped(String reason) {}
  }

  /**
   * What a read found: {@code <channel>} elements, programmes handed over, and programme or channel
   * elements left out.
   */
  public record Result(long channels, long programmes, long skipped) {}

  private final XmlCursor cursor;
  private final XMLStreamReader xml;
  private final Listener listener;
  private final List<ProgrammeText> texts = new ArrayList<>(MAX_TEXTS);
  private long channels;
  private long programmes;
  private long skipped;

  private XmltvReader(XmlCursor cursor, Listener listener) {
    this.cursor = cursor;
    this.xml = cursor.xml();
    this.listener = listener;
  }

  /**
   * Reads the whole guide from {@code xml} (not closed here), calling {@code listener} as it goes.
   * Exceptions the listener throws pass through unchanged.
   *
   * @throws GuideFormatException if the bytes are not a well-formed XMLTV document, or could not be
   *     read (the cause is then the {@link java.io.IOException})
   */
  public static Result read(InputStream xml, Listener listener) throws GuideFormatException {
    try (XmlCursor cursor = XmlCursor.over(xml)) {
      return new XmltvReader(cursor, listener).document();
    }
  }

  private Result document() throws GuideFormatException {
    int event = cursor.next();
    while (event != XMLStreamConstants.START_ELEMENT) {
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw new GuideFormatException("not an XMLTV document: no root element");
      }
      event = cursor.next();
    }
    if (!"tv".equals(xml.getLocalName())) {
      throw new GuideFormatException(
          "not an XMLTV document: root element <"
              + XmlCursor.shorten(xml.getLocalName(), 40)
              + ">");
    }
    while ((event = cursor.next()) != XMLStreamConstants.END_ELEMENT) {
      if (event == XMLStreamConstants.START_ELEMENT) {
        switch (xml.getLocalName()) {
          case "programme" -> programme();
          case "channel" -> channel();
          default -> cursor.skipElement();
        }
      }
    }
    // Reading on to the end: garbage after </tv> means a damaged guide, not a complete one.
    while (cursor.next() != XMLStreamConstants.END_DOCUMENT) {
      // Only comments and whitespace can come here.
    }
    return new Result(channels, programmes, skipped);
  }

  private void channel() throws GuideFormatException {
    String id = cursor.attribute("id");
    int line = cursor.line();
    cursor.skipElement();
    if (id == null || id.length() > MAX_CHANNEL_ID_CHARS) {
      skip(line, "channel without a usable id");
      return;
    }
    channels++;
    listener.channel(id);
  }

  private void programme() throws GuideFormatException {
    String channel = null;
    String start = null;
    String stop = null;
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      switch (xml.getAttributeLocalName(i)) {
        case "channel" -> channel = xml.getAttributeValue(i).trim();
        case "start" -> start = xml.getAttributeValue(i);
        case "stop" -> stop = xml.getAttributeValue(i);
        default -> {}
      }
    }
    int line = cursor.line();
    String icon = children();
    if (channel == null || channel.isEmpty() || channel.length() > MAX_CHANNEL_ID_CHARS) {
      skip(line, "programme without a usable channel id");
      return;
    }
    long startSecond;
    try {
      startSecond = XmltvTime.parse(start);
    } catch (IllegalArgumentException e) {
      skip(line, "programme of " + channel + " with a bad start (" + e.getMessage() + ")");
      return;
    }
    if (!hasTitle()) {
      skip(line, "programme of " + channel + " without a title");
      return;
    }
    long stopSecond = stop == null ? 0 : stopOrUnknown(stop, startSecond);
    programmes++;
    listener.programme(channel, new Programme(startSecond, stopSecond, texts, icon));
  }

  /** Reads a programme's children into {@link #texts}; returns its first usable icon. */
  private String children() throws GuideFormatException {
    texts.clear();
    String icon = null;
    int event;
    while ((event = cursor.next()) != XMLStreamConstants.END_ELEMENT) {
      if (event != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      TextKind kind =
          switch (xml.getLocalName()) {
            case "title" -> TextKind.TITLE;
            case "sub-title" -> TextKind.SUB_TITLE;
            case "desc" -> TextKind.DESC;
            case "category" -> TextKind.CATEGORY;
            default -> null;
          };
      if (kind != null) {
        String lang = cursor.attribute("lang");
        String value = cursor.elementText(MAX_TEXT_CHARS);
        if (value != null && texts.size() < MAX_TEXTS) {
          boolean langUsable = lang != null && lang.length() <= MAX_LANG_CHARS;
          texts.add(new ProgrammeText(kind, langUsable ? lang : null, value));
        }
      } else {
        if (icon == null && "icon".equals(xml.getLocalName())) {
          icon = iconSource(cursor.attribute("src"));
        }
        cursor.skipElement();
      }
    }
    return icon;
  }

  private boolean hasTitle() {
    for (ProgrammeText t : texts) {
      if (t.kind() == TextKind.TITLE) {
        return true;
      }
    }
    return false;
  }

  private static String iconSource(String src) {
    if (src == null || src.length() > MAX_ICON_CHARS) {
      return null;
    }
    boolean web = src.regionMatches(true, 0, "http://", 0, 7);
    return web || src.regionMatches(true, 0, "https://", 0, 8) ? src : null;
  }

  /** A stop that cannot be parsed, or is not after the start, is as good as none. */
  private static long stopOrUnknown(String stop, long start) {
    try {
      long parsed = XmltvTime.parse(stop);
      return parsed > start ? parsed : 0;
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  private void skip(int line, String reason) {
    skipped++;
    listener.skipped("line " + line + ": " + XmlCursor.shorten(reason, 300));
  }
}
