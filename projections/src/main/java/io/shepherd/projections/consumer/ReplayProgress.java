package io.shepherd.projections.consumer;

/** Told how far a replay got, in records written (or dead-lettered) out of the records there were at its start. */
public interface ReplayProgress {

    void started(long totalRecords);

    void advanced(long recordsDone);

    ReplayProgress NONE = new ReplayProgress() {
        @Override
        public void started(long totalRecords) {
        }

        @Override
        public void advanced(long recordsDone) {
        }
    };
}
