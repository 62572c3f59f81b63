package io.iptvorigin.xtream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;
import io.iptvorigin.epg.Programme;
import io.iptvorigin.epg.ProgrammeText;
import io.iptvorigin.epg.TextKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * The Xtream EPG answers, as XC panels send them: {@code {"epg_listings":[...]}} with title and
 * description base64-encoded, times as {@code "YYYY-MM-DD HH:MM:SS"} UTC and as epoch-second
 * strings. {@code get_short_epg} lists the programme on now and the next ones; {@code
 * get_simple_data_table} every stored programme, marked {@code now_playing}; there is no catch-up
 * archive, so {@code has_archive} is 0.
 */
final class XtreamEpg {
  static final int DEFAULT_LIMIT = 4;
  private static final int MAX_LIMIT = 1000;
  private static final long UNKNOWN_LENGTH = 3600;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private XtreamEpg() {}

  /** {@code limit} as apps send it; absent or nonsense is the XC default, 4. */
  static int limit(String value) {
    try {
      int limit = Integer.parseInt(value == null ? "" : value.trim());
      return limit < 1 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    } catch (NumberFormatException e) {
      return DEFAULT_LIMIT;
    }
  }

  static byte[] shortEpg(
      List<Programme> programmes, String channelId, long streamId, long now, int limit) {
    ArrayNode listings = Json.array();
    for (Programme p : programmes) {
      if (stop(p) > now) {
        listings.add(listing(p, channelId, streamId));
        if (listings.size() == limit) {
          break;
        }
      }
    }
    return answer(listings);
  }

  static byte[] simpleDataTable(
      List<Programme> programmes, String channelId, long streamId, long now) {
    ArrayNode listings = Json.array();
    for (Programme p : programmes) {
      ObjectNode listing = listing(p, channelId, streamId);
      listing.put("now_playing", p.start() <= now && now < stop(p) ? 1 : 0);
      listing.put("has_archive", 0);
      listings.add(listing);
    }
    return answer(listings);
  }

  static byte[] none() {
    return answer(Json.array());
  }

  private static ObjectNode listing(Programme p, String channelId, long streamId) {
    ObjectNode listing = Json.object();
    listing.put("id", Long.toString(p.start()));
    listing.put("epg_id", Long.toString(streamId));
    listing.put("title", base64(p.title().orElse("")));
    listing.put("lang", titleLanguage(p));
    listing.put("start", TIME.format(Instant.ofEpochSecond(p.start())));
    listing.put("end", TIME.format(Instant.ofEpochSecond(stop(p))));
    listing.put("description", base64(p.description().orElse("")));
    listing.put("channel_id", channelId);
    listing.put("start_timestamp", Long.toString(p.start()));
    listing.put("stop_timestamp", Long.toString(stop(p)));
    return listing;
  }

  /** The last programme of a guide may have no stop: an hour, as players show something. */
  private static long stop(Programme p) {
    return p.stop() == 0 ? p.start() + UNKNOWN_LENGTH : p.stop();
  }

  private static String titleLanguage(Programme p) {
    for (ProgrammeText text : p.texts()) {
      if (text.kind() == TextKind.TITLE) {
        return text.lang() == null ? "" : text.lang();
      }
    }
    return "";
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] answer(ArrayNode listings) {
    ObjectNode body = Json.object();
    body.set("epg_listings", listings);
    return Json.write(body).getBytes(StandardCharsets.UTF_8);
  }
}
