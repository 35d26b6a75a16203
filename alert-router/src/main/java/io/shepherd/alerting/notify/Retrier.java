package io.shepherd.alerting.notify;

import java.time.Duration;
import java.util.function.Supplier;

/** Runs one request until it is delivered, refused, or the attempts of the policy are used up. */
public final class Retrier {

    /** Waits between attempts; tests record the waits instead of sleeping. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Told about each retry, for metrics and logs. */
    public interface Observer {
        void retrying(int attempt, Delivery.Retryable failure, Duration wait);
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Observer observer;

    public Retrier(RetryPolicy policy, Sleeper sleeper, Observer observer) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.observer = observer;
    }

    public Delivery run(Supplier<Delivery> attempt) {
        Delivery last = null;
        for (int n = 1; n <= policy.maxAttempts(); n++) {
            last = attempt.get();
            if (!(last instanceof Delivery.Retryable failure) || n == policy.maxAttempts()) {
                return last;
            }
            Duration wait = policy.backoff(n, failure.retryAfter());
            observer.retrying(n, failure, wait);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failure;
            }
        }
        return last;
    }
}
