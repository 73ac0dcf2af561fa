#!/usr/bin/env bash
# A one-node Slurm on this machine for the ensemble's job-array test (test/slurm/slurm.test.ts):
# munged, slurmctld and slurmd as root, their state, spool, logs and pid files in $BONESIM_SLURM_DIR
# (default /tmp/bonesim-slurm). Installs Debian's slurm-wlm and munge when missing (needs root and the
# package lists: apt-get update first on a fresh machine). Idempotent: a running instance is left as it
# is. Stop it with test/slurm/stop-slurm.sh. Clients find it through SLURM_CONF=$BONESIM_SLURM_DIR/slurm.conf.
set -euo pipefail
DIR="${BONESIM_SLURM_DIR:-/tmp/bonesim-slurm}"
export SLURM_CONF="$DIR/slurm.conf"

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "start-slurm: installing slurm-wlm and munge (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq slurm-wlm munge >/dev/null; }
fi

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if running "$DIR/slurmctld.pid" && running "$DIR/slurmd.pid" && sinfo -h >/dev/null 2>&1; then
  echo "start-slurm: already running ($SLURM_CONF)"
  exit 0
fi

mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge"
chmod 0755 "$DIR"
chown munge:munge "$DIR/munge" 2>/dev/null || true
# munge: a key, and its socket in a folder others may enter (0755), as slurmd and the clients need.
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key 2>/dev/null || true
chmod 0400 /etc/munge/munge.key
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 0755 /run/munge
if ! running "$DIR/munged.pid"; then
  if id munge >/dev/null 2>&1; then
    runuser -u munge -- munged --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file=/var/lib/munge/munge.seed
    cp "$DIR/munge/munged.pid" "$DIR/munged.pid" 2>/dev/null || true
  else
    munged --force --pid-file="$DIR/munged.pid" --log-file="$DIR/munged.log"
  fi
fi
# munged writes its pid file as it starts; wait for the socket.
for _ in $(seq 50); do [ -S /run/munge/munge.socket.2 ] && break; sleep 0.1; done
[ -f "$DIR/munged.pid" ] || cp "$DIR/munge/munged.pid" "$DIR/munged.pid"

HOST="$(hostname -s)"
CPUS="$(nproc)"
cat > "$SLURM_CONF" <<CONF
ClusterName=bonesim
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

running "$DIR/slurmctld.pid" || slurmctld -f "$SLURM_CONF"
running "$DIR/slurmd.pid" || slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do
  if sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then
    echo "start-slurm: one node up ($SLURM_CONF)"
    exit 0
  fi
  sleep 0.2
done
echo "start-slurm: the node did not come up; logs in $DIR" >&2
tail -n 20 "$DIR/slurmctld.log" "$DIR/slurmd.log" >&2 || true
exit 1
