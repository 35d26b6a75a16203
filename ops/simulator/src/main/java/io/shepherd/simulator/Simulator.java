package io.shepherd.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.shepherd.contract.Topics;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.Variant;
import io.shepherd.simulator.deploy.Deployments;
import io.shepherd.simulator.deploy.RollbackController;
import io.shepherd.simulator.deploy.RollbackDecision;
import io.shepherd.simulator.deploy.Serving;
import io.shepherd.simulator.model.ModelSpec;
import io.shepherd.simulator.scenario.Scenario;
import io.shepherd.simulator.scenario.Step;
import io.shepherd.simulator.scenario.Traffic;
import io.shepherd.simulator.traffic.RequestGenerator;
import io.shepherd.simulator.traffic.ServedRequest;

/**
 * Serves the fleet's simulated traffic through a scenario and acts as the deployment controller: on each tick it
 * applies the rollback commands received, the scenario's steps that fell due, sends the requests the rates owe since the
 * last tick, and the ground truths whose delay has passed. One thread calls {@link #tick}; commands arrive from any.
 */
public final class Simulator {

    /**
     * Time between a deployment's lifecycle event and its first request: none, as a real serving system sends a new
     * version's traffic as soon as it deploys it. The streams app learns versions from the lifecycle topic
     * asynchronously and holds the records of a version it does not know yet until its DEPLOYED event arrives.
     */
    public static final Duration DEPLOY_LEAD = Duration.ZERO;

    private final Scenario scenario;
    private final EventSink sink;
    private final Clock clock;
    private final Random random;
    private final String runId;
    private final Optional<byte[]> rollbackKey;
    private final double rateScale;
    private final Consumer<String> news;
    private final Instant start;
    private final Queue<RollbackRequested> commands = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<OutcomeObserved> pendingOutcomes = new PriorityQueue<>(Comparator.comparing(OutcomeObserved::getEventTime));
    private final Map<String, Double> owed = new HashMap<>();
    private final List<Map.Entry<Instant, Step.Deploy>> pendingDeploys = new ArrayList<>();
    private final Map<String, Instant> servingSince = new HashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile Deployments deployments = Deployments.none();
    private Duration lastTick = Duration.ofMillis(-1);
    private Instant lastTickAt;

    /**
     * @param rollbackKey the router's HMAC key; without it every command is refused as unverifiable
     * @param rateScale   multiplies every model's request rate
     * @param news        one line per thing the simulator does, for the timeline
     */
    public Simulator(Scenario scenario, EventSink sink, Clock clock, long seed, String runId, Optional<byte[]> rollbackKey,
                     double rateScale, Consumer<String> news) {
        this.scenario = scenario;
        this.sink = sink;
        this.clock = clock;
        this.random = new Random(seed);
        this.runId = runId;
        this.rollbackKey = rollbackKey;
        this.rateScale = rateScale;
        this.news = news;
        this.start = clock.instant();
        this.lastTickAt = start;
    }

    /** Thread-safe: the command is applied on the next tick. */
    public void onRollbackCommand(RollbackRequested command) {
        commands.add(command);
    }

    public void tick() {
        Instant now = clock.instant();
        Duration elapsed = Duration.between(start, now);
        applyCommands(now);
        scenario.stepsBetween(lastTick, elapsed).forEach(step -> apply(step, now));
        switchTraffic(now);
        for (ModelSpec model : ModelSpec.FLEET) {
            Instant since = servingSince.getOrDefault(model.id(), now);
            serve(model, elapsed, since.isAfter(lastTickAt) ? since : lastTickAt, now);
        }
        releaseOutcomes(now);
        lastTick = elapsed;
        lastTickAt = now;
    }

    public long requestsSent() {
        return requests.get();
    }

    public Deployments deployments() {
        return deployments;
    }

