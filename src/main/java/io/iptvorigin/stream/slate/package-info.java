/**
 * The "channel unavailable" slate a channel's playlist goes on with while it has no working source:
 * one MPEG-TS segment per codec profile, made once by FFmpeg and kept on disk, and the copies of it
 * that continue one another.
 */
package io.iptvorigin.stream.slate;
