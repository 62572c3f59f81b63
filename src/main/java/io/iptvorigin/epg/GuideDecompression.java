package io.iptvorigin.epg;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A guide's bytes as XML, whatever it was published as: gzip, xz or plain, told by its first bytes
 * rather than by a file name or a Content-Type, which guide sites get wrong.
 */
public final class GuideDecompression {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
  private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};

  /**
   * xz's decoder allocates the dictionary the file asks for; xz -9 needs 65 MiB, and a hostile
   * header asking for more is refused rather than allowed to exhaust the heap.
   */
  private static final int XZ_MEMORY_LIMIT_KIB = 128 * 1024;

  private GuideDecompression() {}

  /** The XML of {@code raw}, decompressed if it is gzip or xz, buffered; closing it closes raw. */
  public static InputStream open(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, BUFFER_BYTES);
    byte[] head = new byte[XZ_MAGIC.length];
    in.mark(head.length);
    int length = in.readNBytes(head, 0, head.length);
    in.reset();
    return switch (detect(head, length)) {
      case "gzip" ->
          new BufferedInputStream(
              new GZIPInputStream(new MoreMembersMaybe(in), BUFFER_BYTES), BUFFER_BYTES);
      case "xz" ->
          new BufferedInputStream(new XZInputStream(in, XZ_MEMORY_LIMIT_KIB), BUFFER_BYTES);
      default -> in;
    };
  }

  /** "gzip", "xz" or "plain", from the first {@code length} bytes of a guide. */
  public static String detect(byte[] head, int length) {
    if (startsWith(head, length, XZ_MAGIC)) {
      return "xz";
    }
    if (startsWith(head, length, GZIP_MAGIC)) {
      return "gzip";
    }
    return "plain";
  }

  private static boolean startsWith(byte[] head, int length, byte[] magic) {
    if (length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (head[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Older JDK builds' GZIPInputStream looks for a further member (files made by concatenating .gz
   * files, as some guide sites do) only when {@code available()} says more bytes are there, which a
   * network stream may not say at that moment: the guide would end early, silently. Claiming a byte
   * until the end was seen makes such builds always look; at the real end they find none and stop.
   * Newer builds never ask.
   */
  private static final class MoreMembersMaybe extends FilterInputStream {
    private boolean ended;

    MoreMembersMaybe(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      ended |= b < 0;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      ended |= n < 0;
      return n;
    }

    @Override
    public int available() throws IOException {
      return ended ? 0 : Math.max(1, super.available());
    }
  }
}
