package io.iptvorigin.stream.remux;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds transport streams for the tests, written independently of the code under test: packets
 * with adaptation fields, PAT and PMT sections with their CRC, PES packets with PTS and DTS, and
 * the H.264, HEVC, MPEG-2 video and AAC ADTS payloads in them. Continuity counters are kept per PID
 * unless a packet is given its own.
 */
final class TsBuilder {
  static final int PMT_PID = 0x1000;
  static final int VIDEO_PID = 0x100;
  static final int AUDIO_PID = 0x101;
  static final int VIDEO_STREAM_ID = 0xE0;
  static final int AUDIO_STREAM_ID = 0xC0;

  /** A PMT entry. */
  record Stream(int type, int pid, byte[] descriptors) {
    Stream(int type, int pid) {
      this(type, pid, new byte[0]);
    }
  }

  /** Adaptation field contents; {@code pcr} in 27 MHz ticks or -1. */
  record Adaptation(boolean discontinuity, boolean randomAccess, long pcr) {
    static final Adaptation NONE = new Adaptation(false, false, -1);
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final int[] counters = new int[8192];

  byte[] bytes() {
    return out.toByteArray();
  }

  int size() {
    return out.size();
  }

  TsBuilder raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  /** The next counter of {@code pid} (for a packet with payload). */
  int nextCounter(int pid) {
    int cc = counters[pid];
    counters[pid] = (cc + 1) & 0x0F;
    return cc;
  }

  TsBuilder nullPacket() {
    return raw(packet(TsPacket.NULL_PID, false, 0, null, new byte[0]));
  }

  /** PAT for program 1 on {@link #PMT_PID}, and the PMT with H.264 video and AAC audio. */
  TsBuilder tables() {
    return pat(0, 1, PMT_PID).pmt(0, VIDEO_PID, new Stream(0x1B, VIDEO_PID), aac());
  }

  static Stream aac() {
    return new Stream(0x0F, AUDIO_PID);
  }

  /** A PAT with the given program number and PMT PID pairs. */
  TsBuilder pat(int version, int... programsAndPids) {
    return section(0, patSection(1, version, programsAndPids));
  }

  TsBuilder pmt(int version, int pcrPid, Stream... streams) {
    return section(PMT_PID, pmtSection(1, version, pcrPid, streams));
  }

  /** A section in as many packets as it needs, the last padded with 0xFF. */
  TsBuilder section(int pid, byte[] section) {
    byte[] payload = new byte[section.length + 1];
    System.arraycopy(section, 0, payload, 1, section.length);
    for (int at = 0; at < payload.length; at += 184) {
      byte[] chunk = Arrays.copyOfRange(payload, at, Math.min(payload.length, at + 184));
      byte[] padded = Arrays.copyOf(chunk, 184);
      Arrays.fill(padded, chunk.length, 184, (byte) 0xFF);
      raw(packet(pid, at == 0, nextCounter(pid), null, padded));
    }
    return this;
  }

  /**
   * A PES packet on {@code pid} split into packets, the first with {@code first} as adaptation
   * field (or none), the last filled with adaptation field stuffing, as muxers do.
   */
  TsBuilder pes(int pid, byte[] pes, Adaptation first) {
    int at = 0;
    boolean start = true;
    while (at < pes.length) {
      Adaptation adaptation = start ? first : null;
      int room = 184 - adaptationLength(adaptation);
      int n = Math.min(room, pes.length - at);
      byte[] payload = Arrays.copyOfRange(pes, at, at + n);
      raw(packet(pid, start, nextCounter(pid), adaptation, payload));
      at += n;
      start = false;
    }
    return this;
  }

  /** One H.264 access unit in a PES packet: IDR (with PCR and random access flag) or not. */
  TsBuilder h264Frame(long pts, long dts, boolean idr) {
    byte[] au = h264(idr, idr ? 2000 : 500);
    Adaptation first = new Adaptation(false, idr, dts * 300);
    return pes(VIDEO_PID, pesPacket(VIDEO_STREAM_ID, pts, dts, au), first);
  }

  /** One AAC frame (ADTS) in a PES packet on {@link #AUDIO_PID}. */
  TsBuilder aacFrame(long pts) {
    return pes(AUDIO_PID, pesPacket(AUDIO_STREAM_ID, pts, -1, adts(200)), null);
  }

  // ---- Packets and sections

  static int adaptationLength(Adaptation adaptation) {
    if (adaptation == null) {
      return 0;
    }
    return 2 + (adaptation.pcr() >= 0 ? 6 : 0);
  }

