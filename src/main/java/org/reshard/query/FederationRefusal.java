package org.reshard.query;

/** Federation cannot answer a statement exactly; the message says why, and the engine reports it as {@code reshard.query.unsupported}. */
final class FederationRefusal extends RuntimeException {

    FederationRefusal(String reason) {
        super(reason, null, false, false);
    }
}
