# shellcheck shell=bash
# What the benches (bench/*/run, bench/start/herd) share: their own scripts/dev environment, its
# admin API, wrk runs with the CPU each part of the environment used, a second nginx server added
# to the running nginx, percentiles, and stopping it all at the end. Sourced, never run, from the
# bench after `set -euo pipefail` and LOG_PREFIX. It changes to the checkout's root (the benches
# run from anywhere), sets project to its physical path, and sources scripts/lib/common.sh, whose
# log, die, random_hex, wait_for_port and ensure_packages it uses.
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
project=$(pwd -P)
# shellcheck source-path=SCRIPTDIR/../.. source=scripts/lib/common.sh
. scripts/lib/common.sh

# ---- the environment ---------------------------------------------------------------------------

# The bench's own scripts/dev environment: IPTV_DEV_DIR and the ports (each unless already set),
# exported for scripts/dev; sets dev (the state directory), base (nginx's URL), auth (the file
# holding the admin API's Authorization header) and answer (where api() puts answers).
#   bench_environment DEV_DIR HTTP_PORT APP_PORT MANAGEMENT_PORT REDIS_PORT UPSTREAM_PORT [EGRESS_PORT]
# Without EGRESS_PORT, scripts/dev's own default is left alone.
bench_environment() {
  export IPTV_DEV_DIR=${IPTV_DEV_DIR:-$1}
  export IPTV_HTTP_PORT=${IPTV_HTTP_PORT:-$2}
  export IPTV_APP_PORT=${IPTV_APP_PORT:-$3}
  export IPTV_MANAGEMENT_PORT=${IPTV_MANAGEMENT_PORT:-$4}
  export IPTV_REDIS_PORT=${IPTV_REDIS_PORT:-$5}
  export IPTV_DEMO_UPSTREAM_PORT=${IPTV_DEMO_UPSTREAM_PORT:-$6}
  if [[ -n ${7:-} ]]; then export IPTV_EGRESS_PORT=${IPTV_EGRESS_PORT:-$7}; fi
  base=http://127.0.0.1:$IPTV_HTTP_PORT
  dev=$IPTV_DEV_DIR
  auth=$dev/bench-auth
  answer=$dev/bench-answer
}

# Where this run's results go: $dev/NAME-results/<UTC time>.
results_dir() { echo "$dev/$1-results/$(date -u +%Y%m%dT%H%M%SZ)"; }

# Installs the packages named unless every one of them is a command already.
need_commands() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null || { ensure_packages "$@"; return; }
  done
}

# Files removed at the end (besides $auth), background curl readers stopped at the end, and an
# optional function the bench defines to stop what else it started.
bench_temp_files=()
readers=()

bench_cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  if declare -F bench_stop_extra >/dev/null; then bench_stop_extra; fi
  for pid in "${readers[@]}"; do
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == curl ]] && kill "$pid" 2>/dev/null
  done
  rm -f "$auth" "${bench_temp_files[@]}" "$dev"/bench-batch.*
  log "stopping the bench environment (scripts/dev down)"
  scripts/dev down || rc=1
  exit "$rc"
}

# `scripts/dev up` in the bench's environment, with the cleanup trapped first (scripts/dev down at
# the end, on failure or Ctrl-C too); creates the results directory OUT and the admin header file.
#   bench_up OUT
bench_up() {
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  log "starting the bench environment in $dev (scripts/dev up)"
  scripts/dev up >/dev/null
  mkdir -p "$1"
  (umask 077 && printf 'Authorization: Bearer %s\n' "${IPTV_ADMIN_TOKEN:-$(cat "$dev/admin-token")}" >"$auth")
}

# ---- admin API -----------------------------------------------------------------------------------

# One admin API call; prints the HTTP status, the answer goes to $answer. The admin token goes
# through a file, never a command line.
#   api METHOD PATH [BODY]
api() {
  curl -s -o "$answer" -w '%{http_code}' -X "$1" -H @"$auth" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$base$2"
}

