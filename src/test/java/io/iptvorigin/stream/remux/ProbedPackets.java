package io.iptvorigin.stream.remux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.MediaTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packets of an MPEG-TS file as ffprobe demuxes them ({@code -show_packets -show_data_hash}),
 * per elementary stream: what a player's demuxer gets, whatever the transport packets around them.
 * Streams are named by type and order ({@code video0}, {@code audio0}, {@code audio1}), not by PID
 * or index, so two files that carry the same streams compare stream by stream.
 */
record ProbedPackets(Map<String, List<ProbedPackets.Packet>> streams) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One packet: its PTS (90 kHz), size in bytes and the CRC32 of its data. */
  record Packet(long pts, int size, String hash) {
    @Override
    public String toString() {
      return pts + "/" + size + "/" + hash;
    }
  }

  static ProbedPackets of(Path file) {
    MediaTools.Result probe =
        MediaTools.run(
            List.of(
                "ffprobe",
                "-v",
                "error",
                "-show_data_hash",
                "CRC32",
                "-show_entries",
                "stream=index,codec_type:packet=stream_index,pts,size,data_hash",
                "-of",
                "json",
                file.toString()));
    if (probe.exit() != 0) {
      throw new IllegalStateException("ffprobe " + file + ": " + probe.output());
    }
    JsonNode root;
    try {
      root = JSON.readTree(probe.output());
    } catch (IOException e) {
      throw new UncheckedIOException("ffprobe " + file + " printed no JSON", e);
    }
    Map<Integer, String> names = new HashMap<>();
    Map<String, Integer> perType = new HashMap<>();
    for (JsonNode stream : root.path("streams")) {
      String type = stream.path("codec_type").asText();
      int ordinal = perType.merge(type, 1, Integer::sum) - 1;
      names.put(stream.path("index").asInt(), type + ordinal);
    }
    Map<String, List<Packet>> streams = new LinkedHashMap<>();
    for (JsonNode packet : root.path("packets")) {
      if (!packet.has("pts")) {
        continue; // no PTS: nothing to place it in time by, and none in these streams
      }
      String name = names.getOrDefault(packet.path("stream_index").asInt(), "unknown");
      streams
          .computeIfAbsent(name, k -> new ArrayList<>())
          .add(
              new Packet(
                  packet.path("pts").asLong(),
                  packet.path("size").asInt(),
                  packet.path("data_hash").asText()));
    }
    return new ProbedPackets(streams);
  }

  /**
   * Where the packets of one stream differ between the two files over the PTS interval both hold
   * whole: empty when they are the same. A file's first and last packets are left out, as either
   * may be cut short where the recording or the first segment began or the last one ended.
   *
   * @param minimumTicks the overlap must be at least this long (90 kHz), or that is the difference
   */
  static String difference(List<Packet> expected, List<Packet> actual, long minimumTicks) {
    if (expected == null || actual == null || expected.size() < 3 || actual.size() < 3) {
      return "too few packets: " + size(expected) + " upstream, " + size(actual) + " native";
    }
    List<Packet> e = expected.subList(1, expected.size() - 1);
    List<Packet> a = actual.subList(1, actual.size() - 1);
    long from = Math.max(e.get(0).pts(), a.get(0).pts());
    long to = Math.min(e.get(e.size() - 1).pts(), a.get(a.size() - 1).pts());
    if (to - from < minimumTicks) {
      return "overlap "
          + (to - from) / 90_000.0
          + " s: upstream "
          + e.get(0).pts()
          + ".."
          + e.get(e.size() - 1).pts()
          + ", native "
          + a.get(0).pts()
          + ".."
          + a.get(a.size() - 1).pts();
    }
    List<Packet> inE = within(e, from, to);
    List<Packet> inA = within(a, from, to);
    for (int i = 0; i < Math.min(inE.size(), inA.size()); i++) {
      if (!inE.get(i).equals(inA.get(i))) {
        return "packet "
            + i
            + " of the overlap "
            + from
            + ".."
            + to
            + ": upstream "
            + inE.subList(i, Math.min(inE.size(), i + 3))
            + ", native "
            + inA.subList(i, Math.min(inA.size(), i + 3));
      }
    }
    if (inE.size() != inA.size()) {
      return "overlap "
          + from
          + ".."
          + to
          + ": "
          + inE.size()
          + " upstream packets, "
          + inA.size()
          + " native";
    }
    return "";
  }

  private static int size(List<Packet> packets) {
    return packets == null ? 0 : packets.size();
  }

  private static List<Packet> within(List<Packet> packets, long from, long to) {
    return packets.stream().filter(p -> p.pts() >= from && p.pts() <= to).toList();
  }
}
