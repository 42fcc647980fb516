#!/usr/bin/env bash
# A Flink session cluster on this machine from Maven artifacts (no Flink distribution needed), and
# Tandem's edge job on it.
#
#   deploy/flink-standalone/cluster.sh start [--taskmanagers N]   JobManager + N TaskManagers (default 1); REST and web on :8081;
#                                                       every process supervised: started again whenever it exits, and
#                                                       a restarted JobManager given the last submitted job again
#   deploy/flink-standalone/cluster.sh submit [FLAGS]   the edge job (jobs/target/tandem-edge.jar), e.g. --bootstrap HOST:PORT;
#                                                       checkpoints kept in run/checkpoints, resumed from on the next submit
#   deploy/flink-standalone/cluster.sh resubmit         the last submitted job again, once the cluster is up (what the
#                                                       JobManager's supervisor runs after restarting it)
#   deploy/flink-standalone/cluster.sh stop            stops every process it started (by PID file)
#
# State, logs and PID files go to deploy/flink-standalone/run/ (TANDEM_CLUSTER_RUN). TANDEM_CLUSTER_REST_PORT
# (8081) and TANDEM_CLUSTER_RPC_PORT (6123) move the JobManager's ports, TANDEM_CLUSTER_TM_MEMORY (2048m) sets each
# TaskManager's process size and TANDEM_CLUSTER_SLOTS (4) its slots: several clusters can share a machine, as the
# build's own test does.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUN="${TANDEM_CLUSTER_RUN:-$HERE/run}"
CONF="$HERE/conf"
REST_PORT="${TANDEM_CLUSTER_REST_PORT:-8081}"
RPC_PORT="${TANDEM_CLUSTER_RPC_PORT:-6123}"
TM_MEMORY="${TANDEM_CLUSTER_TM_MEMORY:-2048m}"
SLOTS="${TANDEM_CLUSTER_SLOTS:-4}"
mkdir -p "$RUN"
export FLINK_CONF_DIR="$CONF" ORT_DISABLE_TELEMETRY=1
# Flink's dynamic properties, on top of conf/config.yaml, for every process of this cluster.
DYNAMIC=(-D "rest.port=$REST_PORT" -D "jobmanager.rpc.port=$RPC_PORT" -D "taskmanager.memory.process.size=$TM_MEMORY"
  -D "taskmanager.numberOfTaskSlots=$SLOTS")

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
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$CONF" "${DYNAMIC[@]}" \
    | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

# start_process NAME MAIN "JVM FLAGS" "PROGRAM ARGS" [supervised]
# A supervised process is started again whenever it exits (supervise.sh): its PID file holds the
# supervisor's, NAME.java.pid the JVM's.
start_process() {
  local name="$1" main="$2" jvm="$3" args="$4" supervised="${5:-}"
  if [[ -f "$RUN/$name.pid" ]] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
    echo "$name already running (pid $(cat "$RUN/$name.pid"))"; return
  fi
  local launcher=()
  [[ -n "$supervised" ]] && launcher=("$HERE/supervise.sh" "$RUN" "$name")
  # shellcheck disable=SC2046,SC2086
  nohup "${launcher[@]}" java $(java_opts) $jvm -Dlog.file="$RUN/$name.log" -Dlog4j.configurationFile="$CONF/log4j2.properties" \
    "$main" --configDir "$CONF" "${DYNAMIC[@]}" $args >>"$RUN/$name.out" 2>&1 &
  echo $! >"$RUN/$name.pid"
  echo "$name started (pid $!${supervised:+, supervised}, log $RUN/$name.log)"
}

registered_taskmanagers() {
  curl -sf "http://localhost:$REST_PORT/taskmanagers" | grep -o '"slotsNumber"' | wc -l || true
}

