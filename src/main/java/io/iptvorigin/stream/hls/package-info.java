/**
 * HLS files on disk: where a channel's playlist and segments live, and when a playlist is playable.
 */
package io.iptvorigin.stream.hls;
