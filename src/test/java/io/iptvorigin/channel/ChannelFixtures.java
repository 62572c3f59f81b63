package io.iptvorigin.channel;

import io.iptvorigin.common.Redis;

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

  /** The application's repository on {@code redis}, outside CDI (tests of Redis itself). */
  public static ChannelRepository repositoryOn(Redis redis) {
    ChannelRepository repository = new ChannelRepository();
    repository.redis = redis;
    return repository;
  }
}
