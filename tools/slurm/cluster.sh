#!/usr/bin/env bash
# A private single-node Slurm cluster (slurmctld, slurmd, slurmdbd, munged, MariaDB) whose state,
# sockets, logs and ports all live in one directory, so tests can run real Slurm without touching
# /etc or any system service. See tools/slurm/README.md for why each setting is there.
#
#   tools/slurm/cluster.sh start DIR   # start (refuses if DIR already runs one); writes DIR/env
#   tools/slurm/cluster.sh stop DIR    # stop every daemon started in DIR; never fails
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)

# Daemons in stop order: clients of a daemon go before it.
daemons=(slurmd slurmctld slurmdbd mariadb munged)

pid_of() { # the live pid recorded for daemon $1, or nothing
  local f="$dir/run/$1.pid" pid
  [[ -s $f ]] || return 0
  pid=$(tr -dc '0-9' <"$f")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
  return 0
}

stop_cluster() {
  local name pid waited
  for name in "${daemons[@]}"; do
    pid=$(pid_of "$name")
    [[ -n $pid ]] || continue
    kill -TERM "$pid" 2>/dev/null || true
    for ((waited = 0; waited < 150; waited++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "cluster.sh: $name (pid $pid) ignored SIGTERM for 15 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/run/$name.pid"
  done
  return 0
}

fail() { # one sentence on what failed and which log to read; stops whatever already started
  echo "cluster.sh: $1 (read $2)" >&2
  [[ -f $2 ]] && tail -n 15 "$2" >&2
  stop_cluster
  exit 1
}

wait_for() { # wait_for SECONDS WHAT LOG COMMAND...: poll COMMAND every 0.1 s
  local seconds=$1 what=$2 log=$3 i
  shift 3
  for ((i = 0; i < seconds * 10; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "$what did not come up within $seconds s" "$log"
}

port_free() { ! ss -Htan "( sport = :$1 )" | grep -q .; }

pick_ports() { # four consecutive free TCP ports in 20000-59999, starting from one derived from our pid
  local base p ok tries
  base=$((20000 + ($$ * 7) % 40000))
  for ((tries = 0; tries < 200; tries++)); do
    ok=1
    for ((p = base; p < base + 4; p++)); do port_free "$p" || { ok=0; break; }; done
    if ((ok)); then echo "$base"; return 0; fi
    base=$((20000 + (base - 20000 + 4) % 39990))
  done
  echo "cluster.sh: found no four free consecutive ports in 20000-59999" >&2
  exit 1
}

start_cluster() {
  local name
  for name in "${daemons[@]}"; do
    if [[ -n $(pid_of "$name") ]]; then
      echo "cluster.sh: $dir already runs a cluster ($name is alive, pid $(pid_of "$name")); run '$0 stop $dir' first" >&2
      exit 1
    fi
  done
  [[ $(id -u) -eq 0 ]] || { echo "cluster.sh: must run as root (the daemons run as root and slurmd starts jobs as the submitting user)" >&2; exit 1; }
  for name in slurmctld slurmd slurmdbd munged mungekey mariadbd mariadb-install-db mariadb sinfo sacct sacctmgr ss; do
    command -v "$name" >/dev/null || PATH=$PATH:/usr/sbin command -v "$name" >/dev/null \
      || { echo "cluster.sh: $name is not installed (apt-get install slurm-wlm slurmdbd munge mariadb-server iproute2)" >&2; exit 1; }
  done
  export PATH=$PATH:/usr/sbin

  local etc=$dir/etc run=$dir/run log=$dir/log
  mkdir -p "$etc" "$run" "$log" "$dir/munge" "$dir/state" "$dir/spool" "$dir/mysql"
  # munged refuses a socket directory others can write to.
  chmod 755 "$dir/munge" "$run"
  chmod 755 "$dir"

  local base ctld_port slurmd_port dbd_port db_port
  base=$(pick_ports)
  ctld_port=$base slurmd_port=$((base + 1)) dbd_port=$((base + 2)) db_port=$((base + 3))
  local munge_socket=$dir/munge/munge.socket
  local db_socket=$run/mariadb.sock
  local cpus mem_mb
  cpus=$(nproc)
  mem_mb=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)

  # --- munge: a private key and daemon; every Slurm component is pointed at its socket.
  if [[ ! -s $dir/munge/munge.key ]]; then
    mungekey --create --keyfile="$dir/munge/munge.key" --bits=1024 >/dev/null
    chmod 400 "$dir/munge/munge.key"
  fi
  munged --socket="$munge_socket" --key-file="$dir/munge/munge.key" --pid-file="$run/munged.pid" \
    --log-file="$log/munged.log" --seed-file="$dir/munge/munged.seed" --force \
    || fail "munged did not start" "$log/munged.log"
  wait_for 10 munged "$log/munged.log" test -S "$munge_socket"

  # --- MariaDB for slurmdbd: private datadir, socket and port on 127.0.0.1 only, no /etc/mysql.
  if [[ ! -d $dir/mysql/mysql ]]; then
    mariadb-install-db --no-defaults --datadir="$dir/mysql" --user=root --skip-test-db \
      --auth-root-authentication-method=socket >"$log/mariadb-install.log" 2>&1 \
      || fail "mariadb-install-db failed" "$log/mariadb-install.log"
  fi
  (mariadbd --no-defaults --datadir="$dir/mysql" --user=root --bind-address=127.0.0.1 --port="$db_port" \
    --socket="$db_socket" --pid-file="$run/mariadb.pid" --log-error="$log/mariadb.log" \
    --skip-name-resolve --innodb-buffer-pool-size=64M --skip-log-bin </dev/null >/dev/null 2>&1 &)
  wait_for 30 MariaDB "$log/mariadb.log" mariadb --no-defaults --socket="$db_socket" -u root -e 'select 1'
  local db_pass_file=$etc/db.pass db_pass
  [[ -s $db_pass_file ]] || (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$db_pass_file")
  db_pass=$(cat "$db_pass_file")
  mariadb --no-defaults --socket="$db_socket" -u root -e "
    CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$db_pass';
    GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';" \
    || fail "could not create the slurm database user" "$log/mariadb.log"

  # --- configuration (rewritten on each start: the ports may differ).
  (umask 077 && cat >"$etc/slurmdbd.conf" <<CONF
AuthType=auth/munge
AuthInfo=socket=$munge_socket
DbdHost=localhost
DbdPort=$dbd_port
SlurmUser=root
PidFile=$run/slurmdbd.pid
LogFile=$log/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$db_port
StorageUser=slurm
StoragePass=$db_pass
StorageLoc=slurm_acct_db
CONF
  )
  cat >"$etc/slurm.conf" <<CONF
ClusterName=greenspace
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$munge_socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$run/slurmd.pid
SlurmctldLogFile=$log/slurmctld.log
SlurmdLogFile=$log/slurmd.log
MailProg=/bin/true
ReturnToService=1
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$((mem_mb / cpus))
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
JobCompType=jobcomp/filetxt
JobCompLoc=$log/jobcomp.txt
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=$dbd_port
AccountingStoragePass=$munge_socket
NodeName=localhost CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$etc/slurm.conf
  cat >"$dir/env" <<ENV
export SLURM_CONF=$etc/slurm.conf
ENV

  # --- daemons. slurmdbd finds slurmdbd.conf beside \$SLURM_CONF.
  slurmdbd || fail "slurmdbd did not start" "$log/slurmdbd.log"
  wait_for 30 slurmdbd "$log/slurmdbd.log" port_in_use "$dbd_port"
  slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start" "$log/slurmctld.log"
  slurmd -f "$SLURM_CONF" -N localhost || fail "slurmd did not start" "$log/slurmd.log"
  wait_for 30 "the node (sinfo idle)" "$log/slurmd.log" node_idle
  wait_for 30 "accounting (sacct)" "$log/slurmdbd.log" sacct --noheader -X -S now
  echo "cluster.sh: Slurm cluster running in $dir (slurmctld :$ctld_port, slurmdbd :$dbd_port); source $dir/env"
}

port_in_use() { ! port_free "$1"; }
node_idle() { [[ $(sinfo --noheader --nodes=localhost --Format=StateLong 2>/dev/null | tr -d ' ') == idle ]]; }

case $action in
  start) start_cluster ;;
  stop) stop_cluster ;;
  *) usage ;;
esac
