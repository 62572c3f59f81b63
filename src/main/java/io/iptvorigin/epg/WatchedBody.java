package io.iptvorigin.epg;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A download body with limits: at most {@code maxBytes}, no pause longer than {@code idleMillis},
 * done within {@code totalMillis}. A blocked read cannot notice time passing, so a watchdog closes
 * the stream under it; the read then fails and the reason is the one recorded here.
 */
public final class WatchedBody extends BlockFilterInputStream {
  private final long maxBytes;
  private final long idleMillis;
  private final long deadline;
  private volatile long bytes;
  private volatile long lastProgress;
  private volatile String cut;
  private ScheduledFuture<?> watch;

  WatchedBody(InputStream in, long maxBytes, long idleMillis, long totalMillis) {
    super(in);
    this.maxBytes = maxBytes;
    this.idleMillis = idleMillis;
    long now = System.nanoTime() / 1_000_000;
    this.deadline = now + totalMillis;
    this.lastProgress = now;
  }

  void watchWith(ScheduledExecutorService watchdog, long every, TimeUnit unit) {
    watch = watchdog.scheduleWithFixedDelay(this::check, every, every, unit);
  }

  /** The bytes read so far. */
  public long bytes() {
    return bytes;
  }

  private void check() {
    long now = System.nanoTime() / 1_000_000;
    if (now - lastProgress > idleMillis) {
      cut("no data for " + idleMillis / 1000 + " s (iptv.epg.read-timeout)");
    } else if (now > deadline) {
      cut("download longer than iptv.epg.fetch-timeout");
    }
  }

  private void cut(String reason) {
    if (cut == null) {
      cut = reason;
      try {
        in.close();
      } catch (IOException ignored) {
        // The reader fails either way; the reason is `cut`.
      }
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n;
    try {
      n = in.read(buffer, offset, length);
    } catch (IOException e) {
      throw cut == null ? e : new IOException(cut);
    }
    if (cut != null) {
      throw new IOException(cut);
    }
    if (n > 0) {
      bytes += n;
      lastProgress = System.nanoTime() / 1_000_000;
      if (bytes > maxBytes) {
        cut("download larger than iptv.epg.max-download-bytes (" + maxBytes + ")");
        throw new IOException(cut);
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    if (watch != null) {
      watch.cancel(false);
    }
    super.close();
  }
}
