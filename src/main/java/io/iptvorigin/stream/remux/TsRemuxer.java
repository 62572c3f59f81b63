package io.iptvorigin.stream.remux;

import java.nio.ByteBuffer;

/**
 * Remuxes one channel's MPEG-TS upstream into HLS segments in-process: the bytes read from the
 * upstream are {@link #push pushed} as they arrive, in chunks of any size, and each finished
 * segment goes to the {@link SegmentSink}, on the pushing thread. No thread, no I/O and no timer of
 * its own, so one I/O thread can serve many channels.
 *
 * <p>It starts {@link State#CHECKING}: the first packets decide whether the stream is one the
 * native path takes ({@link StreamCheck}); the first segment can only end after that. Then {@link
 * State#REMUXING} until the input ends ({@link #finish}, {@link State#ENDED}) or something it
 * cannot take turns up: {@link State#FAILED} with a {@link #failure() reason}, after which input is
 * ignored and memory released. The caller answers a failure by running FFmpeg for the channel; no
 * exception leaves {@link #push}, and memory stays within the segment cap whatever comes in.
 *
 * <p>Not thread-safe: one thread at a time pushes (the channel's I/O callbacks are serial).
 */
public final class TsRemuxer {
  public enum State {
    CHECKING,
    REMUXING,
    ENDED,
    FAILED
  }

  private final RemuxOptions options;
  private final PacketFramer framer = new PacketFramer();
  private final TsDemuxer demuxer = new TsDemuxer();
  private final StreamCheck check;
  private final Segmenter segmenter;
  private final PacketFramer.PacketHandler handler = this::packet;
  private State state = State.CHECKING;
  private FailureReason failure;
  private RuntimeException failureCause;
  private long bytes;

  public TsRemuxer(RemuxOptions options, SegmentSink sink) {
    this.options = options;
    this.check =
        new StreamCheck(options.checkBytes(), options.notTsBytes(), options.maxKeyframeSeconds());
    this.segmenter = new Segmenter(options, sink);
  }

  /** The next bytes from the upstream (position to limit; consumed). */
  public void push(ByteBuffer chunk) {
    if (state == State.FAILED || state == State.ENDED) {
      chunk.position(chunk.limit());
      return;
    }
    try {
      bytes += chunk.remaining();
      framer.push(chunk, handler);
      afterInput();
    } catch (RuntimeException e) {
      chunk.position(chunk.limit());
      failureCause = e;
      fail(FailureReason.INTERNAL_ERROR);
    }
  }

  /**
   * The next bytes from the upstream: {@code length} bytes of {@code bytes} from {@code offset}.
   */
  public void push(byte[] bytes, int offset, int length) {
    push(ByteBuffer.wrap(bytes, offset, length));
  }

  /**
   * The upstream ended: the segment in flight is handed on as it is, if it began with a keyframe.
   */
  public void finish() {
    if (state == State.FAILED || state == State.ENDED) {
      return;
    }
    try {
      framer.finish(handler);
      if (state == State.REMUXING) {
        segmenter.finish();
        if (segmenter.failure() != null) {
          fail(segmenter.failure());
          return;
        }
      }
      state = State.ENDED;
    } catch (RuntimeException e) {
      failureCause = e;
      fail(FailureReason.INTERNAL_ERROR);
    }
  }

  private void packet(byte[] bytes, int offset) {
    if (state == State.FAILED) {
      return;
    }
    PacketFacts facts = demuxer.read(bytes, offset);
    check.packet(facts, demuxer.tables());
    if (check.outcome() == StreamCheck.Outcome.UNSUPPORTED) {
      fail(check.reason());
      return;
    }
    if (state == State.CHECKING && check.outcome() == StreamCheck.Outcome.SUPPORTED) {
      state = State.REMUXING;
    }
    segmenter.accept(bytes, offset, facts, demuxer);
    if (segmenter.failure() != null) {
      failureCause = segmenter.failureCause();
      fail(segmenter.failure());
    }
  }

  private void afterInput() {
    if (state == State.FAILED) {
      return;
    }
    check.input(bytes, framer.packets());
    if (check.outcome() == StreamCheck.Outcome.UNSUPPORTED) {
      fail(check.reason());
    } else if (framer.packets() > 0 && framer.unsyncedRun() > options.maxUnsyncedBytes()) {
      fail(FailureReason.LOST_SYNC);
    }
  }

  private void fail(FailureReason reason) {
    if (state != State.FAILED) {
      state = State.FAILED;
      failure = reason;
      segmenter.abandon();
    }
  }

  public State state() {
    return state;
  }

  /** Why the remux failed, or null. */
  public FailureReason failure() {
    return failure;
  }

  /** The exception behind {@link FailureReason#INTERNAL_ERROR} or {@code OUTPUT_ERROR}, or null. */
  public RuntimeException failureCause() {
    return failureCause;
  }

  /**
   * The streams of the program in force, for a log line ({@code h264@0x100 aac@0x101}), or an empty
   * string before the PMT.
   */
  public String streams() {
    ProgramMap program = demuxer.tables().program();
    return program == null ? "" : program.describe();
  }

  /** Video seconds remuxed so far (the segment in flight included): the run's media time. */
  public double mediaSeconds() {
    return segmenter.mediaSeconds();
  }

  public RemuxStats stats() {
    return new RemuxStats(
        bytes,
        framer.packets(),
        framer.droppedBytes(),
        framer.syncLosses(),
        demuxer.continuityGaps(),
        demuxer.sectionErrors(),
        segmenter.segments(),
        segmenter.discontinuities(),
        segmenter.mediaSeconds(),
        segmenter.bufferBytes());
  }
}
