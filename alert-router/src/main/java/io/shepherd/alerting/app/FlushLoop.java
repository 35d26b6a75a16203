package io.shepherd.alerting.app;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.shepherd.alerting.pipeline.Router;

/** The one thread that notifies due groups, ticking on the injected clock; it waits while the listener replays. */
@Component
class FlushLoop implements SmartLifecycle {

    static final long TICK_MILLIS = 100;
    private static final Logger log = LoggerFactory.getLogger(FlushLoop.class);

    private final Router router;
    private final Clock clock;
    private final HealthReplay replay;
    private volatile Thread thread;
    private volatile boolean running;

    FlushLoop(Router router, Clock clock, HealthReplay replay) {
        this.router = router;
        this.clock = clock;
        this.replay = replay;
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

    /** Lets a flush in progress finish, so what was notified is also recorded in the notification log. */
    @Override
    public void stop() {
        running = false;
        Thread flusher = thread;
        if (flusher != null) {
            try {
                flusher.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flusher.interrupt();
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
