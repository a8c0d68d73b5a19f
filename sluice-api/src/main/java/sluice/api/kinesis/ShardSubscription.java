package sluice.api.kinesis;

/** The subscriber's handle on a running subscription; both calls are thread-safe and idempotent. */
public interface ShardSubscription {

    /** A subscription that never started (it was rejected): both calls do nothing. */
    ShardSubscription NONE = new ShardSubscription() {
        @Override
        public void resume() {
        }

        @Override
        public void cancel() {
        }
    };

    /** The sink is {@link ShardEventSink#ready() ready} again: continue sending. */
    void resume();

    /** The client went away: stop, release the subscription; no further sink calls matter. */
    void cancel();
}
