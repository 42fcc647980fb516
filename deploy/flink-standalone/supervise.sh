#!/usr/bin/env bash
# Keeps one process running: starts COMMAND, and whenever it exits starts it again after a second,
# until the run directory holds a file named "stopping" (cluster.sh stop). A TaskManager killed by
# the kernel, a crash or kill -9 thus comes back without a human, and Flink's restart strategy
# redeploys the job onto it. With TANDEM_AFTER_RESTART set, that command runs (in the background)
# after every start but the first: the JobManager's supervisor resubmits the job with it.
#   supervise.sh RUN_DIR NAME COMMAND...   (the running process's PID in RUN_DIR/NAME.java.pid)
set -uo pipefail
RUN="$1" NAME="$2"
shift 2
starts=0
while [[ ! -f "$RUN/stopping" ]]; do
  "$@" &
  child=$!
  echo "$child" >"$RUN/$NAME.java.pid"
  starts=$((starts + 1))
  if [[ $starts -gt 1 && -n "${TANDEM_AFTER_RESTART:-}" ]]; then
    bash -c "$TANDEM_AFTER_RESTART" >>"$RUN/$NAME.after-restart.log" 2>&1 &
  fi
  wait "$child"
  status=$?
  [[ -f "$RUN/stopping" ]] && break
  echo "$(date -u +%FT%TZ) $NAME exited with status $status; start $((starts + 1)) in 1 s" >&2
  sleep 1
done
rm -f "$RUN/$NAME.java.pid"
