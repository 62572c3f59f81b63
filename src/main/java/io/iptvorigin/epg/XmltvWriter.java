package io.iptvorigin.epg;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes an XMLTV document (UTF-8) that the XMLTV DTD and {@code tv_validate_file} accept: {@link
 * #begin}, every {@link #channel}, every {@link #programme}, {@link #end}, in that order (the DTD
 * puts channels first). Characters an XML document cannot hold are dropped, see {@link XmlBytes};
 * texts left blank by that are omitted. Channel ids are written as given: {@code tv_validate_file}
 * wants them dotted ({@code ch1.example}) and every channel to have programmes. Not thread-safe.
 */
public final class XmltvWriter implements AutoCloseable {
  private static final String HEAD =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tv SYSTEM \"xmltv.dtd\">\n"
          + "<tv generator-info-name=\"iptv-origin\">\n";

  private enum Stage {
    NEW,
    CHANNELS,
    PROGRAMMES,
    ENDED
  }

  private final XmlBytes out;
  private Stage stage = Stage.NEW;

  /** A writer to {@code out}, which it buffers itself (64 KB) and closes on {@link #close}. */
  public XmltvWriter(OutputStream out) {
    this.out = new XmlBytes(out);
  }

  /** The XML declaration, the DOCTYPE and the opening {@code <tv>}. */
  public void begin() throws IOException {
    expect(stage == Stage.NEW, "begin() comes first, once");
    stage = Stage.CHANNELS;
    out.raw(HEAD);
  }

  /**
   * A {@code <channel>}: its display names (the id when none has content) and its icon, left out
   * when null or blank. Channels come before every programme.
   */
  public void channel(String id, List<String> displayNames, String icon) throws IOException {
    expect(stage == Stage.CHANNELS, "channels come after begin() and before any programme");
    out.raw("  <channel id=\"");
    out.escaped(id, true);
    out.raw("\">\n");
    boolean named = false;
    for (String name : displayNames) {
      if (name != null && XmlBytes.hasContent(name)) {
        element("display-name", null, name);
        named = true;
      }
    }
    if (!named) {
      element("display-name", null, id);
    }
    icon(icon);
    out.raw("  </channel>\n");
  }

  /**
   * A {@code <programme>} of {@code channelId}: start, stop unless unknown, then its texts in DTD
   * order (title+, sub-title*, desc*, category*, as {@link Programme} keeps them) and its icon.
   *
   * @throws IllegalArgumentException if no title has content; nothing is written then
   */
  public void programme(String channelId, Programme p) throws IOException {
    expect(stage == Stage.CHANNELS || stage == Stage.PROGRAMMES, "programmes come after begin()");
    if (!hasTitle(p)) {
      throw new IllegalArgumentException("programme at " + p.start() + " without a title");
    }
    stage = Stage.PROGRAMMES;
    out.raw("  <programme start=\"");
    out.raw(XmltvTime.format(p.start()));
    if (p.stop() != 0) {
      out.raw("\" stop=\"");
      out.raw(XmltvTime.format(p.stop()));
    }
    out.raw("\" channel=\"");
    out.escaped(channelId, true);
    out.raw("\">\n");
    for (ProgrammeText t : p.texts()) {
      if (XmlBytes.hasContent(t.text())) {
        element(t.kind().element(), t.lang(), t.text());
      }
    }
    icon(p.icon());
    out.raw("  </programme>\n");
  }

  /** The closing {@code </tv>}, and a flush. */
  public void end() throws IOException {
    expect(stage != Stage.NEW && stage != Stage.ENDED, "end() comes after begin(), once");
    stage = Stage.ENDED;
    out.raw("</tv>\n");
    out.flush();
  }

  /** Writes what is buffered to the stream and flushes it. */
  public void flush() throws IOException {
    out.flush();
  }

  /** Writes what is buffered and closes the underlying stream; does not {@link #end} the tv. */
  @Override
  public void close() throws IOException {
    out.close();
  }

  private void element(String name, String lang, String text) throws IOException {
    out.raw("    <");
    out.raw(name);
    if (lang != null && XmlBytes.hasContent(lang)) {
      out.raw(" lang=\"");
      out.escaped(lang, true);
      out.raw("\"");
    }
    out.raw(">");
    out.escaped(text, false);
    out.raw("</");
    out.raw(name);
    out.raw(">\n");
  }

  private void icon(String src) throws IOException {
    if (src != null && XmlBytes.hasContent(src)) {
      out.raw("    <icon src=\"");
      out.escaped(src, true);
      out.raw("\"/>\n");
    }
  }

  private static boolean hasTitle(Programme p) {
    for (ProgrammeText t : p.texts()) {
      if (t.kind() == TextKind.TITLE && XmlBytes.hasContent(t.text())) {
        return true;
      }
    }
    return false;
  }

  private static void expect(boolean condition, String rule) {
    if (!condition) {
      throw new IllegalStateException(rule);
    }
  }
}
