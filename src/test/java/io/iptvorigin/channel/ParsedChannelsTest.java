package io.iptvorigin.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ParsedChannelsTest {
  private final ParsedChannels parsed = new ParsedChannels();

  @Test
  void theSameRecordIsParsedOnceAndAChangedOneAfresh() {
    String json = ChannelFixtures.channel("7", "News", "News", 1, 1, true).toStoredJson();
    Channel first = parsed.parse(json);
    assertSame(first, parsed.parse(new String(json))); // an equal string, as Redis returns anew
    String disabled = ChannelFixtures.channel("7", "News", "News", 1, 1, false).toStoredJson();
    Channel changed = parsed.parse(disabled);
    assertNotSame(first, changed);
    assertEquals(false, changed.active());
    assertEquals(Channel.fromStoredJson(json), first);
  }

  @Test
  void itHoldsABoundedNumberOfRecords() {
    for (int i = 0; i < ParsedChannels.MAX + 50; i++) {
      parsed.parse(ChannelFixtures.channel("c" + i, "n", "c", 1, 1, true).toStoredJson());
    }
    assertEquals(ParsedChannels.MAX, parsed.size());
  }

  @Test
  void aCorruptRecordStillFailsAndIsNotKept() {
    assertThrows(RuntimeException.class, () -> parsed.parse("[1]"));
    assertEquals(0, parsed.size());
  }
}
