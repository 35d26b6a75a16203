#!/usr/bin/env python3
"""A serving system reporting to Shepherd with Confluent's Python client (confluent-kafka 1.7.0 and python3-avro).

It announces a deployment (ModelLifecycle DEPLOYED), then for every request it answers sends what the model predicted
(PredictionServed) and the features it saw (FeaturesObserved), and once the truth is known the outcome
(OutcomeObserved). Values are Avro in Confluent's wire format, written with the ids of the schemas register-schemas
registered (this looks them up and registers nothing). Keys are plain UTF-8: the event id for lifecycle events, the
model id for predictions and features, the request id for outcomes. Keys are partitioned as Java's producer does
(murmur2), so the records of one model meet those sent from Java in the same partition.

Each delivered record is printed as one JSON line: {"topic", "partition", "offset", "key", "value"}.
"""
import time
import uuid

from confluent_kafka import Producer

import shepherd_kit as kit

COUNTRIES = ["DE", "FR", "NL"]


def deployment(model_id, version, previous, now):
    return {"eventId": "deploy-%s-%s" % (model_id, version), "modelId": model_id, "eventTime": kit.from_millis(now),
            "type": "DEPLOYED", "fromVersion": previous, "toVersion": version, "variant": "CHAMPION",
            "reference": {"kind": "FIRST_EVENTS", "events": 10000, "durationMs": None, "rangeStart": None,
                          "rangeEnd": None, "referenceSetId": None},
            "baseline": {"accuracy": 0.92}, "actor": "serving-example", "reason": "weekly retrain", "causedBy": None}


def serve(model_id, version, request_id, i, now):
    """One request answered: the features seen and the prediction made; every fourth request times out."""
    features = {"amount": 20.0 + 60.0 * i, "country": COUNTRIES[i % 3], "merchant_embedding": [0.25, -0.5, 0.125 * i],
                "device_age_days": None if i % 2 else 30.0 * i}
    failed = i % 4 == 3
    score = min(0.95, features["amount"] / 200.0)
    prediction = {"score": None, "label": None, "probabilities": None} if failed else {
        "score": score, "label": "fraud" if score >= 0.5 else "legit",
        "probabilities": {"fraud": score, "legit": 1.0 - score}}
    served = {"eventId": str(uuid.uuid4()), "requestId": request_id, "modelId": model_id, "modelVersion": version,
              "variant": "CHAMPION", "eventTime": kit.from_millis(now), "prediction": prediction,
              "latencyMs": 250.0 if failed else 4.5 + i, "status": "ERROR" if failed else "OK",
              "errorKind": "TIMEOUT" if failed else None, "segments": {"region": "eu-west"}}
    seen = {"eventId": "f-" + request_id, "requestId": request_id, "modelId": model_id, "modelVersion": version,
            "eventTime": kit.from_millis(now), "features": features}
    return served, seen


def outcome(model_id, request_id, truth, now):
    return {"eventId": "o-" + request_id, "requestId": request_id, "modelId": model_id, "eventTime": kit.from_millis(now),
            "groundTruth": truth}


class Sender:
    """Encodes with the registered schema id of each topic and prints every record once the broker has it."""

    def __init__(self, args, serializer, schema_ids):
        self.serializer = serializer
        self.schema_ids = schema_ids
        self.producer = Producer(kit.kafka_config(args, **{
            "enable.idempotence": True, "compression.type": "lz4", "partitioner": "murmur2_random"}))
        self.failures = []

    def send(self, topic, key, value):
        def delivered(err, msg):
            if err:
                self.failures.append("%s %s: %s" % (topic, key, err))
            else:
                kit.print_json({"topic": topic, "partition": msg.partition(), "offset": msg.offset(), "key": key, "value": value})

        encoded = self.serializer.encode_record_with_schema_id(self.schema_ids[topic], value, is_key=False)
        self.producer.produce(topic=topic, key=key.encode("utf-8"), value=encoded, on_delivery=delivered)
        self.producer.poll(0)

    def flush(self):
        if self.producer.flush(30) != 0 or self.failures:
            raise SystemExit("delivery failed: %s" % (self.failures or "timed out"))


def main():
    parser = kit.argument_parser(__doc__.split("\n")[0])
    parser.add_argument("--model-id", default="fraud-scorer")
    parser.add_argument("--model-version", default="v7")
    parser.add_argument("--previous-version", default="v6")
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()

    serializer = kit.registry_serializer(args)
    schema_ids = {topic: kit.registered_schema_id(serializer, topic, event) for topic, event in [
        (kit.LIFECYCLE, "ModelLifecycle"), (kit.PREDICTIONS, "PredictionServed"), (kit.FEATURES, "FeaturesObserved"),
        (kit.OUTCOMES, "OutcomeObserved")]}
    sender = Sender(args, serializer, schema_ids)
    now = int(time.time() * 1000)

    # The deployment first, so Shepherd knows the version before its first prediction.
    lifecycle = deployment(args.model_id, args.model_version, args.previous_version, now)
    sender.send(kit.LIFECYCLE, lifecycle["eventId"], lifecycle)
    sender.flush()

    truths = []
    for i in range(args.requests):
        request_id = "%s-req-%d-%d" % (args.model_id, now, i)
        served, seen = serve(args.model_id, args.model_version, request_id, i, now + i)
        sender.send(kit.PREDICTIONS, args.model_id, served)
        sender.send(kit.FEATURES, args.model_id, seen)
        truths.append((request_id, "fraud" if i % 3 == 0 else "legit"))
    sender.flush()

    # Labels arrive later in real life; keyed by request id so Shepherd can join them to their prediction.
    for i, (request_id, truth) in enumerate(truths):
        sender.send(kit.OUTCOMES, request_id, outcome(args.model_id, request_id, truth, now + args.requests + i))
    sender.flush()


if __name__ == "__main__":
    main()