case "${1:-}" in
  start)
    shift
    taskmanagers=1
    if [[ "${1:-}" == "--taskmanagers" ]]; then
      taskmanagers="${2:?--taskmanagers needs a number}"
      [[ "$taskmanagers" =~ ^[1-9][0-9]*$ ]] || { echo "--taskmanagers is a positive number, not '$taskmanagers'" >&2; exit 2; }
    fi
    classpath
    rm -f "$RUN/stopping"
    # Each gives two lines: the JVM's memory flags, then the memory settings as -D key=value program arguments.
    mapfile -t jm < <(resource_params GET_JM_RESOURCE_PARAMS)
    echo "$taskmanagers" >"$RUN/taskmanagers"
    # A session cluster without HA forgets its jobs with its JobManager: whoever restarts it
    # submits the job again, which resumes from its newest retained checkpoint.
    export TANDEM_AFTER_RESTART="$HERE/cluster.sh resubmit"
    start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "${jm[0]}" "${jm[1]:-}" supervised
    unset TANDEM_AFTER_RESTART
    mapfile -t tm < <(resource_params GET_TM_RESOURCE_PARAMS)
    for i in $(seq 1 "$taskmanagers"); do
      start_process "taskmanager-$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner "${tm[0]}" "${tm[1]:-}" supervised
    done
    for _ in $(seq 1 90); do
      if [[ "$(registered_taskmanagers)" -ge "$taskmanagers" ]]; then
        echo "cluster ready: http://localhost:$REST_PORT ($taskmanagers TaskManagers)"; exit 0
      fi
      sleep 1
    done
    echo "cluster not ready after 90 s; see $RUN/*.log" >&2; exit 1
    ;;
  submit)
    shift
    printf '%s\n' "$@" >"$RUN/job.args" # what resubmit gives the job again
    classpath
    JAR="$ROOT/jobs/target/tandem-edge.jar"
    [[ -f "$JAR" ]] || (cd "$ROOT" && mvn -B -q -DskipTests -pl jobs -am package)
    # shellcheck disable=SC2046
    java $(java_opts) -Dlog.file="$RUN/client.log" -Dlog4j.configurationFile="$CONF/log4j2.properties" \
      org.apache.flink.client.cli.CliFrontend run -d -m "localhost:$REST_PORT" "$JAR" --models "$ROOT/models/zoo" \
      --checkpoint-dir "$RUN/checkpoints" "$@"
    ;;
  resubmit)
    [[ -f "$RUN/job.args" ]] || { echo "nothing was submitted to resubmit"; exit 0; }
    wanted="$(cat "$RUN/taskmanagers" 2>/dev/null || echo 1)"
    for _ in $(seq 1 120); do
      [[ -f "$RUN/stopping" ]] && exit 0
      if [[ "$(registered_taskmanagers)" -ge "$wanted" ]]; then
        if curl -sf "http://localhost:$REST_PORT/jobs/overview" | grep -q '"state":"RUNNING"'; then
          echo "a job is running already"; exit 0
        fi
        mapfile -t args <"$RUN/job.args"
        echo "$(date -u +%FT%TZ) resubmitting: ${args[*]}"
        exec "$0" submit "${args[@]}"
      fi
      sleep 1
    done
    echo "cluster not back after 120 s; job not resubmitted" >&2; exit 1
    ;;
  stop)
    touch "$RUN/stopping" # supervisors start nothing more
    pids=()
    for file in "$RUN"/taskmanager*.java.pid "$RUN"/taskmanager*.pid "$RUN"/jobmanager.java.pid "$RUN"/jobmanager.pid; do
      [[ -f "$file" ]] || continue
      pid="$(cat "$file")"
      if kill "$pid" 2>/dev/null; then
        pids+=("$pid")
      fi
      rm -f "$file"
      [[ "$file" == *.java.pid ]] || echo "$(basename "$file" .pid) stopped"
    done
    # Flink shuts down within seconds of SIGTERM; whatever is left after 20 s is killed.
    for _ in $(seq 1 40); do
      alive=()
      for pid in "${pids[@]+"${pids[@]}"}"; do
        if kill -0 "$pid" 2>/dev/null; then alive+=("$pid"); fi
      done
      [[ ${#alive[@]} -eq 0 ]] && exit 0
      sleep 0.5
    done
    kill -9 "${alive[@]}" 2>/dev/null || true
    ;;
  *)
    sed -n '2,17p' "$0"; exit 2
    ;;
esac
