/**
 * Continuous MPEG-TS output ({@code /live/{token}/stream_{id}.ts}): one long response per viewer
 * made of the HLS segments the channel's one FFmpeg already writes, appended as they appear, for
 * the players and set-top boxes that want TS. No second upstream connection, no second FFmpeg, and
 * no thread per viewer: writes are non-blocking and resume when the socket or the channel has more.
 */
package io.iptvorigin.stream.ts;
