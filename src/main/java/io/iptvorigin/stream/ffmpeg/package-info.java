/**
 * The FFmpeg process of a channel run: its command line, the upstream URL it is given, launching
 * and killing it, its log, and telling our processes from any other.
 */
package io.iptvorigin.stream.ffmpeg;
