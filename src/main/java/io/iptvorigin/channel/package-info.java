/** Channels as the admin panel sends them, in Redis, exported to and restored from channels.txt. */
package io.iptvorigin.channel;
