package io.iptvorigin.stream.remux;

/**
 * Cuts the packets of a supported stream into HLS segments. A segment begins at a video PES packet
 * that holds a keyframe, with the PAT and PMT in force put before it ({@link PsiPackets}), and ends
 * where the next one begins: at the first keyframe at or after its planned end ({@link
 * CutSchedule}, on the video PTS timeline). Every other packet, of any PID, is passed through
 * unchanged and in order; null packets are dropped.
 *
 * <p>A keyframe is known only a few packets after its PES packet began (parameter sets and SEI come
 * first), so the start of the latest video PES packet is remembered as a mark and the cut made
 * there once the keyframe is confirmed.
 *
 * <p>A discontinuity (a new PAT or PMT, a discontinuity_indicator on the PCR PID, the video decode
 * time going back or leaping forward) ends the segment in flight where it happens; packets are then
 * dropped up to the next keyframe, whose segment is marked discontinuous.
 *
 * <p>The segment in flight goes to the sink as it grows, {@value #FLUSH_BYTES} bytes or more at a
 * time, up to the mark: only what a cut could still fall before is held, so a channel's memory is a
 * few tens of KiB, not a segment (at 1,000 channels a node would otherwise hold a gigabyte of
 * segments in flight, 0.6 MB a channel at 1 Mbit/s, far more at HD rates). A segment larger than
 * {@link RemuxOptions#maxSegmentBytes()} fails the remux, and so do keyframes that stop coming.
 */
final class Segmenter {
  private static final long NONE = Long.MIN_VALUE;
  private static final int SIZE = TsPacket.SIZE;

  /**
   * Bytes the segment in flight gathers before they go to the sink: a few writes a second per
   * channel at SD rates, the size of one write the page cache takes at once.
   */
  static final int FLUSH_BYTES = 32 * 1024;

  private final SegmentSink sink;
  private final SegmentBuffer buffer;
  private final CutSchedule schedule;
  private final long maxKeyframeTicks;
  private final long maxJumpTicks;
  private final long maxWaitBytes;
  private final int maxSegmentBytes;
  private final TimestampUnwrapper clock = new TimestampUnwrapper();
  private final OldTimelineFilter oldTimeline;
  private ProgramMap program;

  // The segment in flight.
  private boolean open;
  private boolean openDiscontinuous;
  private long startPts;
  private long endPts;
  // Bytes of it already handed to the sink (not in the buffer any more).
  private long handedOn;

  // The latest video PES start in the buffer: where it is, the tables and counters then, its PTS.
  private int mark = -1;
  private ProgramTables markTables;
  private int markPatCounter;
  private int markPmtCounter;
  private long markPts = NONE;

  // The video timeline since the last discontinuity.
  private long lastRawDts = NONE;
  private long lastDts = NONE;
  private long frameTicks;
  private long waitingSince = NONE;
  private long waitedBytes;

  private boolean started;
  private boolean nextDiscontinuous;
  private FailureReason failure;
  private RuntimeException failureCause;
  private long segments;
  private long discontinuities;
  private double finishedSeconds;

  Segmenter(RemuxOptions options, SegmentSink sink) {
    this.sink = sink;
    this.buffer = new SegmentBuffer(options.maxSegmentBytes());
    this.schedule =
        new CutSchedule(
            options.segmentSeconds(), options.firstSegmentSeconds(), options.shortSegments());
    this.maxKeyframeTicks = Timestamps.ticks(options.maxKeyframeSeconds());
    this.maxJumpTicks = Timestamps.ticks(options.maxJumpSeconds());
    this.oldTimeline = new OldTimelineFilter(maxJumpTicks);
    this.maxWaitBytes = options.checkBytes();
    this.maxSegmentBytes = options.maxSegmentBytes();
  }

