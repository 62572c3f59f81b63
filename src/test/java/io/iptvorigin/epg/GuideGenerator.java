package io.iptvorigin.epg;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A synthetic XMLTV guide, streamed to an OutputStream: {@code channels} channels ({@link
 * #channelId}) of back-to-back programmes of {@code programmeMinutes} over {@code days} days from
 * {@code from}. What each programme says is a function of its channel and start ({@link #title},
 * {@link #description}, {@link #icon}), so a test can check a round trip without keeping the guide.
 * Features that real guides have, and that readers trip over, can be switched on: several time
 * zones, missing stops, entity and character references, CDATA, elements to be skipped (credits,
 * episode numbers, ratings), channels nobody maps, programmes interleaved across channels.
 */
public final class GuideGenerator {
  /** Titles: every kind of character the reader and writer must carry through. */
  private static final String[] TITLES = {
    "News & Weather", "Café Crème", "Ünïcødé 東京 ☺", "Quotes \"double\" 'single' <angle>", "Plain"
  };

  private final Builder b;

  private GuideGenerator(Builder b) {
    this.b = b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings; every feature is off by default but the basic guide. */
  public static final class Builder {
    private int channels = 3;
    private int days = 1;
    private int programmeMinutes = 30;
    private long from = XmltvTime.parse("20240101000000");
    private String[] zones = {"+0000"};
    private boolean missingStops;
    private boolean entities;
    private boolean cdata;
    private boolean skippables;
    private int unmappedChannels;
    private boolean interleaved;

    public Builder channels(int n) {
      channels = n;
      return this;
    }

    public Builder days(int n) {
      days = n;
      return this;
    }

    public Builder programmeMinutes(int minutes) {
      programmeMinutes = minutes;
      return this;
    }

    /** The first programme's start, epoch seconds. */
    public Builder from(long epochSecond) {
      from = epochSecond;
      return this;
    }

    /** Channel i's times are written in zones[i % n]: "+0100", "-0500", "" (none), "+0530". */
    public Builder zones(String... zones) {
      this.zones = zones.clone();
      return this;
    }

    /** Every seventh programme without a stop. */
    public Builder missingStops(boolean on) {
      missingStops = on;
      return this;
    }

    /** Non-ASCII and quotes written as references (&#233; &#x263A; &quot;). */
    public Builder entities(boolean on) {
      entities = on;
      return this;
    }

    /** Descriptions in CDATA sections, their & and < left raw. */
    public Builder cdata(boolean on) {
      cdata = on;
      return this;
    }

    /** Credits, a date, an episode number and a rating in every programme. */
    public Builder skippables(boolean on) {
      skippables = on;
      return this;
    }

    /** Further channels ({@link #unmappedChannelId}) with programmes that nobody wants. */
    public Builder unmappedChannels(int n) {
      unmappedChannels = n;
      return this;
    }

    /** Programmes in time order across channels instead of channel by channel. */
    public Builder interleaved(boolean on) {
      interleaved = on;
      return this;
    }

    /** Every feature on, in the four zones. */
    public Builder everything() {
      return zones("+0100", "-0500", "", "+0530")
          .missingStops(true)
          .entities(true)
          .cdata(true)
          .skippables(true)
          .unmappedChannels(2);
    }

    public GuideGenerator build() {
      return new GuideGenerator(this);
    }
  }

  public static String channelId(int n) {
    return "ch" + n + ".test";
  }

  public static String unmappedChannelId(int n) {
    return "extra" + n + ".test";
  }

  /** The wanted channels' ids: {@link #channelId} 0 to channels - 1. */
  public List<String> channelIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < b.channels; i++) {
      ids.add(channelId(i));
    }
    return ids;
  }

  public int programmesPerChannel() {
    return b.days * 24 * 60 / b.programmeMinutes;
  }

  public long start(int slot) {
    return b.from + slot * 60L * b.programmeMinutes;
  }

  /** The stop written for a slot: 0 for those left without one. */
  public long writtenStop(int slot) {
    return b.missingStops && slot % 7 == 3 ? 0 : start(slot + 1);
  }

  public static String title(String channel, long start) {
    return TITLES[variant(channel, start)] + " " + channel + " " + start % 100_000;
  }

  /** The description, or null for the programmes without one (every fifth). */
  public static String description(String channel, long start) {
    if (Math.floorMod(start / 60, 5) == 4) {
      return null;
    }
    return "About " + title(channel, start) + ": fish & chips <served> \"hot\"\nSecond line.";
  }

  /** The icon, or null for the programmes without one (two in three). */
  public static String icon(String channel, long start) {
    return Math.floorMod(start / 60, 3) == 0 ? "http://img.test/" + channel + "/" + start : null;
  }

  private static int variant(String channel, long start) {
    return Math.floorMod(channel.hashCode() * 31 + Long.hashCode(start / 60), TITLES.length);
  }

  /** Writes the whole guide; {@code out} is flushed, not closed. */
  public void write(OutputStream out) throws IOException {
    Writer w =
        new OutputStreamWriter(new BufferedOutputStream(out, 1 << 16), StandardCharsets.UTF_8);
    w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tv SYSTEM \"xmltv.dtd\">\n");
    w.write("<tv source-info-name=\"GuideGenerator\">\n");
    List<String> all = new ArrayList<>(channelIds());
    for (int i = 0; i < b.unmappedChannels; i++) {
      all.add(unmappedChannelId(i));
    }
    for (String id : all) {
      w.write("  <channel id=\"" + id + "\">\n    <display-name>" + id + "</display-name>\n");
      w.write("    <icon src=\"http://img.test/" + id + ".png\"/>\n  </channel>\n");
    }
    StringBuilder s = new StringBuilder(2048);
    int slots = programmesPerChannel();
    if (b.interleaved) {
      for (int slot = 0; slot < slots; slot++) {
        for (int c = 0; c < all.size(); c++) {
          programme(w, s, all.get(c), c, slot);
        }
      }
    } else {
      for (int c = 0; c < all.size(); c++) {
        for (int slot = 0; slot < slots; slot++) {
          programme(w, s, all.get(c), c, slot);
        }
      }
    }
    w.write("</tv>\n");
    w.flush();
  }

  private void programme(Writer w, StringBuilder s, String channel, int index, int slot)
      throws IOException {
    String zone = b.zones[index % b.zones.length];
    long start = start(slot);
    long stop = writtenStop(slot);
    s.setLength(0);
    s.append("  <programme start=\"").append(time(start, zone)).append('"');
    if (stop != 0) {
      s.append(" stop=\"").append(time(stop, zone)).append('"');
    }
    s.append(" channel=\"").append(channel).append("\">\n");
    s.append("    <title lang=\"en\">");
    text(s, title(channel, start));
    s.append("</title>\n    <sub-title>Part ").append(slot).append("</sub-title>\n");
    String desc = description(channel, start);
    if (desc != null) {
      s.append("    <desc lang=\"en\">");
      if (b.cdata) {
        s.append("<![CDATA[").append(desc).append("]]>");
      } else {
        text(s, desc);
      }
      s.append("</desc>\n");
    }
    if (b.skippables) {
      s.append("    <credits><director>Di Rector</director><actor role=\"Host\">An Actor")
          .append("</actor></credits>\n    <date>2024</date>\n");
    }
    s.append("    <category lang=\"en\">").append(slot % 2 == 0 ? "News" : "Movie");
    s.append("</category>\n");
    String icon = icon(channel, start);
    if (icon != null) {
      s.append("    <icon src=\"").append(icon).append("\"/>\n");
    }
    if (b.skippables) {
      s.append("    <episode-num system=\"xmltv_ns\">0.")
          .append(slot % 20)
          .append(".</episode-num>\n");
      s.append("    <rating system=\"MPAA\"><value>PG</value></rating>\n");
    }
    s.append("  </programme>\n");
    w.append(s);
  }

  /** An XMLTV time in {@code zone} ("" for none). */
  private static String time(long epochSecond, String zone) {
    if (zone.isEmpty()) {
      return XmltvTime.format(epochSecond).substring(0, 14);
    }
    int sign = zone.charAt(0) == '-' ? -1 : 1;
    int hours = Integer.parseInt(zone.substring(1, 3));
    int minutes = Integer.parseInt(zone.substring(3, 5));
    long local = epochSecond + sign * (hours * 3600L + minutes * 60L);
    return XmltvTime.format(local).substring(0, 14) + " " + zone;
  }

  private void text(StringBuilder s, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append(b.entities ? "&quot;" : "\"");
        case '\'' -> s.append(b.entities ? "&apos;" : "'");
        default -> {
          if (c >= 0x80 && b.entities) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp) - 1;
            s.append(cp < 0x1000 ? "&#" + cp + ";" : "&#x" + Integer.toHexString(cp) + ";");
          } else {
            s.append(c);
          }
        }
      }
    }
  }

  /**
   * Writes a guide with every feature to a file, gzipped if its name ends with .gz. Arguments:
   * path, channels, days.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: GuideGenerator PATH CHANNELS DAYS");
      System.exit(2);
    }
    Path path = Path.of(args[0]);
    GuideGenerator guide =
        builder()
            .everything()
            .channels(Integer.parseInt(args[1]))
            .days(Integer.parseInt(args[2]))
            .build();
    try (OutputStream file = Files.newOutputStream(path);
        OutputStream out =
            path.toString().endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16) : file) {
      guide.write(out);
    }
    System.out.println(path + ": " + Files.size(path) + " bytes");
  }
}
