/**
 * On-demand channels: one supervised FFmpeg per watched channel writing HLS to disk, started on a
 * viewer's first request, restarted with backoff, stopped when nobody watches.
 */
package io.iptvorigin.stream;
