package io.iptvorigin.stream.remux;

import java.util.Locale;

/** One stream of a program as its PMT lists it. */
record ElementaryStream(int pid, int streamType, Codec codec) {
  /** For logs: {@code h264@0x100}, {@code data(0x86)@0x1f0}. */
  @Override
  public String toString() {
    String name = codec.name().toLowerCase(Locale.ROOT);
    if (codec == Codec.DATA || !codec.supported()) {
      name += String.format("(0x%02x)", streamType);
    }
    return name + String.format("@0x%x", pid);
  }
}