# POSTs BODY to COLLECTION; a 409 (exists already) turns it into a PUT on COLLECTION/ID. Dies
# unless the answer is 2xx, naming WHAT (default: ID).
#   upsert COLLECTION ID BODY [WHAT]
upsert() {
  local code
  code=$(api POST "$1" "$3")
  if [[ $code == 409 ]]; then code=$(api PUT "$1/$2" "$3"); fi
  [[ $code == 2?? ]] || die "creating ${4:-$2}: HTTP $code $(cat "$answer")"
}

# The viewer: user `bench` (max_connections 100: bench/start returns to channels it left within the rejoin window, expires in a year; token generated once, kept in
# the state directory), created or overwritten. Prints the token.
bench_user() {
  local token
  [[ -s $dev/bench-user-token ]] || (umask 077 && random_hex 32 >"$dev/bench-user-token")
  token=$(cat "$dev/bench-user-token")
  upsert /api/users bench "{\"username\":\"bench\",\"token\":\"$token\",\"email\":\"bench@example.com\",\"expires_at\":\"$(date -u -d '+1 year' +%Y-%m-%dT%H:%M:%SZ)\",\"max_connections\":100,\"is_active\":true}" "user bench"
  echo "$token"
}

# Runs many admin API calls in one curl (keep-alive, 8 in parallel): lines "METHOD PATH [BODY]" on
# stdin. Fails unless every answer is 2xx. The token goes through a file, never a command line.
api_batch() {
  local batch=$dev/bench-batch.$$ method path body codes bad
  (
    umask 077
    first=1
    while read -r method path body; do
      ((first)) || printf 'next\n'
      first=0
      printf 'url = "%s%s"\nrequest = "%s"\nheader = "@%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
        "$base" "$path" "$method" "$auth"
      if [[ -n $body ]]; then
        printf 'header = "Content-Type: application/json"\ndata = "%s"\n' "${body//\"/\\\"}"
      fi
    done
  ) >"$batch"
  [[ -s $batch ]] || { rm -f "$batch"; return 0; }
  # (curl's parallel mode draws a progress meter on stderr even with -s: kept for failures only.)
  codes=$(curl -s -Z --parallel-max 8 -K "$batch" 2>"$batch.err") || true
  bad=$(grep -cv '^2' <<<"$codes" || true)
  ((bad == 0)) || die "admin API: $bad call(s) failed (statuses: $(sort <<<"$codes" | uniq -c | tr '\n' ' ')) $(grep -a 'curl:' "$batch.err" | head -n 3)"
  rm -f "$batch" "$batch.err"
}

api_get() { curl -sf -H @"$auth" "$base$1"; }

# Bench channel I as the admin API takes it: id b00001..., one of 20 categories; EXTRA, JSON members
# of its own (`"epg_channel_id":"ch0.test"`), goes at the end.
#   channel_json I [EXTRA]
channel_json() {
  local i=$1 id cat
  printf -v id '%05d' "$i"
  cat=$(((i - 1) % 20 + 1))
  printf '{"channel_id":"b%s","name":"Bench Channel %s","source_url":"http://127.0.0.9:9/bench/%s.ts","logo":"http://logos.example.com/bench/%s.png","category":"Category %02d","quality":"medium","order":%d,"category_order":%d,"is_active":true%s}' \
    "$id" "$id" "$id" "$id" "$cat" "$i" "$cat" "${2:+,$2}"
}

# Deletes every channel of the bench's environment (one batch), and checks none is left.
delete_all_channels() {
  local existing
  existing=$(api_get /api/channels | jq -r '.channels[].channel_id')
  log "deleting $(grep -c . <<<"$existing" || true) existing channel(s)"
  # shellcheck disable=SC2001 # one line per id
  if [[ -n $existing ]]; then sed 's|^|DELETE /api/channels/|' <<<"$existing" | api_batch; fi
  [[ $(api_get /api/channels | jq -r .count) == 0 ]] || die "channels left after deleting them all"
}

