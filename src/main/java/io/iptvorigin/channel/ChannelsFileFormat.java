package io.iptvorigin.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * channels.txt, documented in docs/channels-txt.md: a comment line, a header naming the columns,
 * then one pipe-delimited line per channel. Inside a value {@code %}, {@code |}, CR and LF are
 * percent-encoded, so any value survives; an empty value is "not set". Reading goes by the header,
 * so files with fewer or reordered columns still load; each line is validated like an API body.
 */
public final class ChannelsFileFormat {
  static final List<String> COLUMNS =
      List.of(
          "channel_id",
          "name",
          "source_url",
          "logo",
          "category",
          "quality",
          "order",
          "category_order",
          "is_active",
          "user_agent",
          "referer",
          "origin",
          "cookie",
          "http_proxy",
          "epg_channel_id",
          "backup_urls",
          "provider",
          "always_on",
          "slate",
          "remux");
  private static final String COMMENT =
      "# iptv-origin channels.txt v1: pipe-delimited, '%' '|' CR LF inside values percent-encoded";

  private ChannelsFileFormat() {}

  public static String write(List<Channel> channels) {
    StringBuilder out = new StringBuilder(COMMENT).append('\n');
    out.append(String.join("|", COLUMNS)).append('\n');
    for (Channel channel : channels) {
      ObjectNode json = channel.toJson();
      List<String> values = new ArrayList<>(COLUMNS.size());
      for (String column : COLUMNS) {
        var node = json.get(column);
        if (column.equals("backup_urls")) {
          values.add(
              channel.resilience().backups().isEmpty()
                  ? ""
                  : encode(BackupSources.toCell(channel.resilience().backups())));
        } else {
          values.add(node == null || node.isNull() ? "" : encode(node.asText()));
        }
      }
      out.append(String.join("|", values)).append('\n');
    }
    return out.toString();
  }

  /**
   * Channels read from {@code text}; a line that does not validate is reported to {@code skipped}
   * (with its line number and reason) and left out, so one bad line cannot block a restore.
   */
  public static List<Channel> read(String text, Consumer<String> skipped) {
    List<Channel> channels = new ArrayList<>();
    List<String> header = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\\|", -1);
      if (header == null) {
        header = Arrays.asList(cells);
        if (!header.contains("channel_id")) {
          skipped.accept("line " + (i + 1) + ": header has no channel_id column, file ignored");
          return List.of();
        }
        continue;
      }
      try {
        channels.add(parseLine(header, cells));
      } catch (ApiException | IllegalArgumentException e) {
        skipped.accept("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return channels;
  }

  private static Channel parseLine(List<String> header, String[] cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "expected " + header.size() + " fields, found " + cells.length);
    }
    ObjectNode body = Json.object();
    for (int c = 0; c < cells.length; c++) {
      String column = header.get(c);
      String value = decode(cells[c]);
      switch (column) {
        case "order", "category_order" ->
            body.put(column, value.isEmpty() ? 0 : Integer.parseInt(value));
        case "backup_urls" -> {
          if (!value.isEmpty()) {
            try {
              body.set(column, Json.MAPPER.readTree(value));
            } catch (java.io.IOException e) {
              throw new IllegalArgumentException("backup_urls is not a JSON array");
            }
          }
        }
        case "is_active", "always_on", "slate" -> {
          // Empty means "not set" (active); anything but true/false is refused like an API body.
          if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            body.put(column, Boolean.parseBoolean(value));
          } else if (!value.isEmpty()) {
            body.put(column, value);
          }
        }
        default -> {
          if (!value.isEmpty()) {
            body.put(column, value);
          }
        }
      }
    }
    return ChannelPayload.parse(body).toNewChannel();
  }

  static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char ch : value.toCharArray()) {
      switch (ch) {
        case '%' -> out.append("%25");
        case '|' -> out.append("%7C");
        case '\n' -> out.append("%0A");
        case '\r' -> out.append("%0D");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    return value
        .replace("%7C", "|")
        .replace("%7c", "|")
        .replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%");
  }
}
