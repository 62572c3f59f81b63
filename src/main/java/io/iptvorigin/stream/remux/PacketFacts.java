package io.iptvorigin.stream.remux;

/**
 * What {@link TsDemuxer} learnt from one packet, for the check and the segmenter. One instance is
 * filled again for every packet (no allocation per packet); its values hold until the next.
 */
final class PacketFacts {
  /** The packet's PID (-1 when it could not be read). */
  int pid;

  /** A null packet: stuffing, not part of any output. */
  boolean stuffing;

  /** The packet could not be read (malformed header): dropped. */
  boolean malformed;

  /** The packet's payload is encrypted. */
  boolean scrambled;

  /** The PAT or PMT in force changed with this packet (including the first PMT). */
  boolean programChanged;

  /** A discontinuity_indicator on the PCR or video PID: a new time base from this packet on. */
  boolean timeBaseDiscontinuity;

  /** This packet starts a video PES packet: a place where a segment could begin. */
  boolean videoStart;

  /** The current video PES packet's timestamps were read with this packet. */
  boolean videoTimestamps;

  long pts;
  long dts;

  /** The current video PES packet was found, with this packet, to hold a keyframe. */
  boolean keyframe;

  ContinuityCounters.Verdict continuity;

  void clear() {
    pid = -1;
    stuffing = false;
    malformed = false;
    scrambled = false;
    programChanged = false;
    timeBaseDiscontinuity = false;
    videoStart = false;
    videoTimestamps = false;
    keyframe = false;
    pts = PesHeaderReader.NO_TIMESTAMP;
    dts = PesHeaderReader.NO_TIMESTAMP;
    continuity = null;
  }
}
