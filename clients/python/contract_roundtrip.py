#!/usr/bin/python3
"""Proves the contract is language-neutral: writes a FeatureFrame for partition 0 (raw input) and
reads one InferenceResult written by Java, then prints the result as one JSON line.

Usage: contract_roundtrip.py --bootstrap HOST:PORT --features-topic T --results-topic T --schemas DIR
"""
import argparse
import json
import struct
import sys
import time

from kafka import KafkaConsumer, KafkaProducer

import tandem_avro


def raw_input_frame(device_id, frame_id):
    pixels = [((i * 37) % 256) / 255.0 for i in range(28 * 28)]
    now = int(time.time() * 1_000_000)
    return {
        "deviceId": device_id, "frameId": frame_id, "modelId": "fmnist-resnet", "version": "w100",
        "partition": 0, "codec": "float32", "shape": [1, 1, 28, 28], "dtype": "FLOAT32",
        "quantization": None, "compression": "NONE",
        "payload": struct.pack("<%df" % len(pixels), *pixels),
        "planEpoch": 0, "capturedAtMicros": now, "headDoneAtMicros": now, "sentAtMicros": now,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--features-topic", required=True)
    parser.add_argument("--results-topic", required=True)
    parser.add_argument("--schemas", required=True)
    parser.add_argument("--device-id", default="py-cam-1")
    parser.add_argument("--timeout-s", type=float, default=30)
    args = parser.parse_args()

    schemas = tandem_avro.load_schemas(args.schemas)

    producer = KafkaProducer(bootstrap_servers=args.bootstrap, acks="all")
    frame = raw_input_frame(args.device_id, 42)
    producer.send(args.features_topic, key=args.device_id.encode(), value=tandem_avro.encode(schemas["FeatureFrame"], frame)).get(timeout=args.timeout_s)
    producer.flush()
    producer.close()

    consumer = KafkaConsumer(args.results_topic, bootstrap_servers=args.bootstrap, auto_offset_reset="earliest",
                             enable_auto_commit=False, group_id=None, consumer_timeout_ms=int(args.timeout_s * 1000))
    for message in consumer:
        result = tandem_avro.decode(schemas["InferenceResult"], message.value)
        print(json.dumps({
            "key": message.key.decode() if message.key else None,
            "deviceId": result["deviceId"], "frameId": result["frameId"], "predictedClass": result["predictedClass"],
            "topK": [[s["classIndex"], s["score"]] for s in result["topK"]],
            "version": result["version"], "partition": result["partition"], "batchSize": result["batchSize"],
        }))
        consumer.close()
        return 0
    print("no InferenceResult arrived within %.0f s" % args.timeout_s, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
