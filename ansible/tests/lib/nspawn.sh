# shellcheck shell=bash
# The Debian 12 container images of the systemd-nspawn tests (tests/e2e-systemd, tests/e2e-cluster),
# built once with debootstrap from Debian's mirror and kept in /var/tmp, since a build takes
# minutes and a run needs seconds. Sourced after scripts/lib/common.sh, never run.

NSPAWN_BASE_IMAGE=/var/tmp/iptv-origin-nspawn
NSPAWN=(systemd-nspawn --register=no --keep-unit --quiet)

nspawn_mirror() {
  local mirror
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
  echo "${mirror:-http://deb.debian.org/debian}"
}

# Runs a shell command in IMAGE (not booted, the host's network): how an image gets its packages.
#   nspawn_run IMAGE LOG COMMAND
nspawn_run() {
  local image=$1 out=$2
  "${NSPAWN[@]}" -D "$image" bash -c "export DEBIAN_FRONTEND=noninteractive && $3" >"$out" 2>&1
}

# The base image: minbase with systemd, Python, Ansible and the JRE (tests/e2e runs inside it).
nspawn_base_image() {
  local image=$NSPAWN_BASE_IMAGE mirror
  [[ -f $image/.ready ]] && return 0
  mirror=$(nspawn_mirror)
  log "building the container image in $image (debootstrap bookworm from $mirror)"
  rm -rf "$image"
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,python3,ca-certificates,procps,curl \
    bookworm "$image" "$mirror" >/tmp/iptv-debootstrap.log 2>&1 ||
    die "debootstrap failed; $(tail -n 5 /tmp/iptv-debootstrap.log)"
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    cp /etc/apt/sources.list.d/debian.sources "$image/etc/apt/sources.list.d/"
    rm -f "$image/etc/apt/sources.list"
  fi
  echo iptv-e2e >"$image/etc/hostname"
  mkdir -p "$image/src" "$image/root/.m2"
  nspawn_run "$image" /tmp/iptv-nspawn-apt.log \
    'apt-get update -q && apt-get install -y -q --no-install-recommends ansible-core ansible openjdk-17-jre-headless' ||
    die "installing Ansible in the image failed; $(tail -n 5 /tmp/iptv-nspawn-apt.log)"
  touch "$image/.ready"
}

# The cluster test's hosts (tests/e2e-cluster): the base image plus an SSH server, which the
# playbook reaches them by as it would real hosts, and the distribution packages the roles install.
# Those are installed here because the hosts' bridge has no route to Debian's mirror; apt finds
# them installed, so its tasks still run. No /etc/hostname: each container takes the name it is
# booted with. Their services are disabled, as on a host whose roles
# have not run yet: each host runs only what its roles enable. The package lists are refreshed
# after half a day, before apt's cache_valid_time (a day) would make the roles update them.
NSPAWN_CLUSTER_IMAGE=/var/tmp/iptv-origin-nspawn-cluster
NSPAWN_CLUSTER_PACKAGES=(openssh-server sudo python3-apt iproute2 nginx libnginx-mod-http-js redis-server
  redis-tools redis-sentinel ffmpeg unzip openjdk-17-jre-headless)

nspawn_cluster_image() {
  local image=$NSPAWN_CLUSTER_IMAGE
  if [[ ! -f $image/.ready ]] || [[ $(cat "$image/.ready") != "${NSPAWN_CLUSTER_PACKAGES[*]}" ]]; then
    nspawn_base_image
    log "building the cluster image in $image (the base image, sshd and the roles' packages)"
    rm -rf "$image"
    cp -a --reflink=auto "$NSPAWN_BASE_IMAGE" "$image"
    rm -f "$image/.ready"
    nspawn_run "$image" /tmp/iptv-nspawn-cluster-apt.log "apt-get update -q &&
      apt-get install -y -q --no-install-recommends ${NSPAWN_CLUSTER_PACKAGES[*]} &&
      systemctl disable nginx redis-server redis-sentinel && apt-get clean &&
      install -d -m 0700 /root/.ssh && rm -f /etc/hostname" ||
      die "installing the cluster image's packages failed; $(tail -n 5 /tmp/iptv-nspawn-cluster-apt.log)"
    echo "${NSPAWN_CLUSTER_PACKAGES[*]}" >"$image/.ready"
  elif [[ -z $(find "$image/var/lib/apt/lists" -maxdepth 0 -mmin -720) ]]; then
    log "refreshing the cluster image's package lists"
    nspawn_run "$image" /tmp/iptv-nspawn-cluster-apt.log 'apt-get update -q' ||
      die "apt-get update in the cluster image failed; $(tail -n 5 /tmp/iptv-nspawn-cluster-apt.log)"
  fi
}

# systemd's state in the container whose leader is PID (running, degraded, starting, ...; empty if
# it does not answer yet). is-system-running exits non-zero for "degraded" too, which a container
# whose one unit the tests do not need failed still is: the answer is what counts.
#   nspawn_system_state PID
nspawn_system_state() {
  nsenter -t "$1" -m -u -i -p -n systemctl is-system-running 2>/dev/null || true
}
