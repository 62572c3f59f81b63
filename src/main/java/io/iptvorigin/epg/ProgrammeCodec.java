package io.iptvorigin.epg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One channel's programmes as one compact byte array (a Redis value): a version byte, then the
 * programmes deflated (zlib, so corruption is caught by its checksum). Starts are stored as deltas
 * from the previous programme's, which, like the repeated titles and languages, deflate to little.
 */
public final class ProgrammeCodec {
  private static final int VERSION = 1;

  /**
   * Limits far beyond any real channel (a month of one-minute programmes is 43,200 and some 10 MB),
   * so that a blob that is not what it should be cannot make decoding exhaust the heap.
   */
  static final int MAX_DECODED_BYTES = 64 * 1024 * 1024;

  static final int MAX_PROGRAMMES = 200_000;
  static final int MAX_TEXTS = 1_000_000;

  private static final int CHUNK_BYTES = 16 * 1024;

  private ProgrammeCodec() {}

  /**
   * The programmes, in the order given, as one blob for {@link #decode}.
   *
   * @throws IllegalArgumentException for more than {@value #MAX_PROGRAMMES} programmes or {@value
   *     #MAX_TEXTS} texts, which decoding would refuse
   */
  public static byte[] encode(List<Programme> programmes) {
    if (programmes.size() > MAX_PROGRAMMES) {
      throw new IllegalArgumentException(programmes.size() + " programmes, over " + MAX_PROGRAMMES);
    }
    long texts = 0;
    for (Programme p : programmes) {
      texts += p.texts().size();
    }
    if (texts > MAX_TEXTS) {
      throw new IllegalArgumentException(texts + " texts, over " + MAX_TEXTS);
    }
    ByteSink body = new ByteSink(64 + programmes.size() * 64);
    body.writeVarLong(programmes.size());
    long previousStart = 0;
    for (Programme p : programmes) {
      ProgrammeBinary.write(body, p, previousStart);
      previousStart = p.start();
    }
    ByteSink blob = new ByteSink(body.size() / 3 + 64);
    blob.writeByte(VERSION);
    // A fresh Deflater each time, ended at once: its native memory is not the GC's to free soon.
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      deflater.setInput(body.array(), 0, body.size());
      deflater.finish();
      byte[] chunk = new byte[CHUNK_BYTES];
      while (!deflater.finished()) {
        int n = deflater.deflate(chunk);
        blob.writeBytes(chunk, 0, n);
      }
    } finally {
      deflater.end();
    }
    return Arrays.copyOf(blob.array(), blob.size());
  }

  /**
   * The programmes of a blob {@link #encode} made, as an unmodifiable list.
   *
   * @throws IllegalArgumentException if the blob is corrupt, truncated, of an unknown version or
   *     would decompress to more than {@value #MAX_DECODED_BYTES} bytes
   */
  public static List<Programme> decode(byte[] blob) {
    if (blob == null || blob.length == 0) {
      throw new IllegalArgumentException("empty programme blob");
    }
    if (blob[0] != VERSION) {
      throw new IllegalArgumentException("unknown programme blob version " + (blob[0] & 0xff));
    }
    ByteSink body = inflate(blob);
    ByteSource in = new ByteSource(body.array(), 0, body.size());
    int count = in.readCount();
    if (count > MAX_PROGRAMMES) {
      throw new IllegalArgumentException(count + " programmes, over " + MAX_PROGRAMMES);
    }
    List<Programme> programmes = new ArrayList<>(count);
    long previousStart = 0;
    int textsLeft = MAX_TEXTS;
    for (int i = 0; i < count; i++) {
      Programme p = ProgrammeBinary.read(in, previousStart, textsLeft);
      textsLeft -= p.texts().size();
      programmes.add(p);
      previousStart = p.start();
    }
    if (in.remaining() != 0) {
      throw new IllegalArgumentException(in.remaining() + " bytes after the last programme");
    }
    return Collections.unmodifiableList(programmes);
  }

  private static ByteSink inflate(byte[] blob) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(blob, 1, blob.length - 1);
      ByteSink body = new ByteSink(Math.min(MAX_DECODED_BYTES, blob.length * 4));
      byte[] chunk = new byte[CHUNK_BYTES];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException("truncated programme blob");
        }
        if (body.size() + n > MAX_DECODED_BYTES) {
          throw new IllegalArgumentException("programme blob over " + MAX_DECODED_BYTES + " bytes");
        }
        body.writeBytes(chunk, 0, n);
      }
      if (inflater.getRemaining() != 0) {
        throw new IllegalArgumentException("bytes after the compressed programmes");
      }
      return body;
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("corrupt programme blob: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
