package org.ofclustering.bridge;

/** Activates a transfer by its XEP-0065 digest, wherever in the cluster its legs are. */
@FunctionalInterface
public interface TransferActivator {
    ActivationResult activate(String digest);
}
