#!/usr/bin/env python3
"""A serving system written in Python, using Confluent's own client (confluent_kafka.avro) against Shepherd's stack.

Keys are plain UTF-8 model ids, as Shepherd's topics expect; values go through Confluent's Avro MessageSerializer
and its schema registry client.

  produce <bootstrap> <registry-url> <topic> <schema.avsc> <events.json>   one JSON event per line -> Avro records
  consume <bootstrap> <registry-url> <topic> <count> <group>               prints each decoded value as one JSON line
"""
import datetime
import json
import sys

from confluent_kafka import Consumer, Producer, avro
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def to_python(value):
    """JSON cannot hold datetimes; Avro's timestamp-millis wants them in Python."""
    value = dict(value)
    value["eventTime"] = datetime.datetime.fromtimestamp(value["eventTime"] / 1000.0, tz=datetime.timezone.utc)
    return value


def to_json(value):
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    raise TypeError(repr(value))


def produce(bootstrap, registry, topic, schema_file, events_file):
    schema = avro.loads(open(schema_file).read())
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": registry}))
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    failures = []
    with open(events_file) as lines:
        for line in lines:
            event = json.loads(line)
            value = serializer.encode_record_with_schema(topic, schema, to_python(event), is_key=False)
            producer.produce(topic=topic, key=event["modelId"].encode("utf-8"), value=value,
                             on_delivery=lambda err, msg: failures.append(str(err)) if err else None)
    if producer.flush(30) != 0 or failures:
        sys.exit("delivery failed: %s" % failures)


def consume(bootstrap, registry, topic, count, group):
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": registry}))
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    consumer.subscribe([topic])
    seen = 0
    idle_polls = 0
    while seen < count and idle_polls < 60:
        message = consumer.poll(1.0)
        if message is None:
            idle_polls += 1
            continue
        if message.error():
            sys.exit("consume failed: %s" % message.error())
        value = serializer.decode_message(message.value(), is_key=False)
        print(json.dumps({"key": message.key().decode("utf-8"), "value": value}, default=to_json, sort_keys=True), flush=True)
        seen += 1
    consumer.close()
    if seen < count:
        sys.exit("only %d of %d records arrived" % (seen, count))


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "produce":
        produce(*args)
    elif mode == "consume":
        consume(args[0], args[1], args[2], int(args[3]), args[4])
    else:
        sys.exit(__doc__)
