package io.iptvorigin.epg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file of programmes, appended one after the other and read back by offset, so a guide
 * of any size costs disk, not heap. A record is its length (4 bytes) and {@link ProgrammeBinary}'s
 * bytes. Not thread-safe.
 */
final class GuideSpill implements AutoCloseable {
  private static final int BUFFER_BYTES = 64 * 1024;

  /** What a read fetches when the next record wanted is not close by: most records fit. */
  private static final int SMALL_READ_BYTES = 1024;

  private final Path file;
  private final FileChannel channel;
  private final ByteSink record = new ByteSink(1024);
  private final ByteBuffer pending = ByteBuffer.allocate(BUFFER_BYTES);
  private long flushed;
  private ByteBuffer block = ByteBuffer.allocate(BUFFER_BYTES);
  private long blockStart = -1;

  GuideSpill(Path workDir) throws IOException {
    file = Files.createTempFile(workDir, "guide-", ".spill");
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  Path file() {
    return file;
  }

  /** The bytes appended so far. */
  long size() {
    return flushed + pending.position();
  }

  /** Appends a programme; returns its record's offset and adds nothing to the heap. */
  long append(Programme p) throws IOException {
    record.reset();
    ProgrammeBinary.write(record, p, 0);
    long offset = size();
    if (4 + record.size() > pending.remaining()) {
      flush();
    }
    if (4 + record.size() > pending.capacity()) {
      ByteBuffer big = ByteBuffer.allocate(4 + record.size());
      big.putInt(record.size()).put(record.array(), 0, record.size()).flip();
      writeFully(big);
    } else {
      pending.putInt(record.size()).put(record.array(), 0, record.size());
    }
    return offset;
  }

  /** The length in bytes of the record last appended. */
  int lastRecordBytes() {
    return 4 + record.size();
  }

  /** Writes what is buffered, so that {@link #read} sees every record. */
  void flush() throws IOException {
    pending.flip();
    writeFully(pending);
    pending.clear();
  }

  /**
   * The programme at {@code offset}. {@code next} is the offset to be read after it (-1 if none):
   * when it is near, a whole block is fetched to serve it too (guides that list a channel's
   * programmes together read back sequentially); when it is far, only about this record is.
   */
  Programme read(long offset, long next) throws IOException {
    boolean near = next > offset && next - offset < BUFFER_BYTES;
    int length = fetch(offset, 4, near ? BUFFER_BYTES : SMALL_READ_BYTES).getInt();
    if (length < 0 || offset + 4 + length > flushed) {
      throw new IOException("spill record at " + offset + " is damaged");
    }
    ByteBuffer bytes = fetch(offset + 4, length, near ? BUFFER_BYTES : SMALL_READ_BYTES);
    ByteSource in = new ByteSource(bytes.array(), bytes.position(), bytes.position() + length);
    return ProgrammeBinary.read(in, 0, Integer.MAX_VALUE);
  }

  /** {@link #block} positioned at {@code offset} with at least {@code length} bytes from there. */
  private ByteBuffer fetch(long offset, int length, int readAhead) throws IOException {
    if (blockStart < 0 || offset < blockStart || offset + length > blockStart + block.limit()) {
      int want = (int) Math.min(Math.max(length, readAhead), flushed - offset);
      if (want < length) {
        throw new IOException("spill record at " + offset + " is past the end");
      }
      if (want > block.capacity()) {
        block = ByteBuffer.allocate(want);
      }
      block.clear().limit(want);
      while (block.hasRemaining()) {
        if (channel.read(block, offset + block.position()) < 0) {
          throw new IOException("spill file shorter than written");
        }
      }
      blockStart = offset;
    }
    return block.duplicate().position((int) (offset - blockStart));
  }

  private void writeFully(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      flushed += channel.write(bytes, flushed);
    }
  }

  /** Closes and deletes the file. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
