package org.ofclustering.membership;

/** Told about changes of membership, on a membership thread, in the order they were detected. */
public interface MembershipListener {
    /** Another node joined (or this node learned of it). */
    default void memberJoined(MemberInfo member) {
    }

    /** Another node left cleanly or was declared dead. Called once per departure on every survivor. */
    default void memberLeft(MemberInfo member, boolean crashed) {
    }

    /** This node became the senior member. */
    default void becameSenior() {
    }

    /** This node lost its lease and stopped acting as a member (it will try to rejoin). */
    default void fenced() {
    }
}
