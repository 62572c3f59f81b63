package io.iptvorigin.xtream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.iptvorigin.common.Json;
import io.iptvorigin.epg.Programme;
import io.iptvorigin.epg.ProgrammeText;
import io.iptvorigin.epg.TextKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class XtreamEpgTest {
  // 2026-12-02 08:00:00 UTC
  private static final long EIGHT = 1_796_198_400L;

  private static Programme show(long start, long stop, String title, String desc) {
    List<ProgrammeText> texts =
        desc == null
            ? List.of(new ProgrammeText(TextKind.TITLE, "en", title))
            : List.of(
                new ProgrammeText(TextKind.TITLE, "en", title),
                new ProgrammeText(TextKind.DESC, null, desc));
    return new Programme(start, stop, texts, null);
  }

  private static final List<Programme> DAY =
      List.of(
          show(EIGHT - 3600, EIGHT, "Early", null),
          show(EIGHT, EIGHT + 3600, "Now: Ünïcødé ☺", "The news"),
          show(EIGHT + 3600, EIGHT + 7200, "Next", null),
          show(EIGHT + 7200, 0, "Last", null));

  private static JsonNode listings(byte[] body) throws Exception {
    return Json.MAPPER.readTree(body).get("epg_listings");
  }

  private static String decoded(JsonNode text) {
    return new String(Base64.getDecoder().decode(text.asText()), StandardCharsets.UTF_8);
  }

  @Test
  void shortEpgIsNowAndNextInXcForm() throws Exception {
    JsonNode list = listings(XtreamEpg.shortEpg(DAY, "BBCOne.uk", 7, EIGHT + 60, 2));
    assertEquals(2, list.size());
    JsonNode now = list.get(0);
    assertEquals("Now: Ünïcødé ☺", decoded(now.get("title")));
    assertEquals("The news", decoded(now.get("description")));
    assertEquals("2026-12-02 08:00:00", now.get("start").asText());
    assertEquals("2026-12-02 09:00:00", now.get("end").asText());
    assertEquals(Long.toString(EIGHT), now.get("start_timestamp").asText());
    assertEquals(Long.toString(EIGHT + 3600), now.get("stop_timestamp").asText());
    assertEquals("BBCOne.uk", now.get("channel_id").asText());
    assertEquals("en", now.get("lang").asText());
    assertEquals("", decoded(list.get(1).get("description")));
    assertEquals("Next", decoded(list.get(1).get("title")));
  }

  @Test
  void aProgrammeWithoutStopLastsAnHourForApps() throws Exception {
    JsonNode list = listings(XtreamEpg.shortEpg(DAY, "x.y", 7, EIGHT + 7300, 4));
    assertEquals(1, list.size());
    assertEquals(Long.toString(EIGHT + 10_800), list.get(0).get("stop_timestamp").asText());
  }

  @Test
  void simpleDataTableListsEverythingAndMarksWhatIsOn() throws Exception {
    JsonNode list = listings(XtreamEpg.simpleDataTable(DAY, "x.y", 7, EIGHT + 60));
    assertEquals(4, list.size());
    assertEquals(0, list.get(0).get("now_playing").asInt());
    assertEquals(1, list.get(1).get("now_playing").asInt());
    assertEquals(0, list.get(2).get("now_playing").asInt());
    assertEquals(0, list.get(1).get("has_archive").asInt());
  }

  @Test
  void limitFallsBackToTheXcDefault() {
    assertEquals(4, XtreamEpg.limit(null));
    assertEquals(4, XtreamEpg.limit("abc"));
    assertEquals(4, XtreamEpg.limit("0"));
    assertEquals(10, XtreamEpg.limit(" 10 "));
    assertEquals(1000, XtreamEpg.limit("99999"));
    assertEquals(0, listingsCount(XtreamEpg.none()));
  }

  private static int listingsCount(byte[] body) {
    try {
      return listings(body).size();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
