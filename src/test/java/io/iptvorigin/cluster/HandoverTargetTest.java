package io.iptvorigin.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandoverTargetTest {
  private static final Nodes.Peer A = new Nodes.Peer("a", "10.0.0.21:80", false);
  private static final Nodes.Peer B = new Nodes.Peer("b", "10.0.0.22:80", false);
  private static final Nodes.Peer C = new Nodes.Peer("c", "10.0.0.23:80", false);

  @Test
  void neverItselfNorADrainingNodeNorOneWithoutAnAddress() {
    Nodes.Peer drainingB = new Nodes.Peer("b", "10.0.0.22:80", true);
    Nodes.Peer silentC = new Nodes.Peer("c", "", false);
    for (int i = 0; i < 50; i++) {
      assertEquals(
          Optional.empty(), HandoverTarget.choose("ch" + i, List.of(A, drainingB, silentC), "a"));
    }
  }

  @Test
  void channelsSpreadOverTheOtherNodesAndEveryNodePicksTheSame() {
    Map<String, Integer> picked = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      String channel = "ch" + i;
      Nodes.Peer target = HandoverTarget.choose(channel, List.of(A, B, C), "a").orElseThrow();
      picked.merge(target.id(), 1, Integer::sum);
      assertEquals(target, HandoverTarget.choose(channel, List.of(C, A, B), "a").orElseThrow());
    }
    assertEquals(2, picked.size(), picked.toString());
    assertTrue(picked.values().stream().allMatch(n -> n > 100), picked.toString());
  }

  @Test
  void aNodeLeavingMovesOnlyItsOwnChannels() {
    for (int i = 0; i < 200; i++) {
      String channel = "ch" + i;
      Nodes.Peer before = HandoverTarget.choose(channel, List.of(A, B, C), "x").orElseThrow();
      Nodes.Peer after = HandoverTarget.choose(channel, List.of(A, B), "x").orElseThrow();
      if (!before.equals(C)) {
        assertEquals(before, after, channel);
      }
    }
  }
}
