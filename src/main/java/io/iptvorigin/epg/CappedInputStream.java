package io.iptvorigin.epg;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The decompressed guide, cut at {@code iptv.epg.max-xml-bytes}: a few KB of gzip or xz can expand
 * to terabytes, and the download's own cap counts only the compressed bytes.
 */
final class CappedInputStream extends FilterInputStream {
  private final long max;
  private long bytes;

  CappedInputStream(InputStream in, long max) {
    super(in);
    this.max = max;
  }

  long bytes() {
    return bytes;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    count(skipped);
    return skipped;
  }

  private void count(long n) throws IOException {
    bytes += n;
    if (bytes > max) {
      throw new IOException("guide XML larger than iptv.epg.max-xml-bytes (" + max + ")");
    }
  }
}
