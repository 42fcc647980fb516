#!/usr/bin/env bash
# A Flink session cluster on this machine from Maven artifacts (no Flink distribution needed), and
# Tandem's edge job on it.
#
#   deploy/flink-standalone/cluster.sh start           JobManager + TaskManager; REST and web on :8081
#   deploy/flink-standalone/cluster.sh submit [FLAGS]   the edge job (jobs/target/tandem-edge.jar), e.g. --bootstrap HOST:PORT;
#                                                       checkpoints kept in run/checkpoints, resumed from on the next submit
#   deploy/flink-standalone/cluster.sh stop            stops both (by PID file)
#
# State, logs and PID files go to deploy/flink-standalone/run/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUN="$HERE/run"
CONF="$HERE/conf"
mkdir -p "$RUN"
export FLINK_CONF_DIR="$CONF" ORT_DISABLE_TELEMETRY=1

classpath() {
  if [[ ! -s "$RUN/classpath" ]]; then
    (cd "$HERE" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$RUN/classpath" >/dev/null)
  fi
  # A long -cp on the command line is what ONNX Runtime trips over: pass it by environment.
  CLASSPATH="$(cat "$RUN/classpath")"
  export CLASSPATH
}

java_opts() {
  sed -n '/all: >-/,$p' "$CONF/config.yaml" | tail -n +2 | tr -s ' \n' ' '
}

# BashJavaUtils computes the memory flags a Flink process needs from the configuration.
resource_params() {
  java -Dlog.file="$RUN/bash-java-utils.log" -Dlog4j.configurationFile="$CONF/log4j2.properties" \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$CONF" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

# start_process NAME MAIN "JVM FLAGS" "PROGRAM ARGS"
start_process() {
  local name="$1" main="$2" jvm="$3" args="$4"
  if [[ -f "$RUN/$name.pid" ]] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
    echo "$name already running (pid $(cat "$RUN/$name.pid"))"; return
  fi
  # shellcheck disable=SC2046,SC2086
  nohup java $(java_opts) $jvm -Dlog.file="$RUN/$name.log" -Dlog4j.configurationFile="$CONF/log4j2.properties" \
    "$main" --configDir "$CONF" $args >"$RUN/$name.out" 2>&1 &
  echo $! >"$RUN/$name.pid"
  echo "$name started (pid $!, log $RUN/$name.log)"
}

case "${1:-}" in
  start)
    classpath
    # Each gives two lines: the JVM's memory flags, then the memory settings as -D key=value program arguments.
    mapfile -t jm < <(resource_params GET_JM_RESOURCE_PARAMS)
    start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "${jm[0]}" "${jm[1]:-}"
    mapfile -t tm < <(resource_params GET_TM_RESOURCE_PARAMS)
    start_process taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner "${tm[0]}" "${tm[1]:-}"
    for _ in $(seq 1 60); do
      if curl -sf http://localhost:8081/taskmanagers | grep -q '"slotsNumber"'; then
        echo "cluster ready: http://localhost:8081"; exit 0
      fi
      sleep 1
    done
    echo "cluster not ready after 60 s; see $RUN/*.log" >&2; exit 1
    ;;
  submit)
    shift
    classpath
    JAR="$ROOT/jobs/target/tandem-edge.jar"
    [[ -f "$JAR" ]] || (cd "$ROOT" && mvn -B -q -DskipTests -pl jobs -am package)
    # shellcheck disable=SC2046
    java $(java_opts) -Dlog.file="$RUN/client.log" -Dlog4j.configurationFile="$CONF/log4j2.properties" \
      org.apache.flink.client.cli.CliFrontend run -d -m localhost:8081 "$JAR" --models "$ROOT/models/zoo" \
      --checkpoint-dir "$RUN/checkpoints" "$@"
    ;;
  stop)
    for name in taskmanager jobmanager; do
      if [[ -f "$RUN/$name.pid" ]]; then
        kill "$(cat "$RUN/$name.pid")" 2>/dev/null || true
        rm -f "$RUN/$name.pid"
        echo "$name stopped"
      fi
    done
    ;;
  *)
    sed -n '2,9p' "$0"; exit 2
    ;;
esac
