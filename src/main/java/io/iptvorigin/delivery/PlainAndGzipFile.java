package io.iptvorigin.delivery;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * A file nginx sends with {@code gzip_static}: {@code NAME} and {@code NAME.gz} beside it, written
 * in one pass over the body and moved into place atomically, so a reader sees the old pair or the
 * whole new one, never a half-written file.
 */
public final class PlainAndGzipFile {
  private static final AtomicLong TEMP_COUNTER = new AtomicLong();

  /** An answer's bytes, written to the file. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private PlainAndGzipFile() {}

  /**
   * Writes {@code dir/name} and {@code dir/name.gz}; answers the bytes both take. The .gz is moved
   * first: while the plain file exists, so does its .gz.
   */
  public static long write(Path dir, String name, Body body) throws IOException {
    long id = TEMP_COUNTER.incrementAndGet();
    Path plainTemp = dir.resolve(".tmp-" + id + "-" + name);
    Path gzipTemp = dir.resolve(".tmp-" + id + "-" + name + ".gz");
    try {
      try (OutputStream plain = new BufferedOutputStream(Files.newOutputStream(plainTemp), 65536);
          OutputStream gzip =
              new GZIPOutputStream(
                  new BufferedOutputStream(Files.newOutputStream(gzipTemp), 65536), 65536)) {
        body.writeTo(new BothStreams(plain, gzip));
      }
      long bytes = Files.size(plainTemp) + Files.size(gzipTemp);
      Files.move(gzipTemp, dir.resolve(name + ".gz"), StandardCopyOption.ATOMIC_MOVE);
      Files.move(plainTemp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      return bytes;
    } finally {
      Files.deleteIfExists(plainTemp);
      Files.deleteIfExists(gzipTemp);
    }
  }

  /** Deletes {@code dir/name} and its .gz, the .gz last (see {@link #write}). */
  public static void delete(Path dir, String name) throws IOException {
    Files.deleteIfExists(dir.resolve(name));
    Files.deleteIfExists(dir.resolve(name + ".gz"));
  }

  /** Writes every byte to both streams. */
  private static final class BothStreams extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    BothStreams(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }
}
