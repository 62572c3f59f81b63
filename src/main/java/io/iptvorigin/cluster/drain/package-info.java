/**
 * Draining a node: POST /api/node/drain hands every channel this node runs to another node, each
 * without a gap for its viewers, and sends the channels it is asked for afterwards elsewhere.
 */
package io.iptvorigin.cluster.drain;
