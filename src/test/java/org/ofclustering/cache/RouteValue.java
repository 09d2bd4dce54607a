package org.ofclustering.cache;

import java.io.Serializable;

/** A value shaped like Openfire's ClientRoute: the node that holds a session, and availability. */
public record RouteValue(String nodeId, boolean available) implements Serializable {
}
