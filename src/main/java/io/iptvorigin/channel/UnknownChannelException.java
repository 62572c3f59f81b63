package io.iptvorigin.channel;

import io.iptvorigin.common.ApiException;

/** No channel with that id: 404. */
public class UnknownChannelException extends ApiException {
  public UnknownChannelException(ChannelId channelId) {
    super(404, "channel '" + channelId.value() + "' not found");
  }
}
