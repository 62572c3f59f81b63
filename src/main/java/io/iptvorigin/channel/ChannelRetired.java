package io.iptvorigin.channel;

/**
 * A channel that must stop playing now: disabled ({@code is_active: false}) or deleted. Fired by
 * {@link ChannelService} after the change is stored; the stream supervision of this node observes
 * it, and every other node finds the change within seconds by its own sweep.
 */
public record ChannelRetired(ChannelId channelId, Reason reason) {
  /** Why the channel stops; its wire name is what the stop's log line says. */
  public enum Reason {
    DISABLED("channel-disabled"),
    DELETED("channel-deleted");

    private final String wireName;

    Reason(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
