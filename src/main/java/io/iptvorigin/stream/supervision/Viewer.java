package io.iptvorigin.stream.supervision;

/**
 * The subscriber whose request starts a channel, as viewer records name them ({@code
 * username|address} in {@code stream:{id}:viewers}): a channel only this viewer watched is the one
 * they are zapping away from. {@link #NONE} for starts nobody watches yet (the admin API).
 */
public record Viewer(String username, String address) {
  public static final Viewer NONE = new Viewer(null, null);

  /** The member this viewer has in a channel's viewer set; null when it cannot have one. */
  String member() {
    return username == null || address == null ? null : username + "|" + address;
  }
}
