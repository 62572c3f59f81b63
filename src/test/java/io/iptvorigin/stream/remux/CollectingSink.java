package io.iptvorigin.stream.remux;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps copies of the segments it is handed. */
class CollectingSink implements SegmentSink {
  record Segment(byte[] data, double seconds, boolean discontinuity) {
    List<byte[]> packets() {
      return Packets.of(data);
    }
  }

  final List<Segment> segments = new ArrayList<>();
  private final ByteArrayOutputStream inFlight = new ByteArrayOutputStream();
  int writes;
  int drops;

  @Override
  public void write(ByteBuffer data) {
    byte[] copy = new byte[data.remaining()];
    data.get(copy);
    inFlight.writeBytes(copy);
    writes++;
  }

  @Override
  public void end(double durationSeconds, boolean discontinuity) {
    segments.add(new Segment(inFlight.toByteArray(), durationSeconds, discontinuity));
    inFlight.reset();
  }

  @Override
  public void drop() {
    inFlight.reset();
    drops++;
  }

  /** Bytes written of a segment not yet ended. */
  int inFlightBytes() {
    return inFlight.size();
  }

  List<Double> durations() {
    return segments.stream().map(Segment::seconds).toList();
  }

  List<Boolean> discontinuities() {
    return segments.stream().map(Segment::discontinuity).toList();
  }
}
