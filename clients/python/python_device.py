#!/usr/bin/python3
"""A Tandem device in Python, on nothing but Debian's python3-kafka and python3-avro.

It sends Fashion-MNIST test images as FeatureFrames at partition 0 (the raw input, float32: the
edge runs the whole model), keyed by its device id, reads its answers from the results topic
(one per frame id), and prints one JSON line: frames sent, answered, correct, mean latency.

Usage: python_device.py --bootstrap HOST:PORT --namespace tandem --zoo models/zoo --frames 20
"""
import argparse
import json
import struct
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

import tandem_avro

SIDE = 28


def load_images(zoo, count):
    """The zoo's committed test subset: raw uint8 pixels (N x 784) and uint8 labels."""
    with open(f"{zoo}/data/fmnist-test-2000-images.u8", "rb") as f:
        pixels = f.read(count * SIDE * SIDE)
    with open(f"{zoo}/data/fmnist-test-2000-labels.u8", "rb") as f:
        labels = list(f.read(count))
    images = [[b / 255.0 for b in pixels[i * SIDE * SIDE:(i + 1) * SIDE * SIDE]] for i in range(count)]
    return images, labels


def frame(device_id, frame_id, model, version, pixels):
    now = int(time.time() * 1_000_000)
    return {
        "deviceId": device_id, "frameId": frame_id, "modelId": model, "version": version,
        "partition": 0, "codec": "float32", "shape": [1, 1, SIDE, SIDE], "dtype": "FLOAT32",
        "quantization": None, "compression": "NONE",
        "payload": struct.pack("<%df" % len(pixels), *pixels),
        "planEpoch": 0, "capturedAtMicros": now, "headDoneAtMicros": now, "sentAtMicros": now,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--namespace", default="tandem")
    parser.add_argument("--zoo", default="models/zoo")
    parser.add_argument("--schemas", default="schemas/src/main/avro")
    parser.add_argument("--model", default="fmnist-resnet")
    parser.add_argument("--version", default="w100")
    parser.add_argument("--device-id", default="py-device-1")
    parser.add_argument("--frames", type=int, default=20)
    parser.add_argument("--fps", type=float, default=10)
    parser.add_argument("--timeout-s", type=float, default=60)
    args = parser.parse_args()

    schemas = tandem_avro.load_schemas(args.schemas)
    images, labels = load_images(args.zoo, args.frames)
    results_topic = f"{args.namespace}.results"

    # Read answers from now on, before the first frame goes out. python3-kafka 2.0 has no
    # read_committed: it may see an answer of a transaction the edge later aborts and retries, so
    # answers count once per frame id.
    consumer = KafkaConsumer(bootstrap_servers=args.bootstrap, enable_auto_commit=False, group_id=None,
                             consumer_timeout_ms=500)
    partitions = [TopicPartition(results_topic, p) for p in consumer.partitions_for_topic(results_topic)]
    consumer.assign(partitions)
    consumer.seek_to_end(*partitions)
    for p in partitions:
        consumer.position(p)

    producer = KafkaProducer(bootstrap_servers=args.bootstrap, acks="all")
    sent_at = {}
    for i in range(args.frames):
        record = frame(args.device_id, i, args.model, args.version, images[i])
        producer.send(f"{args.namespace}.features", key=args.device_id.encode(),
                      value=tandem_avro.encode(schemas["FeatureFrame"], record))
        sent_at[i] = time.time()
        time.sleep(1.0 / args.fps)
    producer.flush()
    producer.close()

    answers = {}
    deadline = time.time() + args.timeout_s
    while len(answers) < args.frames and time.time() < deadline:
        for message in consumer:
            try:
                result = tandem_avro.decode(schemas["InferenceResult"], message.value)
            except tandem_avro.WireFormatError:
                continue  # python3-kafka 2.0 hands out transaction markers as records; skip anything undecodable
            if result["deviceId"] != args.device_id or result["frameId"] in answers:
                continue
            answers[result["frameId"]] = (result["predictedClass"], time.time() - sent_at[result["frameId"]])
    consumer.close()

    correct = sum(1 for i, (predicted, _) in answers.items() if predicted == labels[i])
    latencies = [latency for _, latency in answers.values()]
    print(json.dumps({
        "deviceId": args.device_id, "sent": args.frames, "answered": len(answers), "correct": correct,
        "meanLatencyMs": round(1000 * sum(latencies) / len(latencies), 1) if latencies else None,
    }))
    return 0 if len(answers) == args.frames else 1


if __name__ == "__main__":
    sys.exit(main())