    public Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    private void apply(Step step, Instant now) {
        news.accept(step.describe());
        if (step instanceof Step.Deploy deploy) {
            String from = deployments.serving(deploy.modelId()).stream().filter(s -> s.variant() == Variant.CHAMPION)
                    .map(Serving::version).findFirst().orElse(null);
            pendingDeploys.add(Map.entry(now.plus(DEPLOY_LEAD), deploy));
            ModelLifecycle event = ModelLifecycle.newBuilder().setEventId("deploy-" + deploy.modelId() + "-" + deploy.version() + "-" + runId)
                    .setModelId(deploy.modelId()).setEventTime(now).setType(LifecycleEventType.DEPLOYED)
                    .setFromVersion(deploy.variant() == Variant.CHAMPION ? from : null).setToVersion(deploy.version())
                    .setVariant(deploy.variant()).setReference(null).setBaseline(ModelSpec.byId(deploy.modelId()).baseline())
                    .setActor(RollbackController.ACTOR).setReason(deploy.describe()).setCausedBy(null).build();
            sink.send(Topics.LIFECYCLE, event.getEventId(), now, event);
        }
    }

    /** A deployed version takes traffic once every consumer of the lifecycle can know it, as a rollout would. */
    private void switchTraffic(Instant now) {
        for (var it = pendingDeploys.iterator(); it.hasNext(); ) {
            var due = it.next();
            if (!due.getKey().isAfter(now)) {
                deployments = deployments.deploy(due.getValue());
                // The tick that switches serves only from the switch on: no request of the new version predates it.
                servingSince.put(due.getValue().modelId(), due.getKey());
                it.remove();
            }
        }
    }

    private void applyCommands(Instant now) {
        for (RollbackRequested next = commands.poll(); next != null; next = commands.poll()) {
            RollbackRequested command = next;
            RollbackDecision decision = rollbackKey
                    .map(key -> RollbackController.decide(command, deployments, key, now))
                    .orElse(new RollbackDecision.Ignored("no SHEPHERD_ROLLBACK_HMAC_KEY to verify the signature with: refused"));
            if (decision instanceof RollbackDecision.Applied applied) {
                deployments = applied.next();
                sink.send(Topics.LIFECYCLE, applied.event().getEventId(), now, applied.event());
                news.accept("controller: rolled " + command.getModelId() + " back from " + command.getFromVersion() + " to "
                        + command.getToVersion() + " (signature verified, key " + command.getSignatureKeyId() + ")");
            } else if (decision instanceof RollbackDecision.Ignored ignored) {
                news.accept("controller: rollback " + command.getIdempotencyKey() + " not applied: " + ignored.reason());
            }
        }
    }

    private void serve(ModelSpec model, Duration elapsed, Instant from, Instant to) {
        double seconds = Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
        List<Serving> serving = deployments.serving(model.id());
        if (serving.isEmpty()) {
            return;
        }
        Serving champion = deployments.pick(model.id(), 1.0).orElse(serving.get(0));
        double rate = scenario.trafficAt(model, champion.version(), elapsed).ratePerSecond() * rateScale;
        double due = owed.getOrDefault(model.id(), 0.0) + rate * seconds;
        int count = (int) due;
        owed.put(model.id(), due - count);
        long span = Math.max(1, Duration.between(from, to).toMillis());
        for (int i = 0; i < count; i++) {
            Serving version = deployments.pick(model.id(), random.nextDouble()).orElse(champion);
            Traffic traffic = scenario.trafficAt(model, version.version(), elapsed);
            Instant at = from.plusMillis(span * (i + 1) / count);
            ServedRequest request = RequestGenerator.generate(model, version.version(), version.variant(), traffic, at,
                    "r-" + runId + "-" + requests.incrementAndGet(), random);
            sink.send(Topics.FEATURES, model.id(), at, request.features());
            sink.send(Topics.PREDICTIONS, model.id(), at, request.prediction());
            pendingOutcomes.add(request.outcome());
        }
    }

    private void releaseOutcomes(Instant now) {
        while (!pendingOutcomes.isEmpty() && !pendingOutcomes.peek().getEventTime().isAfter(now)) {
            OutcomeObserved outcome = pendingOutcomes.poll();
            sink.send(Topics.OUTCOMES, outcome.getRequestId(), outcome.getEventTime(), outcome);
        }
    }
}
