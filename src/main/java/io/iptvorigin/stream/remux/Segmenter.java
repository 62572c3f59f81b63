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
 * dropped up to the next keyframe, whose segment is marked discontinuous. Memory is the segment in
 * flight, up to {@link RemuxOptions#maxSegmentBytes()}; keyframes that stop coming fail the remux
 * instead of growing it.
 */
final class Segmenter {
  private static final long NONE = Long.MIN_VALUE;
  private static final int SIZE = TsPacket.SIZE;

  private final SegmentSink sink;
  private final SegmentBuffer buffer;
  private final CutSchedule schedule;
  private final long maxKeyframeTicks;
  private final long maxJumpTicks;
  private final long maxWaitBytes;
  private final TimestampUnwrapper clock = new TimestampUnwrapper();
  private final OldTimelineFilter oldTimeline;
  private ProgramMap program;

  // The segment in flight.
  private boolean open;
  private boolean openDiscontinuous;
  private long startPts;
  private long endPts;

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
  private int lastSegmentBytes;

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
    if (!buffer.append(bytes, offset, SIZE)) {
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
    buffer.fit(lastSegmentBytes);
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
    buffer.fit(lastSegmentBytes);
  }

  /** Hands bytes {@code [0, end)} of the buffer to the sink as a segment of {@code ticks}. */
  private void emit(int end, long ticks) {
    if (ticks <= 0) {
      return; // a segment of no duration (one frame of unknown length) is not worth a playlist line
    }
    double seconds = Timestamps.seconds(ticks);
    oldTimeline.end();
    try {
      sink.segment(buffer.view(end), seconds, openDiscontinuous);
    } catch (RuntimeException e) {
      failureCause = e;
      fail(FailureReason.OUTPUT_ERROR);
      return;
    }
    segments++;
    finishedSeconds += seconds;
    lastSegmentBytes = end;
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
