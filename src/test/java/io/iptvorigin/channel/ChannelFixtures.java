package io.iptvorigin.channel;

/** Channel records for unit tests: only what a playlist shows varies. */
public final class ChannelFixtures {
  private ChannelFixtures() {}

  public static Channel channel(
      String id, String name, String category, int categoryOrder, int order, boolean active) {
    return new Channel(
        id,
        name,
        "http://upstream.example/" + id + ".ts",
        "images/no_logo.jpg",
        category,
        Quality.MEDIUM,
        order,
        categoryOrder,
        active,
        null,
        null,
        null,
        null,
        null);
  }
}
