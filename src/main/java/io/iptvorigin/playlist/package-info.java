/**
 * Subscriber M3U playlists: token check, rendering (sorted, escaped), cached per channel revision.
 */
package io.iptvorigin.playlist;