  /** The packet at {@code offset}, with what the demuxer read from it. */
  void accept(byte[] bytes, int offset, PacketFacts facts, TsDemuxer demuxer) {
    if (failure != null || facts.stuffing || facts.malformed) {
      return;
    }
    program = demuxer.tables().program();
    if (facts.programChanged || facts.timeBaseDiscontinuity) {
      breakAt(buffer.length());
    }
    if (facts.videoStart) {
      if (!open) {
        buffer.clear(); // waiting for a keyframe: only this PES packet can still begin a segment
      }
      mark = buffer.length();
      markTables = demuxer.tables();
      markPatCounter = demuxer.lastCounter(TsPacket.PAT_PID);
      markPmtCounter = demuxer.lastCounter(markTables.pmtPid());
      markPts = NONE;
    }
    if (!open && started) {
      // Counted in bytes too: discontinuities one after the other (a PMT that flips) restart the
      // video clock of the wait each time.
      waitedBytes += SIZE;
      if (waitedBytes > maxWaitBytes) {
        fail(FailureReason.NO_KEYFRAME);
        return;
      }
    }
    if (!open && mark < 0) {
      return; // nothing a segment could begin with yet
    }
    if (facts.videoTimestamps) {
      oldTimeline.videoAt(facts.pts);
    }
    if (!oldTimeline.keep(bytes, offset, facts.pid)) {
      return;
    }
    if (handedOn + buffer.length() + SIZE > maxSegmentBytes
        || !buffer.append(bytes, offset, SIZE)) {
      fail(FailureReason.SEGMENT_TOO_LARGE);
      return;
    }
    if (facts.videoTimestamps) {
      timestamps(facts.pts, facts.dts);
    }
    if (failure == null && facts.keyframe && markPts != NONE) {
      keyframe();
    }
    if (failure == null) {
      checkKeyframesCome();
    }
    if (failure == null && open) {
      handOnSettled();
    }
  }

  /**
   * Hands the bytes before the mark to the sink once there are enough: a cut can only fall at the
   * mark or later, so they belong to the segment in flight whatever comes.
   */
  private void handOnSettled() {
    int settled = mark >= 0 ? mark : buffer.length();
    if (settled < FLUSH_BYTES) {
      return;
    }
    try {
      sink.write(buffer.view(settled));
    } catch (RuntimeException e) {
      failureCause = e;
      fail(FailureReason.OUTPUT_ERROR);
      return;
    }
    handedOn += settled;
    buffer.discardFront(settled);
    if (mark >= 0) {
      mark -= settled;
    }
  }

  /** The input ended: the segment in flight is complete as it is. */
  void finish() {
    if (failure == null && open) {
      emit(buffer.length(), endPts - startPts);
    }
    open = false;
    mark = -1;
    buffer.clear();
  }

  private void timestamps(long rawPts, long rawDts) {
    if (lastRawDts != NONE) {
      long step = Timestamps.delta(lastRawDts, rawDts);
      if (step < 0 || step > maxJumpTicks) {
        // This PES packet is the first of a new timeline.
        breakAt(mark >= 0 ? mark : buffer.length());
        if (failure != null) {
          return;
        }
        oldTimeline.videoAt(rawPts);
      }
    }
    long dts = clock.unwrap(rawDts);
    long pts = clock.unwrap(rawPts);
    if (lastDts != NONE && dts > lastDts) {
      frameTicks = dts - lastDts;
    }
    lastDts = dts;
    lastRawDts = rawDts;
    if (mark >= 0) {
      markPts = pts;
    }
    if (open) {
      endPts = Math.max(endPts, pts + frameTicks);
    } else if (waitingSince == NONE) {
      waitingSince = dts;
    }
  }

  private void keyframe() {
    if (!open) {
      begin(false);
    } else if (schedule.due(markPts)) {
      emit(mark, markPts - startPts);
      if (failure == null) {
        begin(true);
      }
    }
    mark = -1;
    markPts = NONE;
  }

