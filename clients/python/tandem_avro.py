"""Tandem's Avro contract for Python clients: schema loading and the single-object wire format.

Uses only Debian's python3-avro. Every Kafka value Tandem writes or reads is an Avro
single-object encoding: the marker C3 01, the writer schema's CRC-64-AVRO fingerprint
(8 bytes, little-endian) and the Avro binary body.
"""
import io
import json
import os

import avro.io
import avro.name
import avro.schema

# Shared named types, in dependency order (the same order as schemas/pom.xml's imports).
_COMMON = ["ScalarType", "Compression", "Quantization", "TaskKind", "PlanReason", "DeadLetterReason", "Plan"]
_TOP_LEVEL = ["FeatureFrame", "Telemetry", "InferenceResult", "MonitorEvent", "DeadLetter"]

_MARKER = b"\xc3\x01"
_EMPTY = 0xC15D213AA4D7A795
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


class WireFormatError(ValueError):
    """Bytes that are not a single-object encoded record of the expected schema."""


def fingerprint(schema):
    """CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form, as in the Avro spec."""
    fp = _EMPTY
    for b in schema.canonical_form.encode("utf-8"):
        fp = (fp >> 8) ^ _TABLE[(b ^ fp) & 0xFF]
    return fp


def load_schemas(directory):
    """Parses the contract's .avsc files from `directory` (schemas/src/main/avro); returns name -> Schema."""
    names = avro.name.Names()
    schemas = {}
    for name in _COMMON:
        schemas[name] = _parse(os.path.join(directory, "common", name + ".avsc"), names)
    for name in _TOP_LEVEL:
        schemas[name] = _parse(os.path.join(directory, name + ".avsc"), names)
    return schemas


def _parse(path, names):
    with open(path, encoding="utf-8") as f:
        return avro.schema.make_avsc_object(json.load(f), names)


def encode(schema, record):
    """Encodes a dict as a single-object message."""
    out = io.BytesIO()
    out.write(_MARKER)
    out.write(fingerprint(schema).to_bytes(8, "little"))
    avro.io.DatumWriter(schema).write(record, avro.io.BinaryEncoder(out))
    return out.getvalue()


def decode(schema, data):
    """Decodes a single-object message written with `schema`; raises WireFormatError otherwise."""
    if not data or len(data) < 10 or data[:2] != _MARKER:
        raise WireFormatError("not an Avro single-object message")
    if int.from_bytes(data[2:10], "little") != fingerprint(schema):
        raise WireFormatError("written with another schema than " + schema.fullname)
    try:
        return avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))
    except Exception as e:  # truncated or corrupt body
        raise WireFormatError("corrupt body: %s" % e) from e
