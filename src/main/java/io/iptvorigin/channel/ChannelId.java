package io.iptvorigin.channel;

import io.iptvorigin.common.Fields;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A channel's id: 1 to 64 of {@code [A-Za-z0-9_-]}, so it goes into a Redis key, a file name
 * ({@code stream_{id}.m3u8}), a URL path and a viewer session ({@code id|address}) as it is. Only
 * the code passes it around typed: stored records and JSON keep the plain string.
 */
public record ChannelId(String value) {
  private static final String RULE = "[A-Za-z0-9_-]{1,64}";
  private static final Pattern PATTERN = Pattern.compile(RULE);

  /** Refuses null and anything but a channel id: callers check input first ({@link #parse}). */
  public ChannelId {
    Objects.requireNonNull(value, "channel id");
    if (!PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException("not a channel id: must match " + RULE);
    }
  }

  /** Whether {@code value} is a channel id; false for null. */
  public static boolean isValid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }

  /** {@code value} as a channel id, or a 400 naming the field {@code channel_id}. */
  public static ChannelId parse(String value) {
    return new ChannelId(Fields.matching(value, "channel_id", PATTERN, RULE));
  }

  /** The id itself, so log lines read {@code channel=48681}. */
  @Override
  public String toString() {
    return value;
  }
}