# Creates the bench channels FROM..TO (channel_json) through the admin API, in one batch.
#   create_channels FROM TO
create_channels() {
  local i started=$SECONDS
  log "creating channels $1..$2"
  for ((i = $1; i <= $2; i++)); do
    echo "POST /api/channels $(channel_json "$i")"
  done | api_batch
  log "created in $((SECONDS - started)) s"
}

# Makes the bench channels FROM..TO (channel_json) exist, channel I mapped to the XMLTV id
# `printf EPG_FORMAT I-EPG_OFFSET` (default offset 0), reusing what an earlier run left (every change
# rewrites channels.txt: 5000 creates take minutes): the missing ones are created, and those whose
# mapping differs get it with a PUT, in one batch. Their other fields are taken as they are.
#   ensure_channels FROM TO EPG_FORMAT [EPG_OFFSET]
ensure_channels() {
  local from=$1 to=$2 format=$3 offset=${4:-0} todo=$dev/bench-channels.$$ i id want
  local created=0 changed=0 started=$SECONDS
  local -A have=()
  while IFS=$'\t' read -r id want; do have[$id]=$want; done < <(
    api_get /api/channels | jq -r '.channels[] | [.channel_id, .epg_channel_id // ""] | @tsv'
  )
  bench_temp_files+=("$todo")
  for ((i = from; i <= to; i++)); do
    printf -v id 'b%05d' "$i"
    # shellcheck disable=SC2059 # the format is the caller's
    printf -v want "$format" $((i - offset))
    if [[ ! -v have[$id] ]]; then
      echo "POST /api/channels $(channel_json "$i" "\"epg_channel_id\":\"$want\"")"
      created=$((created + 1))
    elif [[ ${have[$id]} != "$want" ]]; then
      echo "PUT /api/channels/$id {\"epg_channel_id\":\"$want\"}"
      changed=$((changed + 1))
    fi
  done >"$todo"
  log "channels $from..$to: $created to create, $changed to map, $((to - from + 1 - created - changed)) there already"
  api_batch <"$todo"
  rm -f "$todo"
  log "channels ready in $((SECONDS - started)) s"
}

# ---- nginx ---------------------------------------------------------------------------------------

nginx_bin=${IPTV_NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}
nginx_run() { "$nginx_bin" -p "$dev/nginx/" -e "$dev/nginx/logs/error.log" "$@"; }

# A second server in the bench's running nginx, reloaded with SIGHUP as scripts/nginx-local does:
# the same http{} block, workers, sendfile, keepalive, gzip and access log. Its config (stdin)
# goes to FILE in the rendered config's sites/, is checked with `nginx -t`, and is removed at the
# end. Returns once nginx listens on PORT.
#   add_nginx_server FILE PORT <config
add_nginx_server() {
  local file=$1 port=$2 pid
  bench_temp_files+=("$file")
  cat >"$file"
  nginx_run -t -q -c "$dev/nginx/conf/nginx.conf" || die "nginx -t failed with $file"
  pid=$(scripts/nginx-local status "$dev/nginx") || die "the bench nginx does not run"
  kill -HUP "$pid"
  wait_for_port 127.0.0.1 "$port" 10 || die "nginx (pid $pid) did not open port $port"
}

# nginx's version and workers, for a table's heading: "nginx/1.22.1, 2 workers (worker_processes auto);".
nginx_description() {
  local master
  master=$(scripts/nginx-local status "$dev/nginx")
  echo "$(nginx_run -v 2>&1 | sed 's/^nginx version: //'), $(pgrep -c -P "$master" -f "worker process") workers" \
    "(worker_processes $(sed -n 's/^nginx_worker_processes=//p' "$dev/nginx/nginx-vars"));"
}

# The machine, for a table's heading: "2 CPUs; load before: 0.12 0.30 0.25".
machine_description() { echo "$(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg)"; }

