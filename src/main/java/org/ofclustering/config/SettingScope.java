package org.ofclustering.config;

/** Where a setting lives, which decides whether it may differ between nodes. */
public enum SettingScope {
    /** Openfire system property (database): the same for every node of the cluster. */
    CLUSTER,
    /** openfire.xml property: this node only (host names, bind addresses, ports). */
    NODE
}
