package io.iptvorigin.access;

/**
 * The two keys of a channel that viewer authorisation writes and stream supervision reads: {@code
 * stream:{id}:last_access} (epoch seconds of the last authorised request, the idle timer's clock)
 * and {@code stream:{id}:viewers} (sorted set of user|address scored by last seen). Declared here,
 * by their writer, so that stream supervision depends on access and never the reverse.
 */
public final class ViewerActivityKeys {
  private ViewerActivityKeys() {}

  public static String lastAccess(String channelId) {
    return "stream:" + channelId + ":last_access";
  }

  public static String viewers(String channelId) {
    return "stream:" + channelId + ":viewers";
  }
}