  /** The segment begins at the mark: what came before it is gone, PAT and PMT go first. */
  private void begin(boolean afterCut) {
    byte[] header = PsiPackets.header(markTables, markPatCounter, markPmtCounter);
    if (!buffer.replaceFront(mark, header)) {
      fail(FailureReason.SEGMENT_TOO_LARGE);
      return;
    }
    if (afterCut) {
      schedule.cut();
      openDiscontinuous = false;
    } else {
      schedule.begin(markPts, !started);
      openDiscontinuous = nextDiscontinuous;
      nextDiscontinuous = false;
      started = true;
    }
    open = true;
    startPts = markPts;
    endPts = markPts + frameTicks;
    waitingSince = NONE;
    waitedBytes = 0;
    buffer.fit(FLUSH_BYTES);
  }

  /**
   * A discontinuity at {@code at} in the buffer: the segment in flight ends there, and the next one
   * begins at the next keyframe, on a new timeline.
   */
  private void breakAt(int at) {
    if (open) {
      emit(at, endPts - startPts);
      if (failure != null) {
        return;
      }
      open = false;
    }
    if (started && !nextDiscontinuous) {
      nextDiscontinuous = true;
      discontinuities++;
    }
    buffer.discardFront(at);
    mark = mark >= at ? mark - at : -1;
    if (mark < 0) {
      markPts = NONE;
    }
    oldTimeline.broke(program);
    clock.reset();
    lastRawDts = NONE;
    lastDts = NONE;
    waitingSince = NONE;
    buffer.fit(FLUSH_BYTES);
  }

  /**
   * Ends the segment in flight with bytes {@code [0, end)} of the buffer, as a segment of {@code
   * ticks}.
   */
  private void emit(int end, long ticks) {
    if (ticks <= 0) {
      // A segment of no duration (one frame of unknown length) is not worth a playlist line.
      dropHandedOn();
      return;
    }
    double seconds = Timestamps.seconds(ticks);
    oldTimeline.end();
    try {
      if (end > 0) {
        sink.write(buffer.view(end));
        handedOn += end;
      }
      sink.end(seconds, openDiscontinuous);
      handedOn = 0;
    } catch (RuntimeException e) {
      failureCause = e;
      fail(FailureReason.OUTPUT_ERROR);
      return;
    }
    segments++;
    finishedSeconds += seconds;
  }

  /** What the sink holds of a segment that will not be completed is thrown away. */
  private void dropHandedOn() {
    if (handedOn > 0) {
      handedOn = 0;
      try {
        sink.drop();
      } catch (RuntimeException e) {
        // Dropping is tidying up: whatever failed, the segment is never listed.
      }
    }
  }

  /** Keyframes that stop coming fail the remux rather than grow a segment without end. */
  private void checkKeyframesCome() {
    if (lastDts == NONE) {
      return;
    }
    long late =
        open
            ? schedule.overdue(lastDts, startPts)
            : waitingSince == NONE ? 0 : lastDts - waitingSince;
    if (late > maxKeyframeTicks) {
      fail(FailureReason.NO_KEYFRAME);
    }
  }

  private void fail(FailureReason reason) {
    failure = reason;
    abandon();
  }

  /** Nothing more will be cut: the segment in flight is dropped and its memory given back. */
  void abandon() {
    dropHandedOn();
    open = false;
    mark = -1;
    buffer.release();
  }

  FailureReason failure() {
    return failure;
  }

  /** What the sink threw, when the failure is {@link FailureReason#OUTPUT_ERROR}. */
  RuntimeException failureCause() {
    return failureCause;
  }

  long segments() {
    return segments;
  }

  long discontinuities() {
    return discontinuities;
  }

  /** Seconds of video in the segments so far and in the one in flight. */
  double mediaSeconds() {
    return finishedSeconds + (open ? Timestamps.seconds(endPts - startPts) : 0);
  }

  int bufferBytes() {
    return buffer.capacity();
  }
}
