#!/usr/bin/env bash
# Installs what Tandem needs on a fresh Debian or Ubuntu machine, from Debian's packages only:
# a JDK 17, Maven, the Python client libraries its interoperability tests use, and Chromium, in
# which the dashboard test renders the demo's dashboard headless.
# Idempotent: installs only what is missing.
set -euo pipefail

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

missing=()
if ! command -v java >/dev/null || ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
  missing+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null || missing+=(maven)
# Debian's python3 (not a pyenv or venv one) must see Debian's python3-kafka and python3-avro.
if [[ ! -x /usr/bin/python3 ]] || ! /usr/bin/python3 -c 'import kafka, avro' 2>/dev/null; then
  missing+=(python3 python3-kafka python3-avro)
fi
command -v chromium >/dev/null || missing+=(chromium)

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "prerequisites already installed"
fi
