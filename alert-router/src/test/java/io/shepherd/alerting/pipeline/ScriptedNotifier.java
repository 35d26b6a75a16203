package io.shepherd.alerting.pipeline;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.notify.Notifier;

/** A receiver that answers as scripted (then delivers) and writes down what it was told, one line per attempt. */
final class ScriptedNotifier implements Notifier {

    private final String name;
    private final Deque<Function<Notification, Delivery>> script = new ConcurrentLinkedDeque<>();
    private final List<String> told = new ArrayList<>();

    ScriptedNotifier(String name) {
        this.name = name;
    }

    /** The next attempts get these outcomes, in order. */
    ScriptedNotifier answer(Delivery... outcomes) {
        for (Delivery outcome : outcomes) {
            script.add(n -> outcome);
        }
        return this;
    }

    @Override
    public Delivery notify(Notification notification) {
        synchronized (this) {
            told.add(describe(notification));
        }
        Function<Notification, Delivery> next = script.poll();
        return next == null ? Delivery.DELIVERED : next.apply(notification);
    }

    /** What it was told since the last call, and forgets it. */
    synchronized List<String> drain() {
        List<String> lines = List.copyOf(told);
        told.clear();
        return lines;
    }

    private String describe(Notification n) {
        String model = (n.firing().isEmpty() ? n.resolved() : n.firing()).get(0).modelId();
        return name + " " + model + ":" + n.firing().stream().map(a -> a.cause() + "=" + a.level()).sorted().toList()
                + (n.resolved().isEmpty() ? "" : " resolved " + n.resolved().stream().map(a -> a.cause()).sorted().toList());
    }
}
