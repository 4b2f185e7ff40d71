package org.reshard.workflow;

/** The work of one phase; returns normally when the phase is complete. */
interface PhaseRunner {

    void run(OperationContext context) throws Exception;
}