  /**
   * One packet. A payload shorter than the room left is preceded by adaptation field stuffing, so
   * the packet is 188 bytes; an empty payload makes an adaptation-field-only packet.
   */
  static byte[] packet(int pid, boolean unitStart, int cc, Adaptation adaptation, byte[] payload) {
    byte[] p = new byte[188];
    p[0] = 0x47;
    p[1] = (byte) ((unitStart ? 0x40 : 0) | (pid >> 8));
    p[2] = (byte) pid;
    int room = 184 - adaptationLength(adaptation);
    boolean needsField = adaptation != null || payload.length < 184;
    int control = (payload.length > 0 ? 1 : 0) | (needsField ? 2 : 0);
    p[3] = (byte) ((control << 4) | (cc & 0x0F));
    int at = 4;
    if (needsField) {
      int fieldLength = 183 - payload.length;
      p[at] = (byte) fieldLength;
      if (fieldLength > 0) {
        Adaptation a = adaptation == null ? Adaptation.NONE : adaptation;
        int flags =
            (a.discontinuity() ? 0x80 : 0)
                | (a.randomAccess() ? 0x40 : 0)
                | (a.pcr() >= 0 ? 0x10 : 0);
        p[at + 1] = (byte) flags;
        int field = at + 2;
        if (a.pcr() >= 0) {
          long base = a.pcr() / 300 % (1L << 33);
          int ext = (int) (a.pcr() % 300);
          p[field] = (byte) (base >> 25);
          p[field + 1] = (byte) (base >> 17);
          p[field + 2] = (byte) (base >> 9);
          p[field + 3] = (byte) (base >> 1);
          p[field + 4] = (byte) (((base & 1) << 7) | 0x7E | (ext >> 8));
          p[field + 5] = (byte) ext;
          field += 6;
        }
        Arrays.fill(p, field, at + 1 + fieldLength, (byte) 0xFF);
      }
      at += 1 + fieldLength;
    } else if (payload.length > room) {
      throw new IllegalArgumentException("payload too long");
    }
    System.arraycopy(payload, 0, p, at, payload.length);
    return p;
  }

  /** A packet with the given adaptation field and no payload. */
  static byte[] adaptationOnly(int pid, int cc, Adaptation adaptation) {
    return packet(pid, false, cc, adaptation, new byte[0]);
  }

