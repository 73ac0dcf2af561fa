#!/usr/bin/env bash
# Stop the one-node Slurm of start-slurm.sh: slurmd, slurmctld, then munged, each by its pid file.
set -uo pipefail
DIR="${BONESIM_SLURM_DIR:-/tmp/bonesim-slurm}"
for daemon in slurmd slurmctld munged; do
  pidfile="$DIR/$daemon.pid"
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
done
echo "stop-slurm: stopped"
