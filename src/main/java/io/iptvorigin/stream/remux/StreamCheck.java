package io.iptvorigin.stream.remux;

import java.util.BitSet;

/**
 * Decides from the first packets of a stream whether the native path can take it ({@code remux:
 * auto}): a transport stream with one program, whose PMT lists exactly one video stream of a
 * supported codec and only supported audio, nothing of the program scrambled, and a video keyframe
 * within the budget (bytes, and seconds of video for long GOPs). Anything else is {@link
 * Outcome#UNSUPPORTED} with a {@link FailureReason}, and FFmpeg takes the channel.
 *
 * <p>After {@link Outcome#SUPPORTED} it keeps watching what can change mid-stream: a new PMT the
 * native path cannot take, or scrambling, turns the outcome to unsupported. A pure decision on
 * facts it is given; its memory is one bit per PID.
 */
final class StreamCheck {
  enum Outcome {
    PENDING,
    SUPPORTED,
    UNSUPPORTED
  }

  private final long budgetBytes;
  private final long notTsBytes;
  private final long budgetTicks;
  private final BitSet scrambled = new BitSet(8192);
  private final TimestampUnwrapper clock = new TimestampUnwrapper();
  private Outcome outcome = Outcome.PENDING;
  private FailureReason reason;
  private ProgramTables tables = ProgramTables.NONE;
  private long firstDts = Long.MIN_VALUE;

  /**
   * {@code budgetBytes}: input read before giving up waiting for tables or a keyframe; {@code
   * notTsBytes}: input read without one packet before calling it no transport stream; {@code
   * budgetSeconds}: video read without a keyframe (two long GOPs) before giving up.
   */
  StreamCheck(long budgetBytes, long notTsBytes, double budgetSeconds) {
    this.budgetBytes = budgetBytes;
    this.notTsBytes = notTsBytes;
    this.budgetTicks = Timestamps.ticks(budgetSeconds);
  }

  /** The input so far: bytes read and packets framed from them. */
  void input(long bytes, long packets) {
    if (outcome != Outcome.PENDING) {
      return;
    }
    if (packets == 0 && bytes >= notTsBytes) {
      decide(FailureReason.NOT_TS);
    } else if (bytes >= budgetBytes) {
      decide(missing());
    }
  }

  /** One packet: its facts, read with {@code tables} in force. */
  void packet(PacketFacts facts, ProgramTables tables) {
    if (outcome == Outcome.UNSUPPORTED || facts.stuffing || facts.malformed) {
      return;
    }
    this.tables = tables;
    if (facts.scrambled) {
      scrambled.set(facts.pid);
    }
    if (facts.programChanged || facts.scrambled) {
      FailureReason unsupported = unsupported();
      if (unsupported != null) {
        decide(unsupported);
        return;
      }
    }
    if (outcome != Outcome.PENDING) {
      return;
    }
    if (facts.videoTimestamps) {
      long dts = clock.unwrap(facts.dts);
      if (firstDts == Long.MIN_VALUE) {
        firstDts = dts;
      } else if (dts - firstDts > budgetTicks) {
        decide(FailureReason.NO_KEYFRAME);
        return;
      }
    }
    if (facts.keyframe && tables.program() != null) {
      outcome = Outcome.SUPPORTED;
    }
  }

  private FailureReason unsupported() {
    FailureReason structure = tables.unsupported();
    if (structure != null) {
      return structure;
    }
    ProgramMap program = tables.program();
    if (program != null) {
      for (int pid = scrambled.nextSetBit(0); pid >= 0; pid = scrambled.nextSetBit(pid + 1)) {
        if (program.carries(pid)) {
          return FailureReason.SCRAMBLED;
        }
      }
    }
    return null;
  }

  /** What the budget ran out waiting for. */
  private FailureReason missing() {
    if (tables.pat() == null) {
      return FailureReason.NO_PAT;
    }
    return tables.program() == null ? FailureReason.NO_PMT : FailureReason.NO_KEYFRAME;
  }

  private void decide(FailureReason why) {
    outcome = Outcome.UNSUPPORTED;
    reason = why;
  }

  Outcome outcome() {
    return outcome;
  }

  /** Why the stream is unsupported, or null. */
  FailureReason reason() {
    return reason;
  }
}
