package io.shepherd.alerting.app;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.shepherd.alerting.pipeline.Router;

/**
 * The one thread that decides which groups and retries are due, ticking on the injected clock, and hands them to the
 * notification lanes; it never waits for a receiver. It waits while the listener replays.
 */
@Component
class FlushLoop implements SmartLifecycle {

    static final long TICK_MILLIS = 100;
    private static final Logger log = LoggerFactory.getLogger(FlushLoop.class);

    private final Router router;
    private final Clock clock;
    private final HealthReplay replay;
    private final ExecutorService notifyExecutor;
    private volatile Thread thread;
    private volatile boolean running;

    FlushLoop(Router router, Clock clock, HealthReplay replay, ExecutorService notifyExecutor) {
        this.router = router;
        this.clock = clock;
        this.replay = replay;
        this.notifyExecutor = notifyExecutor;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "alert-flush");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                if (replay.assigned() && !replay.replaying()) {
                    router.flushDue(clock.instant());
                }
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("flushing alert groups failed; trying again at the next tick", e);
            }
        }
    }

    /**
     * Stops handing out work, then lets the attempts in flight end (a request times out within {@link
     * JdkHttpTransport#REQUEST_TIMEOUT}), so what was notified is also recorded in the notification log. Pending retries
     * are dropped: the log says what is still owed, and the next instance sends it.
     */
    @Override
    public void stop() {
        running = false;
        Thread flusher = thread;
        try {
            if (flusher != null) {
                flusher.join(5_000);
                flusher.interrupt();
            }
            notifyExecutor.shutdown();
            if (!notifyExecutor.awaitTermination(JdkHttpTransport.REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                log.warn("notifications still in flight at shutdown; the notification log does not record them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
