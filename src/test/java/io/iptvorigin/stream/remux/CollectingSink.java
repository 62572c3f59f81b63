package io.iptvorigin.stream.remux;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps copies of the segments it is handed. */
final class CollectingSink implements SegmentSink {
  record Segment(byte[] data, double seconds, boolean discontinuity) {
    List<byte[]> packets() {
      return Packets.of(data);
    }
  }

  final List<Segment> segments = new ArrayList<>();

  @Override
  public void segment(ByteBuffer data, double durationSeconds, boolean discontinuity) {
    byte[] copy = new byte[data.remaining()];
    data.get(copy);
    segments.add(new Segment(copy, durationSeconds, discontinuity));
  }

  List<Double> durations() {
    return segments.stream().map(Segment::seconds).toList();
  }

  List<Boolean> discontinuities() {
    return segments.stream().map(Segment::discontinuity).toList();
  }
}
