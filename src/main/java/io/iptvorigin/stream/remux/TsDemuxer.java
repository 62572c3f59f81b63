package io.iptvorigin.stream.remux;

import java.util.Arrays;

/**
 * Reads each transport packet for what checking and segmenting a stream need, and nothing more: the
 * PAT and the PMT of its program, the continuity of every PID, and on the video PID where each PES
 * packet starts, its timestamps and whether it holds a keyframe. Audio, subtitles and data are not
 * parsed; they are passed through by the segmenter as they are.
 *
 * <p>Damaged input is read around, never trusted: packets with the transport_error_indicator,
 * scrambled or repeated packets are not parsed, and a gap in the continuity counters drops the
 * section or PES packet that was being read.
 */
final class TsDemuxer {
  private final TsPacket packet = new TsPacket();
  private final PacketFacts facts = new PacketFacts();
  private final ContinuityCounters continuity = new ContinuityCounters();
  private final SectionAssembler patSections = new SectionAssembler();
  private final SectionAssembler pmtSections = new SectionAssembler();
  private final PesHeaderReader videoHeader = new PesHeaderReader();
  private ProgramTables tables = ProgramTables.NONE;
  private int videoPid = -1;
  private KeyframeDetector keyframes;
  private boolean videoReadable;
  private boolean videoTimed;
  private long continuityGaps;
  private long malformedPackets;
  private long damagedPackets;

  /** Reads the packet at {@code offset}; the facts hold until the next call. */
  PacketFacts read(byte[] bytes, int offset) {
    facts.clear();
    if (!packet.load(bytes, offset)) {
      malformedPackets++;
      facts.malformed = true;
      return facts;
    }
    int pid = packet.pid();
    facts.pid = pid;
    if (pid == TsPacket.NULL_PID) {
      facts.stuffing = true;
      return facts;
    }
    ContinuityCounters.Verdict verdict = continuity.check(packet);
    facts.continuity = verdict;
    if (verdict == ContinuityCounters.Verdict.GAP) {
      continuityGaps++;
    }
    // Only on the PCR PID does the indicator mean a new time base (§2.4.3.5); elsewhere it only
    // excuses a counter jump.
    if (packet.discontinuity() && tables.program() != null && pid == tables.program().pcrPid()) {
      facts.timeBaseDiscontinuity = true;
    }
    if (packet.transportError() || packet.scrambled()) {
      facts.scrambled = packet.scrambled();
      damagedPackets += packet.transportError() ? 1 : 0;
      if (pid == videoPid) {
        videoReadable = false;
      }
      return facts;
    }
    if (verdict == ContinuityCounters.Verdict.DUPLICATE || !packet.hasPayload()) {
      return facts;
    }
    boolean continuous = verdict == ContinuityCounters.Verdict.NEXT;
    if (pid == TsPacket.PAT_PID) {
      patSections.packet(
          bytes,
          packet.payloadOffset(),
          packet.payloadLength(),
          packet.unitStart(),
          continuous,
          this::onPat);
    } else if (pid == tables.pmtPid()) {
      pmtSections.packet(
          bytes,
          packet.payloadOffset(),
          packet.payloadLength(),
          packet.unitStart(),
          continuous,
          this::onPmt);
    } else if (pid == videoPid) {
      video(bytes, continuous);
    }
    return facts;
  }

  private void onPat(byte[] section, int length) {
    if (same(tables.patSection(), section, length)) {
      return;
    }
    ProgramAssociation pat = ProgramAssociation.parse(section, length);
    if (pat == null) {
      return;
    }
    byte[] copy = Arrays.copyOf(section, length);
    ProgramAssociation.Program program = pat.program();
    ProgramMap current = tables.program();
    if (program != null
        && current != null
        && program.pmtPid() == tables.pmtPid()
        && program.number() == current.programNumber()) {
      // A new PAT that leaves our program where it was: the program goes on.
      tables = new ProgramTables(copy, pat, tables.pmtPid(), tables.pmtSection(), current);
      return;
    }
    tables = new ProgramTables(copy, pat, program == null ? -1 : program.pmtPid(), null, null);
    pmtSections.reset();
    useVideo(null);
    facts.programChanged = true;
  }

  private void onPmt(byte[] section, int length) {
    ProgramAssociation.Program program = tables.pat() == null ? null : tables.pat().program();
    if (program == null || same(tables.pmtSection(), section, length)) {
      return;
    }
    ProgramMap map = ProgramMap.parse(section, length);
    if (map == null || map.programNumber() != program.number()) {
      return;
    }
    tables =
        new ProgramTables(
            tables.patSection(),
            tables.pat(),
            tables.pmtPid(),
            Arrays.copyOf(section, length),
            map);
    useVideo(map.video());
    facts.programChanged = true;
  }

  private void useVideo(ElementaryStream video) {
    boolean readable = video != null && video.codec().supported();
    videoPid = readable ? video.pid() : -1;
    keyframes = readable ? KeyframeDetector.of(video.codec()) : null;
    videoReadable = false;
  }

  private void video(byte[] bytes, boolean continuous) {
    int at = packet.payloadOffset();
    int end = at + packet.payloadLength();
    if (packet.unitStart()) {
      videoHeader.start();
      keyframes.reset();
      videoReadable = true;
      videoTimed = false;
      facts.videoStart = true;
    } else if (!continuous) {
      videoReadable = false; // packets of this PES were lost: what follows cannot be trusted
    }
    if (!videoReadable) {
      return;
    }
    int data = videoHeader.feed(bytes, at, end - at);
    switch (videoHeader.state()) {
      case INVALID -> videoReadable = false;
      case PAYLOAD -> videoData(bytes, data, end);
      case HEADER -> {}
    }
  }

  private void videoData(byte[] bytes, int from, int to) {
    if (!videoTimed) {
      videoTimed = true;
      if (videoHeader.pts() != PesHeaderReader.NO_TIMESTAMP) {
        facts.videoTimestamps = true;
        facts.pts = videoHeader.pts();
        facts.dts = videoHeader.dts();
      }
    }
    if (keyframes.verdict() == KeyframeDetector.Verdict.UNDECIDED) {
      keyframes.feed(bytes, from, to - from);
      facts.keyframe = keyframes.verdict() == KeyframeDetector.Verdict.KEYFRAME;
    }
  }

  private static boolean same(byte[] known, byte[] section, int length) {
    return known != null && Arrays.equals(known, 0, known.length, section, 0, length);
  }

  /** The tables in force. */
  ProgramTables tables() {
    return tables;
  }

  /** The last continuity counter seen on {@code pid}, or -1. */
  int lastCounter(int pid) {
    return continuity.last(pid);
  }

  long continuityGaps() {
    return continuityGaps;
  }

  /** PSI sections dropped for a bad CRC. */
  long sectionErrors() {
    return patSections.crcErrors() + pmtSections.crcErrors();
  }

  /** Packets whose header could not be read. */
  long malformedPackets() {
    return malformedPackets;
  }

  /** Packets with the transport_error_indicator. */
  long damagedPackets() {
    return damagedPackets;
  }
}
