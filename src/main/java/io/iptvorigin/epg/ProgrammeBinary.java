package io.iptvorigin.epg;

import java.util.ArrayList;
import java.util.List;

/**
 * One programme as bytes, the unit of both {@link ProgrammeCodec}'s blobs and {@link
 * GuideCollector}'s spill file: start as a delta from a base (the previous programme's start in a
 * blob), stop as a delta from the start, texts and icon as counted UTF-8.
 */
final class ProgrammeBinary {
  private static final int STOP_KNOWN = 1;
  private static final int HAS_ICON = 2;
  private static final int KIND_BITS = 0x3;
  private static final int HAS_LANG = 0x4;
  private static final TextKind[] KINDS = TextKind.values();

  private ProgrammeBinary() {}

  static void write(ByteSink out, Programme p, long base) {
    int flags = (p.stop() != 0 ? STOP_KNOWN : 0) | (p.icon() != null ? HAS_ICON : 0);
    out.writeByte(flags);
    out.writeSignedVarLong(p.start() - base);
    if (p.stop() != 0) {
      out.writeSignedVarLong(p.stop() - p.start());
    }
    out.writeVarLong(p.texts().size());
    for (ProgrammeText t : p.texts()) {
      out.writeByte(t.kind().ordinal() | (t.lang() != null ? HAS_LANG : 0));
      if (t.lang() != null) {
        out.writeString(t.lang());
      }
      out.writeString(t.text());
    }
    if (p.icon() != null) {
      out.writeString(p.icon());
    }
  }

  /**
   * The programme at the source's position, of at most {@code maxTexts} texts; corrupt bytes give
   * IllegalArgumentException.
   */
  static Programme read(ByteSource in, long base, int maxTexts) {
    int flags = in.readByte();
    if ((flags & ~(STOP_KNOWN | HAS_ICON)) != 0) {
      throw new IllegalArgumentException("unknown programme flags " + flags);
    }
    long start = base + in.readSignedVarLong();
    long stop = (flags & STOP_KNOWN) != 0 ? start + in.readSignedVarLong() : 0;
    int count = in.readCount();
    if (count > maxTexts) {
      throw new IllegalArgumentException(count + " texts, more than " + maxTexts);
    }
    List<ProgrammeText> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int header = in.readByte();
      if ((header & ~(KIND_BITS | HAS_LANG)) != 0 || (header & KIND_BITS) >= KINDS.length) {
        throw new IllegalArgumentException("unknown text header " + header);
      }
      String lang = (header & HAS_LANG) != 0 ? in.readString() : null;
      texts.add(new ProgrammeText(KINDS[header & KIND_BITS], lang, in.readString()));
    }
    String icon = (flags & HAS_ICON) != 0 ? in.readString() : null;
    return new Programme(start, stop, texts, icon);
  }
}
