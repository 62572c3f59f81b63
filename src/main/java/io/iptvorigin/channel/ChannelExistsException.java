package io.iptvorigin.channel;

import io.iptvorigin.common.ApiException;

/** A channel with that id exists already: 409. */
public class ChannelExistsException extends ApiException {
  public ChannelExistsException(String channelId) {
    super(409, "channel '" + channelId + "' already exists");
  }
}
