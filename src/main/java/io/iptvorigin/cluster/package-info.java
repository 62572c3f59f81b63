/** Several origin nodes on one Redis: who is alive, where each is reached, who runs what. */
package io.iptvorigin.cluster;
