package io.iptvorigin.stream.remux;

/**
 * A synthetic channel for the tests: 25 fps H.264 with a keyframe every {@code gop} frames and AAC
 * audio (1920 ticks a frame, 48 kHz) interleaved as a muxer would, with PAT and PMT every ten
 * frames. Video PTS run one frame ahead of DTS. Frames are appended on demand, so a test can insert
 * what it is about between them (a jump, garbage, a new PMT).
 */
final class TestStream {
  static final long FRAME = 3600;
  static final long AUDIO_FRAME = 1920;
  static final long START = 126_000;

  final TsBuilder ts = new TsBuilder();
  private final int gop;
  private long dts;
  private long audioPts;
  private int frame;
  private int pmtVersion;
  private TsBuilder.Stream[] streams = {
    new TsBuilder.Stream(0x1B, TsBuilder.VIDEO_PID), TsBuilder.aac()
  };

  TestStream(int gop) {
    this(gop, START);
  }

  TestStream(int gop, long start) {
    this.gop = gop;
    this.dts = start;
    this.audioPts = start;
  }

  /** Appends {@code n} frames of video with the audio that goes with them. */
  TestStream frames(int n) {
    for (int i = 0; i < n; i++) {
      if (frame % 10 == 0) {
        tables();
      }
      long raw = Math.floorMod(dts, Timestamps.WRAP);
      ts.h264Frame(Math.floorMod(raw + FRAME, Timestamps.WRAP), raw, frame % gop == 0);
      while (audioPts <= dts + FRAME) {
        ts.aacFrame(Math.floorMod(audioPts, Timestamps.WRAP));
        audioPts += AUDIO_FRAME;
      }
      dts += FRAME;
      frame++;
    }
    return this;
  }

  /** Writes the PAT and the PMT now. */
  TestStream tables() {
    ts.pat(0, 1, TsBuilder.PMT_PID).pmt(pmtVersion, TsBuilder.VIDEO_PID, streams);
    return this;
  }

  /** From now on the PMT is version {@code version} with {@code streams} (video first). */
  TestStream program(int version, TsBuilder.Stream... streams) {
    this.pmtVersion = version;
    this.streams = streams;
    return this;
  }

  /** Moves every later timestamp by {@code ticks}, as an upstream splice does. */
  TestStream jump(long ticks) {
    dts += ticks;
    audioPts += ticks;
    return this;
  }

  /** The next frame is frame 0 of a GOP (a keyframe). */
  TestStream newGop() {
    frame = 0;
    return this;
  }

  /** The PTS of the next video frame (unwrapped). */
  long nextPts() {
    return dts + FRAME;
  }

  byte[] bytes() {
    return ts.bytes();
  }
}
