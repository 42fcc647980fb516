#!/usr/bin/env python3
"""Where a run's time went: reads the monitoring topic's RequestLatency events from the start and
prints, per time bucket since the first answer, the count and the p50/p95 of the total and the
p50 of each part (device head, uplink, edge queue, edge compute).

    ./tandem kafka --port 19092 &
    ./tandem demo --bootstrap 127.0.0.1:19092 --namespace run1 --duration 40 --dashboard-port -1
    /usr/bin/python3 clients/python/latency_breakdown.py --bootstrap 127.0.0.1:19092 --namespace run1

Debian packages only: python3-kafka, python3-avro.
"""
import argparse
import collections
import os
import sys

from kafka import KafkaConsumer, TopicPartition

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tandem_avro  # noqa: E402

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas", "src", "main", "avro")


def nearest_rank(values, q):
    """The project's quantile: the smallest value with at least ceil(q n) values at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 1))
    return ordered[int(rank) - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", default="127.0.0.1:9092")
    ap.add_argument("--namespace", default="tandem")
    ap.add_argument("--bucket", type=float, default=5.0, help="seconds per row (default 5)")
    args = ap.parse_args()
    schema = tandem_avro.load_schemas(SCHEMAS)["MonitorEvent"]
    topic = args.namespace + ".monitoring"
    consumer = KafkaConsumer(bootstrap_servers=args.bootstrap, enable_auto_commit=False,
                             consumer_timeout_ms=5000)
    partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
    if not partitions:
        sys.exit(f"latency_breakdown: no topic {topic} on {args.bootstrap}")
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    rows = []
    for message in consumer:
        event = tandem_avro.decode(schema, message.value)
        if "totalMs" in event["body"]:
            rows.append((event["eventTimeMicros"], event["body"]))
    if not rows:
        sys.exit(f"latency_breakdown: no RequestLatency events on {topic}")
    rows.sort(key=lambda r: r[0])
    first = rows[0][0]
    buckets = collections.defaultdict(list)
    for at, body in rows:
        buckets[int((at - first) / (args.bucket * 1e6))].append(body)
    print("from_s  answers  total_p50  total_p95  head_p50  uplink_p50  queue_p50  compute_p50  (ms)")
    for k in sorted(buckets):
        b = buckets[k]

        def p(field, q=0.5):
            return nearest_rank([x[field] for x in b], q)

        print(f"{k * args.bucket:6.0f}  {len(b):7d}  {p('totalMs'):9.1f}  {p('totalMs', 0.95):9.1f}  "
              f"{p('headMs'):8.1f}  {p('uplinkMs'):10.1f}  {p('queueMs'):9.1f}  {p('edgeComputeMs'):11.1f}")


if __name__ == "__main__":
    main()