# ---- CPU -----------------------------------------------------------------------------------------

# CPU time (clock ticks, user + system, all threads) of the processes named, summed.
cpu_ticks() {
  local pid total=0 t
  for pid in "$@"; do
    # Fields after "(comm) ": utime and stime are the 12th and 13th.
    t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }') || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

# Busy clock ticks of the whole machine (all CPUs): user, nice, system (what processes are charged;
# interrupt time is left out on both sides).
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4; exit }' /proc/stat; }

# A background helper of the bench (a loop that keeps a channel watched, say) whose CPU counts as
# the environment's: set by the bench, with its children counted too.
keeper=""

# The processes whose CPU use a run reports: WildFly, the nginx workers, Redis; and the rest of
# this environment (nginx master, the demo upstream and its encoder, the channels' FFmpeg, the
# keeper), so that "other" = machine - all of them - wrk is what else ran on the machine.
server_pids() {
  local master upstream
  wildfly=$(cat "$dev/wildfly.pid")
  redis=$(cat "$dev/redis/redis.pid")
  master=$(scripts/nginx-local status "$dev/nginx")
  mapfile -t workers < <(pgrep -P "$master" -f "worker process")
  upstream=$(cat "$dev/upstream.pid" 2>/dev/null || true)
  mapfile -t env_rest < <(
    echo "$master"
    [[ -z $upstream ]] || { echo "$upstream"; pgrep -P "$upstream" || true; }
    pgrep -f -- "$dev/hls/" || true
    [[ -z $keeper ]] || { echo "$keeper"; pgrep -P "$keeper" || true; }
  )
}

# CPU (% of one core) used over one second by processes outside this environment.
other_cpu_now() {
  local m0 e0 m1 e1 t0 t1 hz
  hz=$(getconf CLK_TCK)
  server_pids
  # The machine's window inside the environment's, and timed: reading the ticks takes a while.
  e0=$(cpu_ticks "$wildfly" "$redis" "${workers[@]}" "${env_rest[@]}")
  t0=$(date +%s%N) m0=$(machine_ticks)
  sleep 1
  m1=$(machine_ticks) t1=$(date +%s%N)
  e1=$(cpu_ticks "$wildfly" "$redis" "${workers[@]}" "${env_rest[@]}")
  echo $(((m1 - m0 - (e1 - e0)) * 100 * 1000000000 / hz / (t1 - t0)))
}

# Before a measured run: wait (up to TIMEOUT s) until processes outside this environment use less
# than MAX_OTHER % of one core, so that another build on the machine does not land in the figures.
# Goes on with a warning after the timeout (the run's "other" column then shows it).
#   wait_quiet MAX_OTHER TIMEOUT
wait_quiet() {
  local max_other=$1 deadline=$((SECONDS + $2)) other
  while :; do
    other=$(other_cpu_now)
    ((other < max_other)) && return 0
    if ((SECONDS >= deadline)); then
      log "warning: other processes use $other % of a core; measuring anyway"
      return 0
    fi
    log "other processes use $other % of a core; waiting for a quiet machine"
    sleep 4
  done
}

# User + system seconds of this shell's finished children, from a file `times` wrote (run in the
# shell itself: in a pipe or $(...) it would count a fresh subshell's children).
children_cpu() {
  tail -n 1 "$1" | awk '{ for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s }'
}

# ---- wrk -----------------------------------------------------------------------------------------

# What a non-2xx answer in a wrk run may mean, for its error message (the bench may change it).
non2xx_hint="rate limit?"

