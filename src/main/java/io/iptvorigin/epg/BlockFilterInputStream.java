package io.iptvorigin.epg;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter whose checks live in {@link #read(byte[], int, int)} alone: a single-byte read goes
 * through it too, so no byte can pass a check unseen.
 */
abstract class BlockFilterInputStream extends FilterInputStream {
  BlockFilterInputStream(InputStream in) {
    super(in);
  }

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }
}
