# shellcheck shell=bash
# Shared helpers for scripts/dev and scripts/nginx-local: messages, package installation,
# PID files checked against /proc, waiting for ports and URLs. Sourced, never run.
# Callers set `set -euo pipefail` and may set LOG_PREFIX before sourcing.

LOG_PREFIX=${LOG_PREFIX:-$(basename "$0")}

log() { printf '%s: %s\n' "$LOG_PREFIX" "$*" >&2; }
die() { log "$*"; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

# Installs the Debian/Ubuntu packages among "$@" that are not installed yet. apt-get update runs
# once, and only when something is missing, so a ready machine needs neither root nor network.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  is_root || die "missing packages: ${missing[*]}; run as root to install them (apt-get)"
  command -v apt-get >/dev/null || die "missing packages: ${missing[*]}; no apt-get on this system"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Prints the PID recorded in PIDFILE if that process is alive and its /proc/PID/comm equals COMM;
# with MARK, its command line must also contain MARK (a path only our instance uses). PIDs are
# reused: a stale file must never make us signal someone else's process. Returns 1 otherwise.
#   pid_from_file PIDFILE COMM [MARK]
pid_from_file() {
  local file=$1 comm=$2 mark=${3:-} pid
  [[ -r $file ]] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [[ -n $pid ]] || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$comm" ]] || return 1
  if [[ -n $mark ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$mark" || return 1
  fi
  echo "$pid"
}

# Sends SIGTERM to PID and waits up to SECONDS (default 30) for it to exit. Returns 1 if it did
# not, or if it may not be signalled (another user's process: run as the user who started it).
#   stop_pid PID [SECONDS]
stop_pid() {
  local pid=$1 seconds=${2:-30} i
  if ! kill -TERM "$pid" 2>/dev/null; then
    [[ -e /proc/$pid ]] && { log "may not signal pid $pid (started by another user?)"; return 1; }
    return 0
  fi
  for ((i = 0; i < seconds * 10; i++)); do
    [[ -e /proc/$pid ]] || return 0
    # An exited child of this shell stays a zombie until reaped; that counts as gone.
    [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == Z ]] && return 0
    sleep 0.1
  done
  return 1
}

# True if something accepts TCP connections on HOST:PORT (bash's /dev/tcp, no extra tools).
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Waits up to SECONDS for HOST:PORT to accept connections.
#   wait_for_port HOST PORT SECONDS
wait_for_port() {
  local host=$1 port=$2 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    port_open "$host" "$port" && return 0
    sleep 0.1
  done
  return 1
}

# Waits up to SECONDS for URL to answer with HTTP status STATUS (default 200).
#   wait_for_url URL SECONDS [STATUS]
wait_for_url() {
  local url=$1 deadline=$((SECONDS + $2)) want=${3:-200}
  while ((SECONDS < deadline)); do
    [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" 2>/dev/null) == "$want" ]] && return 0
    sleep 0.5
  done
  return 1
}

# N random bytes as 2N lowercase hex characters.
random_hex() {
  od -An -vtx1 -N"$1" /dev/urandom | tr -d ' \n'
}

# Maven, WildFly and java use JAVA_HOME when set: point it at the distribution's JDK 17 (when the
# JDK, not only the JRE, is installed), in case an older JDK is the system default (Ubuntu 22.04
# machines often have 11). A JAVA_HOME the caller set is kept.
use_java17() {
  local jdk
  jdk=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)
  if [[ -z ${JAVA_HOME:-} && -x $jdk/bin/javac ]]; then export JAVA_HOME=$jdk; fi
}
