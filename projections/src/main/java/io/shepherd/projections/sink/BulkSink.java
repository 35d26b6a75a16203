package io.shepherd.projections.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;

import io.shepherd.projections.deadletter.ProjectionDeadLetters;
import io.shepherd.projections.document.ProjectedDocument;

/**
 * Writes documents through one {@link BulkIngester} with external versioning and turns each item's answer into an
 * acknowledgement ({@link OffsetTracker}), a dead letter (a document Elasticsearch refuses) or a request to rewind
 * (Elasticsearch down or overloaded). The listener runs on the client's threads; dead letters are handed back to the
 * consumer thread, which alone adds to the ingester. A watchdog thread of its own notices requests left unanswered
 * ({@link StallWatch}) without touching them or the consumer thread.
 */
public final class BulkSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BulkSink.class);

    private final BulkIngester<Delivery> ingester;
    private final OffsetTracker tracker;
    private final ProjectionDeadLetters deadLetters;
    private final SinkCounters counters = new SinkCounters();
    private final Queue<Delivery> pendingDeadLetters = new ConcurrentLinkedQueue<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final Backoff backoff;
    private final StallWatch stalls;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "projections-bulk-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final Object idle = new Object();
    private int requestsInFlight;

    public BulkSink(ElasticsearchClient client, OffsetTracker tracker, ProjectionDeadLetters deadLetters,
                    SinkOptions options) {
        this.tracker = tracker;
        this.deadLetters = deadLetters;
        this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff());
        this.ingester = BulkIngester.of(b -> b.client(client)
                .maxOperations(options.maxOperations())
                .maxConcurrentRequests(options.maxConcurrentRequests())
                .flushInterval(options.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                .listener(new Listener()));
        this.stalls = new StallWatch(options.slowRequestAfter(), System::nanoTime, ingester::pendingOperations, counters);
        long period = Math.max(50, Math.min(1000, options.slowRequestAfter().toMillis() / 4));
        watchdog.scheduleAtFixedRate(stalls::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** Queues a document; the record's offset counts as done once Elasticsearch answered for it. */
    public void add(Delivery delivery) {
        tracker.sent(delivery.partition(), delivery.offset());
        write(delivery);
    }

    /** Sends the dead letters the listener produced since the last call; consumer thread only. */
    public void drainDeadLetters() {
        Delivery rejected;
        while ((rejected = pendingDeadLetters.poll()) != null) {
            write(rejected);
        }
    }

    private void write(Delivery delivery) {
        ProjectedDocument doc = delivery.document();
        ingester.add(op -> op.index(i -> i.index(doc.index()).id(doc.id())
                .version(doc.version()).versionType(VersionType.External).document(doc.source())), delivery);
    }

    /** Why writes must be retried, if a bulk request or item failed in a way that a later attempt may fix. */
    public String failure() {
        return failure.get();
    }

    /** Sends what is buffered and waits until Elasticsearch answered every request. */
    public void quiesce() throws InterruptedException {
        ingester.flush();
        synchronized (idle) {
            while (requestsInFlight > 0 || ingester.pendingOperations() > 0 || ingester.pendingRequests() > 0) {
                idle.wait(20);
            }
        }
    }

    /**
     * After {@link #quiesce()}: forgets the failure and the dead letters not yet sent, since what the tracker still
     * holds in flight was not written and is about to be read again.
     */
    public void restart() {
        pendingDeadLetters.clear();
        failure.set(null);
    }

    public Backoff backoff() {
        return backoff;
    }

    /** True while a bulk request is unanswered past the threshold. */
    public boolean stalled() {
        return stalls.stalled();
    }

    /** The current stall, for the health check; empty when Elasticsearch answers in time. */
    public Optional<String> stall() {
        return stalls.describe();
    }

    public SinkCounters counters() {
        return counters;
    }

    public void flush() {
        ingester.flush();
    }

    @Override
    public void close() {
        try {
            ingester.close();
        } finally {
            watchdog.shutdownNow();
        }
    }

    private void onResponse(List<Delivery> contexts, BulkResponse response) {
        List<BulkResponseItem> items = response.items();
        boolean anyRetry = false;
        for (int i = 0; i < items.size(); i++) {
            Delivery delivery = contexts.get(i);
            BulkResponseItem item = items.get(i);
            ItemOutcome outcome = ItemOutcome.of(item.status());
            counters.outcome(delivery.document().index(), outcome);
            switch (outcome) {
                case WRITTEN, STALE -> tracker.acknowledged(delivery.partition(), delivery.offset());
                case RETRY -> {
                    anyRetry = true;
                    failure.compareAndSet(null, "Elasticsearch answered " + item.status() + " for "
                            + item.index() + "/" + item.id() + ": " + reason(item.error()));
                }
                case REJECTED -> reject(delivery, item);
            }
        }
        if (!anyRetry) {
            backoff.reset();
        }
    }

    private void reject(Delivery delivery, BulkResponseItem item) {
        if (deadLetters.isDeadLetter(delivery.document())) {
            // Never drop: a refused dead letter is retried and shows as a failure until the index is fixed.
            log.error("the dead-letter index refused {}: {}", delivery.document().id(), reason(item.error()));
            failure.compareAndSet(null, "dead-letter index refused a document: " + reason(item.error()));
            return;
        }
        String reason = item.error() == null ? "HTTP_" + item.status() : item.error().type();
        counters.deadLettered(reason);
        pendingDeadLetters.add(new Delivery(delivery.partition(), delivery.offset(),
                deadLetters.rejected(delivery, reason, reason(item.error()))));
    }

    private static String reason(ErrorCause error) {
        return error == null ? "no reason given" : error.type() + ": " + error.reason();
    }

    private final class Listener implements BulkListener<Delivery> {
        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<Delivery> contexts) {
            synchronized (idle) {
                requestsInFlight++;
            }
            stalls.sent(executionId, contexts.size());
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Delivery> contexts, BulkResponse response) {
            stalls.answered(executionId);
            try {
                onResponse(new ArrayList<>(contexts), response);
            } finally {
                done();
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Delivery> contexts, Throwable failed) {
            stalls.answered(executionId);
            try {
                counters.failedRequest();
                failure.compareAndSet(null, "bulk request of " + contexts.size() + " documents failed: " + failed);
            } finally {
                done();
            }
        }

        private void done() {
            synchronized (idle) {
                requestsInFlight--;
                idle.notifyAll();
            }
        }
    }
}