  static byte[] patSection(int transportStreamId, int version, int... programsAndPids) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < programsAndPids.length; i += 2) {
      body.write(programsAndPids[i] >> 8);
      body.write(programsAndPids[i]);
      body.write(0xE0 | (programsAndPids[i + 1] >> 8));
      body.write(programsAndPids[i + 1]);
    }
    return longSection(0x00, transportStreamId, version, 0, 0, body.toByteArray());
  }

  static byte[] pmtSection(int program, int version, int pcrPid, Stream... streams) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0xE0 | (pcrPid >> 8));
    body.write(pcrPid);
    body.write(0xF0);
    body.write(0x00);
    for (Stream s : streams) {
      body.write(s.type());
      body.write(0xE0 | (s.pid() >> 8));
      body.write(s.pid());
      body.write(0xF0 | (s.descriptors().length >> 8));
      body.write(s.descriptors().length);
      body.writeBytes(s.descriptors());
    }
    return longSection(0x02, program, version, 0, 0, body.toByteArray());
  }

  /** A section with the long header (syntax indicator 1, current) and its CRC. */
  static byte[] longSection(
      int tableId, int idExtension, int version, int number, int lastNumber, byte[] body) {
    int sectionLength = 5 + body.length + 4;
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.write(tableId);
    s.write(0xB0 | (sectionLength >> 8));
    s.write(sectionLength);
    s.write(idExtension >> 8);
    s.write(idExtension);
    s.write(0xC0 | (version << 1) | 1);
    s.write(number);
    s.write(lastNumber);
    s.writeBytes(body);
    return withCrc(s.toByteArray());
  }

  /** Appends the CRC-32/MPEG-2 of {@code section}, computed bit by bit (not with the table). */
  static byte[] withCrc(byte[] section) {
    int crc = 0xFFFFFFFF;
    for (byte b : section) {
      for (int bit = 7; bit >= 0; bit--) {
        boolean top = ((crc >>> 31) ^ ((b >> bit) & 1)) != 0;
        crc <<= 1;
        if (top) {
          crc ^= 0x04C11DB7;
        }
      }
    }
    byte[] out = Arrays.copyOf(section, section.length + 4);
    out[section.length] = (byte) (crc >>> 24);
    out[section.length + 1] = (byte) (crc >>> 16);
    out[section.length + 2] = (byte) (crc >>> 8);
    out[section.length + 3] = (byte) crc;
    return out;
  }

  static byte[] descriptor(int tag, byte... body) {
    byte[] d = new byte[2 + body.length];
    d[0] = (byte) tag;
    d[1] = (byte) body.length;
    System.arraycopy(body, 0, d, 2, body.length);
    return d;
  }

  // ---- PES

  /** A PES packet; {@code dts} -1 for PTS only, {@code pts} -1 for neither. */
  static byte[] pesPacket(int streamId, long pts, long dts, byte[] data) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.write(0);
    h.write(0);
    h.write(1);
    h.write(streamId);
    int flags = pts < 0 ? 0 : dts < 0 ? 2 : 3;
    int headerData = flags == 3 ? 10 : flags == 2 ? 5 : 0;
    int length = streamId >= 0xE0 && streamId <= 0xEF ? 0 : 3 + headerData + data.length;
    h.write(length >> 8);
    h.write(length);
    h.write(0x80);
    h.write(flags << 6);
    h.write(headerData);
    if (flags >= 2) {
      h.writeBytes(timestamp(flags == 3 ? 3 : 2, pts));
    }
    if (flags == 3) {
      h.writeBytes(timestamp(1, dts));
    }
    h.writeBytes(data);
    return h.toByteArray();
  }

  static byte[] timestamp(int prefix, long ts) {
    return new byte[] {
      (byte) ((prefix << 4) | (((ts >> 30) & 0x07) << 1) | 1),
      (byte) (ts >> 22),
      (byte) ((((ts >> 15) & 0x7F) << 1) | 1),
      (byte) (ts >> 7),
      (byte) (((ts & 0x7F) << 1) | 1)
    };
  }

  // ---- Elementary streams

  /** Filler without zero bytes, so it can never look like a start code. */
  static byte[] filler(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (0x11 + (i % 0xE0));
    }
    return b;
  }

  static byte[] nal(int startCodeZeros, byte[] header, byte[] body) {
    byte[] n = new byte[startCodeZeros + 1 + header.length + body.length];
    n[startCodeZeros] = 1;
    System.arraycopy(header, 0, n, startCodeZeros + 1, header.length);
    System.arraycopy(body, 0, n, startCodeZeros + 1 + header.length, body.length);
    return n;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  /**
   * An H.264 access unit as x264 writes one: delimiter; for an IDR, SPS, PPS and a long SEI (so the
   * slice begins packets after the PES does); then the slice, IDR (type 5) or not (type 1).
   */
  static byte[] h264(boolean idr, int sliceBytes) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(nal(3, new byte[] {0x09}, new byte[] {(byte) 0xF0}));
    if (idr) {
      parts.add(nal(3, new byte[] {0x67}, filler(20)));
      parts.add(nal(3, new byte[] {0x68}, filler(4)));
      parts.add(nal(2, new byte[] {0x06}, filler(600)));
    }
    parts.add(nal(2, new byte[] {(byte) (idr ? 0x65 : 0x41)}, filler(sliceBytes)));
    return concat(parts.toArray(new byte[0][]));
  }

  /**
   * An HEVC access unit: delimiter, parameter sets for IRAP types, then a slice of {@code type}.
   */
  static byte[] hevc(int type, int sliceBytes) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(nal(3, new byte[] {(byte) (35 << 1), 0x01}, new byte[] {0x50}));
    if (type >= 16 && type <= 21) {
      parts.add(nal(3, new byte[] {(byte) (32 << 1), 0x01}, filler(24)));
      parts.add(nal(3, new byte[] {(byte) (33 << 1), 0x01}, filler(40)));
      parts.add(nal(3, new byte[] {(byte) (34 << 1), 0x01}, filler(8)));
      parts.add(nal(3, new byte[] {(byte) (39 << 1), 0x01}, filler(300)));
    }
    parts.add(nal(2, new byte[] {(byte) (type << 1), 0x01}, filler(sliceBytes)));
    return concat(parts.toArray(new byte[0][]));
  }

  /**
   * An MPEG-2 video picture: a sequence header and GOP header first if asked, then the picture
   * header with {@code codingType} (1 I, 2 P, 3 B) and a slice.
   */
  static byte[] mpeg2(boolean sequenceHeader, int codingType, int sliceBytes) {
    List<byte[]> parts = new ArrayList<>();
    if (sequenceHeader) {
      // 720x576, 4:3, 25 Hz
      parts.add(nal(2, new byte[] {(byte) 0xB3}, new byte[] {0x2D, 0x02, 0x40, 0x23, 0x11, 0x11}));
      parts.add(nal(2, new byte[] {(byte) 0xB8}, new byte[] {0x08, 0x40, 0x20, 0x40}));
    }
    // temporal_reference 0, then picture_coding_type in bits 5..3 of the second byte
    parts.add(
        nal(
            2,
            new byte[] {0x00},
            new byte[] {0x00, (byte) ((codingType << 3) | 0x07), (byte) 0xF8}));
    parts.add(nal(2, new byte[] {0x01}, filler(sliceBytes)));
    return concat(parts.toArray(new byte[0][]));
  }

  /** An AAC ADTS frame (48 kHz, stereo, LC) with {@code payload} bytes of raw data. */
  static byte[] adts(int payload) {
    int length = 7 + payload;
    byte[] f = new byte[length];
    f[0] = (byte) 0xFF;
    f[1] = (byte) 0xF1; // MPEG-4, layer 0, no CRC
    f[2] = (byte) ((1 << 6) | (3 << 2)); // LC, 48 kHz, channel config high bit 0
    f[3] = (byte) ((2 << 6) | ((length >> 11) & 0x03)); // stereo
    f[4] = (byte) (length >> 3);
    f[5] = (byte) (((length & 0x07) << 5) | 0x1F);
    f[6] = (byte) 0xFC;
    System.arraycopy(filler(payload), 0, f, 7, payload);
    return f;
  }

  /** Text that is not a transport stream: an HTML error page as upstreams send. */
  static byte[] html(int size) {
    String page = "<html><body>403 Forbidden</body></html>\n";
    StringBuilder b = new StringBuilder();
    while (b.length() < size) {
      b.append(page);
    }
    return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }
}
