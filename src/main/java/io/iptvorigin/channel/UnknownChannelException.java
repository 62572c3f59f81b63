package io.iptvorigin.channel;

import io.iptvorigin.common.ApiException;

/** No channel with that id: 404. */
public class UnknownChannelException extends ApiException {
  public UnknownChannelException(String channelId) {
    super(404, "channel '" + channelId + "' not found");
  }
}