# One wrk run (wrk -t$threads): measure NAME CONNECTIONS DURATION [wrk args...] URL. Keeps the raw
# output in $out/NAME.txt and prints "requests/s p99-ms cpu%-wildfly cpu%-nginx cpu%-redis cpu%-wrk
# cpu%-rest cpu%-other" (CPU in % of one core over the run; rest = the rest of this environment,
# mostly FFmpeg and the upstream's encoder; other = every other process on the machine). Fails on
# errors or non-2xx. The bench sets out (its results directory) and threads (wrk -t).
# shellcheck disable=SC2154 # out and threads are the bench's
measure() {
  local name=$1 conns=$2 length=$3 raw rps p99 non2xx hz w0 w1 n0 n1 r0 r1 e0 e1 m0 m1 c0 c1 t0 t1
  shift 3
  raw=$out/$name.txt
  hz=$(getconf CLK_TCK)
  server_pids
  w0=$(cpu_ticks "$wildfly") n0=$(cpu_ticks "${workers[@]}") r0=$(cpu_ticks "$redis") e0=$(cpu_ticks "${env_rest[@]}")
  m0=$(machine_ticks)
  times >"$raw.times0"
  t0=$(date +%s.%N)
  wrk -t"$threads" -c"$conns" -d"$length" --latency "$@" >"$raw" 2>&1 || die "wrk failed: $(tail -n 3 "$raw")"
  t1=$(date +%s.%N)
  times >"$raw.times1"
  m1=$(machine_ticks)
  w1=$(cpu_ticks "$wildfly") n1=$(cpu_ticks "${workers[@]}") r1=$(cpu_ticks "$redis") e1=$(cpu_ticks "${env_rest[@]}")
  c0=$(children_cpu "$raw.times0") c1=$(children_cpu "$raw.times1")
  rm -f "$raw.times0" "$raw.times1"
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$raw")
  [[ -z $non2xx || -n ${redirects_ok:-} ]] || die "$name: $non2xx non-2xx answers ($non2xx_hint see $raw)"
  if grep -q 'Socket errors:' "$raw"; then die "$name: socket errors: $(grep 'Socket errors:' "$raw")"; fi
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$raw")
  # wrk prints 850.00us, 1.23ms, 1.02s or 1.50m.
  p99=$(awk '$1 == "99%" {
      v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
      f = unit == "us" ? 0.001 : unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "m" ? 60000 : -1
      printf "%.2f", v * f }' "$raw")
  [[ -n $rps && -n $p99 ]] || die "$name: cannot read wrk's output ($raw)"
  awk -v rps="$rps" -v p99="$p99" -v hz="$hz" -v t="$t1 - $t0" -v w="$((w1 - w0))" -v n="$((n1 - n0))" \
    -v r="$((r1 - r0))" -v e="$((e1 - e0))" -v m="$((m1 - m0))" -v c="$c1 - $c0" 'BEGIN {
      split(t, a, " - "); secs = a[1] - a[2]; split(c, b, " - "); wrk = b[1] - b[2]
      other = 100 * (m - w - n - r - e) / hz / secs - 100 * wrk / secs
      printf "%s %s %.0f %.0f %.0f %.0f %.0f %.0f\n", rps, p99, 100 * w / hz / secs, 100 * n / hz / secs,
        100 * r / hz / secs, 100 * wrk / secs, 100 * e / hz / secs, other < 0 ? 0 : other }'
}

# measure, where a 3xx is an expected answer (the caller checks the statuses itself, e.g. with
# bench/xtream/status.lua): measure_allowing_redirects NAME CONNECTIONS DURATION [wrk args...] URL
measure_allowing_redirects() { redirects_ok=1 measure "$@"; }

# ---- figures -------------------------------------------------------------------------------------

# Numbers on stdin, one a line: "median p95 min max", two decimals each, p95 by nearest rank;
# "- - - -" when there are none.
distribution() {
  sort -g | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "- - - -"; exit }
      median = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      p95 = v[int(NR * 0.95 + 0.999999)]
      printf "%.2f %.2f %.2f %.2f\n", median, p95, v[1], v[NR]
    }'
}

# Numbers on stdin, one a line: their median as awk prints it, or "-" when there are none.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2); else print "-" }'
}
