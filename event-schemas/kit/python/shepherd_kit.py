"""Connection settings, schema ids and times shared by the producer and the rollback consumer examples.

Settings, from the command line or the environment:
  --bootstrap-servers   KAFKA_BOOTSTRAP_SERVERS   (default localhost:9092)
  --schema-registry-url SCHEMA_REGISTRY_URL       (default http://localhost:8081)
  SCHEMA_REGISTRY_USER_INFO=user:password, SCHEMA_REGISTRY_CA_FILE=ca.pem   registry basic auth and https
  KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_SSL_CA_FILE
  -X name=value                                   any other librdkafka setting, passed through as it is
"""
import argparse
import datetime
import json
import os
import sys
import urllib.parse

from confluent_kafka import avro
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.error import ClientError
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas", "standalone")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)

LIFECYCLE = "shepherd.lifecycle"
PREDICTIONS = "shepherd.predictions"
FEATURES = "shepherd.features"
OUTCOMES = "shepherd.outcomes"
ROLLBACK_COMMANDS = "shepherd.rollback-commands"

_KAFKA_ENV = {
    "KAFKA_SECURITY_PROTOCOL": "security.protocol",
    "KAFKA_SASL_MECHANISM": "sasl.mechanism",
    "KAFKA_SASL_USERNAME": "sasl.username",
    "KAFKA_SASL_PASSWORD": "sasl.password",
    "KAFKA_SSL_CA_FILE": "ssl.ca.location",
}


def argument_parser(description):
    parser = argparse.ArgumentParser(description=description, epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap-servers", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"))
    parser.add_argument("--schema-registry-url", default=os.environ.get("SCHEMA_REGISTRY_URL", "http://localhost:8081"))
    parser.add_argument("-X", dest="client_settings", action="append", default=[], metavar="NAME=VALUE",
                        help="a librdkafka setting, e.g. -X security.protocol=SASL_SSL")
    return parser


def kafka_config(args, **defaults):
    """librdkafka settings: the example's defaults, then the environment's security settings, then -X."""
    config = dict(defaults, **{"bootstrap.servers": args.bootstrap_servers})
    config.update({name: os.environ[env] for env, name in _KAFKA_ENV.items() if os.environ.get(env)})
    for setting in args.client_settings:
        name, sep, value = setting.partition("=")
        if not sep:
            sys.exit("-X wants NAME=VALUE, got %r" % setting)
        config[name] = value
    return config


def registry_serializer(args):
    """Confluent's Avro serializer over the registry; credentials go in the URL, where any character survives."""
    url = args.schema_registry_url
    user_info = os.environ.get("SCHEMA_REGISTRY_USER_INFO")
    if user_info:
        user, _, password = user_info.partition(":")
        parts = urllib.parse.urlsplit(url)
        credentials = urllib.parse.quote(user, safe="") + ":" + urllib.parse.quote(password, safe="")
        url = urllib.parse.urlunsplit(parts._replace(netloc=credentials + "@" + parts.netloc))
    config = {"url": url}
    if os.environ.get("SCHEMA_REGISTRY_CA_FILE"):
        config["ssl.ca.location"] = os.environ["SCHEMA_REGISTRY_CA_FILE"]
    return MessageSerializer(CachedSchemaRegistryClient(config))


def registered_schema_id(serializer, topic, event):
    """The id of the kit's schema of `event` under `<topic>-value`; the examples look it up and register nothing."""
    with open(os.path.join(SCHEMAS, event + ".avsc")) as file:
        schema = avro.loads(file.read())
    try:
        return serializer.registry_client.check_registration(topic + "-value", schema)
    except ClientError as e:
        sys.exit("%s is not registered under %s-value (%s): run event-schemas/kit/register-schemas first" % (event, topic, e))


def from_millis(millis):
    """Avro's timestamp-millis fields take datetimes in Python; built from integers, so no millisecond is lost."""
    return EPOCH + datetime.timedelta(milliseconds=millis)


def to_millis(moment):
    return (moment - EPOCH) // datetime.timedelta(milliseconds=1)


def print_json(value):
    print(json.dumps(value, default=lambda v: to_millis(v) if isinstance(v, datetime.datetime) else repr(v)), flush=True)
