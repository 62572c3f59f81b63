package io.iptvorigin.stream.ts;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One TS viewer: a long response that is the channel's segments one after another. {@link #pump}
 * copies while the socket takes bytes and returns as soon as it does not (the container calls
 * {@link #onWritePossible} when it does again) or when the next segment is not written yet ({@link
 * TsFeeds} wakes it when FFmpeg adds one). No thread ever waits for this viewer.
 *
 * <p>Memory per viewer: one buffer and one open segment. A viewer that falls more than {@code
 * iptv.ts.max-behind-seconds} behind the newest segment is cut, so it never holds a file FFmpeg has
 * deleted for longer than that.
 */
final class TsViewer implements WriteListener, AsyncListener {
  private static final Logger LOG = Logger.getLogger(TsViewer.class.getName());
  private static final int CHUNK = 64 * 1024;

  private final String channelId;
  private final String token;
  private final String address;
  private final String username;
  private final AsyncContext context;
  private final ServletOutputStream out;
  private final TsFeeds feeds;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
  private final long started = System.nanoTime();

  private FileChannel file;
  private SegmentList.Segment current;
  private SegmentList.Segment sent;
  private long bytes;
  private boolean ended;
  private String endAfterCurrent;

  TsViewer(
      String channelId,
      String token,
      String address,
      String username,
      AsyncContext context,
      ServletOutputStream out,
      TsFeeds feeds) {
    this.channelId = channelId;
    this.token = token;
    this.address = address;
    this.username = username;
    this.context = context;
    this.out = out;
    this.feeds = feeds;
  }

  String channelId() {
    return channelId;
  }

  String token() {
    return token;
  }

  String address() {
    return address;
  }

  String username() {
    return username;
  }

  /** Copies while the socket takes bytes and there are bytes to copy. */
  synchronized void pump() {
    if (ended) {
      return;
    }
    try {
      while (out.isReady()) {
        if (file == null && !openNext()) {
          return;
        }
        buffer.clear();
        int read = file.read(buffer);
        if (read < 0) {
          file.close();
          file = null;
          sent = current;
          continue;
        }
        out.write(buffer.array(), 0, read);
        bytes += read;
      }
    } catch (IOException e) {
      end("closed by the viewer");
    }
  }

  /** Opens the segment to send next; false when there is none yet or the stream ended. */
  private boolean openNext() throws IOException {
    if (endAfterCurrent != null) {
      end(endAfterCurrent);
      return false;
    }
    SegmentList segments = feeds.segments(channelId);
    Optional<SegmentList.Segment> next;
    if (sent == null) {
      next = segments.newest();
    } else {
      SegmentList.Step step = segments.after(sent, feeds.maxBehindSeconds());
      if (step instanceof SegmentList.Behind) {
        cutAsTooSlow();
        return false;
      }
      next = step instanceof SegmentList.Next n ? Optional.of(n.segment()) : Optional.empty();
    }
    if (next.isEmpty()) {
      return false;
    }
    try {
      file =
          FileChannel.open(feeds.paths().dir().resolve(next.get().name()), StandardOpenOption.READ);
      current = next.get();
      return true;
    } catch (NoSuchFileException e) {
      // Deleted between the listing and now: it was the oldest, so this viewer is that far behind.
      cutAsTooSlow();
      return false;
    }
  }

  @Override
  public void onWritePossible() {
    pump();
  }

  @Override
  public void onError(Throwable t) {
    end("closed by the viewer");
  }

  /**
   * Cuts the viewer if the segment it is being sent (or last got) is more than the window behind
   * the newest: a reader so slow that its socket stays full never asks for a next segment. Behind
   * counts from what this side has handed to the socket: the kernel's buffers (bounded by its
   * tcp_wmem) come on top, in wall-clock time, not in memory of ours.
   */
  synchronized void cutIfBehind(SegmentList segments) {
    SegmentList.Segment position = current != null ? current : sent;
    if (ended || position == null || segments.segments().isEmpty()) {
      return;
    }
    if (segments.after(position, feeds.maxBehindSeconds()) instanceof SegmentList.Behind) {
      cutAsTooSlow();
    }
  }

  private void cutAsTooSlow() {
    LOG.info(
        "ts viewer cut channel="
            + channelId
            + " reason=\"more than "
            + feeds.maxBehindSeconds()
            + " s behind\"");
    end("too slow");
  }

  /** Ends the response once the segment being sent is complete (a channel that stopped). */
  synchronized void endAfterCurrent(String reason) {
    if (file == null) {
      end(reason);
    } else {
      endAfterCurrent = reason;
    }
  }

  /** Ends the response now. */
  synchronized void end(String reason) {
    if (ended) {
      return;
    }
    ended = true;
    try {
      if (file != null) {
        file.close();
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing a segment", e);
    }
    feeds.leave(this);
    try {
      context.complete();
    } catch (IllegalStateException e) {
      // Already completed by the container (the viewer went away first).
    }
    LOG.fine(
        "ts viewer end channel="
            + channelId
            + " reason=\""
            + reason
            + "\" bytes="
            + bytes
            + " seconds="
            + (System.nanoTime() - started) / 1_000_000_000);
  }

  @Override
  public void onComplete(AsyncEvent event) {
    end("complete");
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    end("timeout");
  }

  @Override
  public void onError(AsyncEvent event) {
    end("closed by the viewer");
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // Not restarted.
  }
}
