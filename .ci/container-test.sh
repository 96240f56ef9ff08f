#!/usr/bin/env bash
# Container test: builds the Switchboard JVM image with podman from src/main/docker/Dockerfile.jvm on a Debian
# base made here by debootstrap, checks that its application files are root-owned and read-only (0555), runs it
# as the Kubernetes example does (uid 185, group 0, read-only root, /tmp a tmpfs, no capabilities), and checks it
# from the host through the published port: GET /q/health/ready (then /live and /started) must say UP, a text
# and a binary frame must come back unchanged from /ws/echo, and a plain `podman stop` (the engine's default
# timeout, 10 s) must end it cleanly with the image's default drain: a connected /ws client gets `disconnect`
# 1001 and close 1001, and the container exits 0 before the timeout (no SIGKILL).
# It also fails when deploy/kubernetes/switchboard.yaml would run a command inside the container (the micro
# image has no shell or sleep to run one).
#
#   bash .ci/container-test.sh            # from anywhere; uses target/quarkus-app, builds it if missing
#
# Environment (all optional):
#   CI=true                     a missing tool or an environment that cannot run containers FAILS the run
#                               (without CI it is skipped with a message, exit 0). Test failures always fail.
#   SWITCHBOARD_CT_DIR          our podman state: config, image storage, run state (default
#                               /var/tmp/switchboard-containers). Kept between runs: it is the base-image cache.
#   SWITCHBOARD_CT_REBUILD_JAR=1  rebuild target/quarkus-app even if it exists.
#   DEBIAN_MIRROR               mirror for debootstrap (default: the first Debian URI in the apt sources).
#   JLINK_JDK                   JDK 21+ whose jlink makes the base image's runtime
#                               (default /usr/lib/jvm/temurin-25-jdk-amd64, else JAVA_HOME).
#
# Why the base image is built like this:
#   - Debian bookworm (the apt source these machines reach) ships only openjdk-17, and the application is
#     compiled for Java 21; no registry reachable here serves a ready JRE image (no Docker Hub, no quay.io).
#   - Maven Central carries no official JDK/JRE distribution, so the runtime comes from the JDK already on the
#     machine: jlink (Temurin 25 links from its own runtime image, JEP 493, no jmods needed) makes a ~70 MB
#     runtime with the java.se modules plus what Netty, JFR and jcmd need, copied into the debootstrap rootfs
#     at /opt/java/openjdk, the same path the eclipse-temurin images use.
#   - `podman import` turns the rootfs into an image with JAVA_HOME/PATH set, so Dockerfile.jvm's only
#     requirement on its base ("java on PATH and /bin/sh") holds for it as for the default UBI/Temurin bases.
#   - The image is tagged with a key made of the suite, the JDK version and the recipe below, and reused
#     while it exists: debootstrap runs once per machine (or when the JDK or the recipe changes).
#
# Podman on these machines (Debian bookworm podman 4.3, a VM kernel with cgroups v1, no systemd, root):
#   - runtime = "runc" (crun is not installed), cgroup_manager = "cgroupfs" (no systemd),
#     events_logger = "file" (no journald);
#   - default_ulimits nofile=20000:20000: the machine's hard limit for open files is 20,000, and podman's own
#     default (1048576) cannot be set under it: without this line every start fails with "runc create failed:
#     error setting rlimit type 7: operation not permitted" (seen here); nproc is capped too;
#   - all config comes from files of ours (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF,
#     CONTAINERS_REGISTRIES_CONF), storage under SWITCHBOARD_CT_DIR with the overlay driver (the root file
#     system is ext4, so kernel overlayfs works); nothing under /etc/containers is changed or needed;
#   - the registries config has no search registries: nothing is ever pulled (builds run with --pull=never);
#   - networking: podman's default bridge network (netavark, 10.88.0.0/16) with the port published on
#     127.0.0.1 works here as it is: rootful podman + runc + netavark 1.4 + iptables (nf_tables backend).
#     No --network=host, slirp4netns or pasta needed. Side effects on the host, made by netavark itself:
#     net.ipv4.ip_forward=1 and NETAVARK-* iptables chains (rules removed with the container).
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly CT_DIR="${SWITCHBOARD_CT_DIR:-/var/tmp/switchboard-containers}"
readonly SUITE=bookworm
readonly JAVA_MODULES="java.se,jdk.unsupported,jdk.zipfs,jdk.management,jdk.jfr,jdk.jcmd,jdk.naming.dns"
# Bump when the base-image recipe changes, so cached images made by an older recipe are not reused.
readonly BASE_RECIPE=1
readonly BASE_REPO=localhost/switchboard-ci-base
readonly APP_IMAGE=localhost/switchboard-jvm:container-test
readonly CONTAINER_NAME="switchboard-container-test-$$"
readonly READY_TIMEOUT_S=120
# podman's and docker's default stop timeout; the image's own drain period must fit in it.
readonly ENGINE_DEFAULT_STOP_TIMEOUT_S=10
readonly PYTHON=/usr/bin/python3

# ---------------------------------------------------------------- reporting and timing

declare -a TIMINGS=()
CURRENT_STEP=""
STEP_STARTED=""
PASSED=0
FAILED=0
SKIPPED=0
CONTAINER_STARTED=false

log() { printf '[container-test] %s\n' "$*"; }

step() {
    end_step
    CURRENT_STEP="$1"
    STEP_STARTED="$EPOCHREALTIME"
    log "==> $CURRENT_STEP"
}

end_step() {
    if [[ -n "$CURRENT_STEP" ]]; then
        local took
        took="$(awk -v a="$STEP_STARTED" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
        TIMINGS+=("$(printf '%7ss  %s' "$took" "$CURRENT_STEP")")
        CURRENT_STEP=""
    fi
}

print_timings() {
    end_step
    log "timings:"
    local line
    for line in "${TIMINGS[@]}"; do printf '[container-test] %s\n' "$line"; done
    log "$(printf '%7ss  total' "$SECONDS")"
}

# A check that did not hold: always a failure, CI or not.
fail() {
    FAILED=$((FAILED + 1))
    printf '\n[container-test] ######## CONTAINER TEST FAILED ########\n' >&2
    printf '[container-test] step: %s\n[container-test] why:  %s\n\n' "${CURRENT_STEP:-setup}" "$*" >&2
    exit 1
}

# The machine cannot run the test at all (no root, no apt, no podman): a skip locally, a failure under CI.
cannot_run() {
    if [[ "${CI:-}" == "true" ]]; then
        fail "cannot run the container test here (CI=true, so this fails instead of skipping): $*"
    fi
    SKIPPED=1
    log "SKIPPED: cannot run the container test here: $*"
    log "(set CI=true to make this a failure)"
    exit 0
}

passed() { PASSED=$((PASSED + 1)); log "ok: $*"; }

on_exit() {
    local rc=$?
    if $CONTAINER_STARTED; then
        if [[ $rc -ne 0 ]]; then
            log "container logs (last 80 lines):"
            podman logs --tail 80 "$CONTAINER_NAME" 2>&1 | sed 's/^/    | /' || true
        fi
        podman rm --force --time 5 "$CONTAINER_NAME" >/dev/null 2>&1 || true
    fi
    if [[ -n "${TIMINGS[*]:-}${CURRENT_STEP}" ]]; then print_timings; fi
    if [[ $rc -ne 0 && $FAILED -eq 0 ]]; then
        printf '\n[container-test] ######## CONTAINER TEST FAILED ########\n' >&2
        printf '[container-test] step "%s" exited with status %s (output above)\n' "${CURRENT_STEP:-setup}" "$rc" >&2
        FAILED=1
    fi
    # The plain result line ("N passed, N failed") that CI summaries understand.
    if ((SKIPPED)); then
        printf 'container-test: %d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
    else
        printf 'container-test: %d passed, %d failed\n' "$PASSED" "$FAILED"
    fi
}
trap on_exit EXIT

# Every podman call without our lock's file descriptor: conmon outlives podman, and an inherited fd 9 would
# keep the lock held by a container's monitor process.
podman() { command podman "$@" 9>&-; }

# ---------------------------------------------------------------- tools

apt_updated=false
apt_install() {
    [[ $EUID -eq 0 ]] || cannot_run "need root to install $* (and to run rootful podman)"
    command -v apt-get >/dev/null || cannot_run "no apt-get to install $*"
    # Other jobs on the machine may hold the dpkg lock: wait for it instead of failing at once.
    if ! $apt_updated; then
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
        apt_updated=true
    fi
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" \
        >/dev/null
}

ensure_tools() {
    [[ $EUID -eq 0 ]] || cannot_run "needs root: rootful podman and debootstrap (run as root, as CI does)"
    local missing=()
    command -v podman >/dev/null || missing+=(podman)
    command -v runc >/dev/null || missing+=(runc)
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    # Podman's bridge network with published ports: netavark (+ aardvark-dns) and iptables.
    [[ -x /usr/lib/podman/netavark ]] || missing+=(netavark)
    command -v iptables >/dev/null || missing+=(iptables)
    [[ -x "$PYTHON" ]] && "$PYTHON" -c 'import websockets' 2>/dev/null || missing+=(python3 python3-websockets)
    "$PYTHON" -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
    if ((${#missing[@]})); then
        log "installing: ${missing[*]}"
        apt_install "${missing[@]}" || cannot_run "apt-get install ${missing[*]} failed"
    fi
    command -v podman >/dev/null || cannot_run "podman is not available"
    log "$(podman --version), $(runc --version | head -1), $("$PYTHON" -c 'import websockets; print("python websockets", websockets.__version__)')"
}

find_jdk() {
    local candidate
    for candidate in "${JLINK_JDK:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}"; do
        [[ -n "$candidate" && -x "$candidate/bin/jlink" && -f "$candidate/release" ]] || continue
        local version
        version="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$candidate/release")"
        if ((${version%%.*} >= 21)); then
            JDK="$candidate"
            JDK_VERSION="$version"
            return
        fi
    done
    cannot_run "no JDK 21+ with jlink found (set JLINK_JDK)"
}

# ---------------------------------------------------------------- podman configuration (ours only)

configure_podman() {
    mkdir -p "$CT_DIR/storage" "$CT_DIR/run" "$CT_DIR/work"
    # Run state (locks, container state, netns files) must not survive a reboot; /run is not a tmpfs on these
    # machines, so we detect the reboot ourselves and drop the stale state.
    local boot_id
    boot_id="$(cat /proc/sys/kernel/random/boot_id)"
    if [[ "$(cat "$CT_DIR/run/boot_id" 2>/dev/null || true)" != "$boot_id" ]]; then
        rm -rf "$CT_DIR/run"
        mkdir -p "$CT_DIR/run"
        echo "$boot_id" >"$CT_DIR/run/boot_id"
    fi

    cat >"$CT_DIR/containers.conf" <<EOF
# Written by .ci/container-test.sh; see the comments at the top of that script.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=1024:1024"]
log_driver = "k8s-file"

[network]
network_backend = "netavark"
network_config_dir = "$CT_DIR/networks"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$CT_DIR/run/events.log"
tmp_dir = "$CT_DIR/run/libpod"
EOF
    cat >"$CT_DIR/storage.conf" <<EOF
# Written by .ci/container-test.sh
[storage]
driver = "overlay"
graphroot = "$CT_DIR/storage"
runroot = "$CT_DIR/run/storage"
EOF
    cat >"$CT_DIR/registries.conf" <<EOF
# Written by .ci/container-test.sh: no registries are searched; every image here is local.
unqualified-search-registries = []
short-name-mode = "enforcing"
EOF
    mkdir -p "$CT_DIR/networks"
    export CONTAINERS_CONF="$CT_DIR/containers.conf"
    export CONTAINERS_STORAGE_CONF="$CT_DIR/storage.conf"
    export CONTAINERS_REGISTRIES_CONF="$CT_DIR/registries.conf"
    podman info --format '{{.Host.OCIRuntime.Name}} {{.Store.GraphDriverName}} {{.Host.NetworkBackend}} cgroups {{.Host.CgroupsVersion}}' \
        || cannot_run "podman does not work with our configuration (podman info failed)"
}

# ---------------------------------------------------------------- base image: debootstrap + jlinked runtime

debian_mirror() {
    if [[ -n "${DEBIAN_MIRROR:-}" ]]; then echo "$DEBIAN_MIRROR"; return; fi
    local uri
    uri="$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -1 || true)"
    [[ -n "$uri" ]] || uri="$(grep -hsE '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v -- '-security' | head -1 || true)"
    echo "${uri:-http://deb.debian.org/debian}"
}

base_image_tag() {
    local key
    key="$(printf '%s|%s|%s|%s' "$SUITE" "$JDK_VERSION" "$JAVA_MODULES" "$BASE_RECIPE" | sha256sum | cut -c1-10)"
    echo "$BASE_REPO:$SUITE-java$JDK_VERSION-$key"
}

# A debootstrap that was interrupted leaves /proc (and more) mounted inside the rootfs: unmount before deleting.
remove_rootfs() {
    local rootfs="$1" mount_point
    for mount_point in $(findmnt --list --noheadings --output TARGET | grep "^$rootfs/" | sort -r || true); do
        umount --lazy "$mount_point" || true
    done
    rm -rf "$rootfs" "$CT_DIR/work/rootfs.tar"
}

build_base_image() {
    local tag="$1" rootfs="$CT_DIR/work/rootfs" mirror
    mirror="$(debian_mirror)"
    remove_rootfs "$rootfs"
    step "base image: debootstrap --variant=minbase $SUITE"
    log "mirror $mirror"
    debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$CT_DIR/work/debootstrap.log" 2>&1 \
        || { tail -30 "$CT_DIR/work/debootstrap.log" >&2; fail "debootstrap failed (log: $CT_DIR/work/debootstrap.log)"; }

    step "base image: jlink Java $JDK_VERSION"
    log "$JDK/bin/jlink -> /opt/java/openjdk: $JAVA_MODULES"
    "$JDK/bin/jlink" --add-modules "$JAVA_MODULES" --strip-debug --no-man-pages --no-header-files \
        --compress=zip-6 --output "$rootfs/opt/java/openjdk"

    # Nothing in the image needs apt's caches, docs or manuals.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*

    step "base image: podman import"
    tar -C "$rootfs" --numeric-owner --xattrs --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
        -cf "$CT_DIR/work/rootfs.tar" .
    podman import \
        --change 'ENV JAVA_HOME=/opt/java/openjdk' \
        --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/bash"]' \
        --message "Debian $SUITE minbase + jlinked Java $JDK_VERSION (.ci/container-test.sh)" \
        "$CT_DIR/work/rootfs.tar" "$tag" >/dev/null
    remove_rootfs "$rootfs"

    # Images of older keys (another JDK, an older recipe) are no longer used.
    local old
    for old in $(podman images --format '{{.Repository}}:{{.Tag}}' | grep "^$BASE_REPO:" | grep -vxF "$tag" || true); do
        log "removing outdated base image $old"
        podman rmi "$old" >/dev/null || true
    done
}

# ---------------------------------------------------------------- the application

ensure_app_package() {
    if [[ "${SWITCHBOARD_CT_REBUILD_JAR:-}" == "1" || ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
        log "packaging the application (./mvnw -q package -DskipTests)"
        (cd "$ROOT" && JAVA_HOME="$JDK" ./mvnw -q -B package -DskipTests) || fail "./mvnw package failed"
    else
        log "using the existing $ROOT/target/quarkus-app (SWITCHBOARD_CT_REBUILD_JAR=1 to rebuild)"
    fi
    [[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]] || fail "no target/quarkus-app/quarkus-run.jar after packaging"
}

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# GET a SmallRye Health URL; true when it answers {"status": "UP"}. The answer (or the error) is left in HEALTH_BODY.
health_is_up() {
    HEALTH_BODY="$("$PYTHON" - "$1" <<'PY' 2>&1
import json, sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=3) as response:
        body = response.read().decode()
except urllib.error.HTTPError as e:  # 503 while DOWN: still an answer worth showing
    body = f"HTTP {e.code} " + e.read().decode()
except OSError as e:
    print(f"no answer: {e}")
    sys.exit(1)
print(" ".join(body.split()))
try:
    sys.exit(0 if json.loads(body).get("status") == "UP" else 1)
except ValueError:
    sys.exit(1)
PY
    )"
}

wait_until_ready() {
    local url="$1" deadline=$((SECONDS + READY_TIMEOUT_S))
    while ((SECONDS < deadline)); do
        if [[ "$(podman inspect --format '{{.State.Running}}' "$CONTAINER_NAME" 2>/dev/null)" != "true" ]]; then
            fail "the container stopped before it was ready (exit code $(podman inspect --format '{{.State.ExitCode}}' "$CONTAINER_NAME" 2>/dev/null))"
        fi
        if health_is_up "$url"; then
            READY_BODY="$HEALTH_BODY"
            return 0
        fi
        sleep 0.5
    done
    fail "$url did not report UP within ${READY_TIMEOUT_S}s (last answer: ${HEALTH_BODY:-none})"
}

websocket_round_trip() {
    "$PYTHON" - "$1" <<'PY'
# A text and a binary frame through the published port must come back unchanged.
import asyncio, os, sys
import websockets

async def main(uri):
    async with websockets.connect(uri, open_timeout=10, close_timeout=5) as ws:
        text = "switchboard container test " + os.urandom(4).hex()
        await ws.send(text)
        echoed = await asyncio.wait_for(ws.recv(), 10)
        if echoed != text:
            sys.exit(f"text frame came back as {echoed!r}, sent {text!r}")
        data = os.urandom(1024)
        await ws.send(data)
        echoed = await asyncio.wait_for(ws.recv(), 10)
        if echoed != data:
            sys.exit(f"binary frame came back different ({type(echoed).__name__}, {len(echoed)} bytes)")
    print(f"text ({len(text)} chars) and binary ({len(data)} bytes) frames echoed by {uri}")

try:
    asyncio.run(main(sys.argv[1]))
except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException) as e:
    sys.exit(f"{sys.argv[1]}: {type(e).__name__}: {e}")
PY
}

# Every command deploy/kubernetes/switchboard.yaml would run inside the container (exec hooks and probes), one
# per line as JSON. The native-micro image has no shell, sleep or anything else but the application, so for the
# manifest to fit all three images this list must be empty (issue 15: an exec `sleep` preStop hook failed there).
manifest_exec_commands() {
    "$PYTHON" - "$ROOT/deploy/kubernetes/switchboard.yaml" <<'PY'
import json, sys, yaml

def walk(node, path):
    if isinstance(node, dict):
        if "exec" in node and isinstance(node["exec"], dict):
            print(json.dumps({"at": path, "command": node["exec"].get("command")}))
        for key, value in node.items():
            walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            walk(value, f"{path}[{i}]")

for n, document in enumerate(yaml.safe_load_all(open(sys.argv[1]))):
    walk(document, f"document {n}")
PY
}

# The run-time user must be able to read and run the application but not change it.
check_application_files() {
    podman run --rm --pull=never --user 185:0 --entrypoint /bin/sh "$1" -c '
        not_ours="$(find /deployments \( ! -user 0 -o ! -group 0 -o ! -perm 0555 \) -print | head -5)"
        if [ -n "$not_ours" ]; then echo "not owned by root:root with mode 0555: $not_ours"; exit 1; fi
        if touch /deployments/quarkus-run.jar /deployments/written-by-185 2>/dev/null; then
            echo "uid 185 can write to /deployments"; exit 1
        fi
        echo "$(find /deployments | wc -l) entries under /deployments, all root:root 0555"'
}

# A /ws client that stays connected until the server closes it, and reports how: it exits 0 only after a
# `disconnect` frame with code 1001 and reconnect true, then close code 1001. It prints "welcome" once connected.
drain_client() {
    "$PYTHON" -u - "$1" <<'PY'
import asyncio, json, sys
import websockets

async def main(uri):
    async with websockets.connect(uri, subprotocols=["switchboard.v1.json"], open_timeout=10) as ws:
        welcome = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if welcome.get("type") != "welcome":
            sys.exit(f"first frame is not welcome: {welcome}")
        print("welcome", flush=True)
        disconnect = None
        try:
            while True:
                frame = json.loads(await ws.recv())
                if frame.get("type") == "disconnect":
                    disconnect = frame
        except websockets.exceptions.ConnectionClosed:
            pass
        print(f"disconnect frame: {disconnect}; close code {ws.close_code}", flush=True)
        if not disconnect or disconnect.get("code") != 1001 or disconnect.get("reconnect") is not True:
            sys.exit("no disconnect {code: 1001, reconnect: true} before the close")
        if ws.close_code != 1001:
            sys.exit(f"closed with {ws.close_code}, expected 1001")

try:
    asyncio.run(main(sys.argv[1]))
except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException) as e:
    sys.exit(f"{sys.argv[1]}: {type(e).__name__}: {e}")
PY
}

# ---------------------------------------------------------------- main

main() {
    step "tools"
    ensure_tools
    find_jdk

    # One run at a time per state directory (a developer's run and CI on the same machine).
    mkdir -p "$CT_DIR"
    exec 9>"$CT_DIR/lock"
    flock --wait 900 9 || fail "another container test holds $CT_DIR/lock"

    step "podman configuration"
    configure_podman
    # Containers left by an earlier run that was killed before its cleanup.
    local leftover
    for leftover in $(podman ps --all --format '{{.Names}}' | grep '^switchboard-container-test-' || true); do
        log "removing leftover container $leftover"
        podman rm --force "$leftover" >/dev/null || true
    done

    local base_tag
    base_tag="$(base_image_tag)"
    if podman image exists "$base_tag"; then
        step "base image (cached)"
        log "reusing $base_tag"
    else
        log "no cached $base_tag: building it"
        build_base_image "$base_tag"
    fi
    local base_java
    base_java="$(podman run --rm --pull=never "$base_tag" java -version 2>&1)" \
        || fail "the base image cannot run java: $base_java"
    log "base image runs: ${base_java%%$'\n'*}"

    step "application package"
    ensure_app_package

    step "image build (Dockerfile.jvm on $base_tag)"
    podman build --pull=never --layers --file "$ROOT/src/main/docker/Dockerfile.jvm" \
        --build-arg "BASE_IMAGE=$base_tag" --tag "$APP_IMAGE" "$ROOT" \
        || fail "podman build of src/main/docker/Dockerfile.jvm failed"
    podman image prune --force >/dev/null || true
    passed "image $APP_IMAGE built from src/main/docker/Dockerfile.jvm ($(podman image inspect --format '{{.Size}}' "$APP_IMAGE" | awk '{printf "%.1f MB", $1 / 1e6}'))"

    step "application files"
    local files
    files="$(check_application_files "$APP_IMAGE")" || fail "application files: $files"
    passed "$files; uid 185 cannot write there"

    step "kubernetes manifest"
    local commands
    commands="$(manifest_exec_commands)" || fail "cannot read deploy/kubernetes/switchboard.yaml"
    [[ -z "$commands" ]] || fail "deploy/kubernetes/switchboard.yaml runs commands inside the container, which the native-micro image cannot (no shell, no sleep): $commands"
    passed "deploy/kubernetes/switchboard.yaml runs no command inside the container (preStop is the kubelet's sleep action)"

    step "container start until ready"
    local port
    port="$(free_port)"
    CONTAINER_STARTED=true
    # As deploy/kubernetes/switchboard.yaml runs it: uid 185 group 0, read-only root file system with a /tmp of
    # its own, no capabilities, no privilege escalation, 768 MiB. The drain period is the image's default.
    podman run --detach --pull=never --name "$CONTAINER_NAME" --publish "127.0.0.1:$port:8080" \
        --memory 768m --user 185:0 --read-only --tmpfs /tmp:rw,size=64m --cap-drop ALL \
        --security-opt no-new-privileges "$APP_IMAGE" >/dev/null || fail "podman run failed"
    wait_until_ready "http://127.0.0.1:$port/q/health/ready"
    passed "GET /q/health/ready through 127.0.0.1:$port is UP: $READY_BODY"
    # The other two probes of deploy/kubernetes/switchboard.yaml must answer UP as well once ready.
    local probe
    for probe in live started; do
        health_is_up "http://127.0.0.1:$port/q/health/$probe" \
            || fail "GET /q/health/$probe is not UP once ready: $HEALTH_BODY"
    done
    passed "GET /q/health/live and /q/health/started are UP"

    step "websocket round trip"
    websocket_round_trip "ws://127.0.0.1:$port/ws/echo" || fail "WebSocket round trip through /ws/echo failed"
    passed "WebSocket round trip through the published port"

    step "container stop (SIGTERM, default timeout)"
    local stop_timeout drain client_log client_pid
    stop_timeout="$(podman inspect --format '{{.Config.StopTimeout}}' "$CONTAINER_NAME")"
    [[ "$stop_timeout" == "$ENGINE_DEFAULT_STOP_TIMEOUT_S" ]] \
        || fail "the container's stop timeout is ${stop_timeout}s, not the engines' default ${ENGINE_DEFAULT_STOP_TIMEOUT_S}s"
    drain="$(podman inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$CONTAINER_NAME" \
        | sed -n 's/^SWITCHBOARD_DRAIN_PERIOD=//p')"
    log "image default drain period ${drain:-unset (server default 20s)}, stop timeout ${stop_timeout}s"
    # A connected client, to see what a client gets from the stop (issue 15: at 10 s it got 1006 and nothing).
    client_log="$CT_DIR/work/drain-client.log"
    drain_client "ws://127.0.0.1:$port/ws" >"$client_log" 2>&1 &
    client_pid=$!
    local deadline=$((SECONDS + 15))
    until grep -q '^welcome' "$client_log"; do
        kill -0 "$client_pid" 2>/dev/null || fail "the /ws client did not connect: $(cat "$client_log")"
        ((SECONDS < deadline)) || fail "the /ws client got no welcome within 15s"
        sleep 0.2
    done
    # The JVM must be PID 1 and act on SIGTERM itself, and the drain must end inside the engine's default
    # timeout: 137 means podman had to SIGKILL it (a shell swallowing the signal, or a drain that is too long).
    local stop_started="$EPOCHREALTIME" took
    podman stop "$CONTAINER_NAME" >/dev/null || fail "podman stop failed"
    took="$(awk -v a="$stop_started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
    local exit_code
    exit_code="$(podman inspect --format '{{.State.ExitCode}}' "$CONTAINER_NAME")"
    [[ "$exit_code" != 137 ]] || fail "SIGKILLed after the default ${stop_timeout}s stop timeout (drain ${drain:-20s})"
    [[ "$exit_code" == 0 ]] || fail "the container exited with $exit_code on SIGTERM, expected 0"
    wait "$client_pid" || fail "the /ws client was not drained cleanly: $(cat "$client_log")"
    passed "plain podman stop took ${took}s (timeout ${stop_timeout}s, drain ${drain}), exit code 0; the client got: $(tail -1 "$client_log")"
    podman rm "$CONTAINER_NAME" >/dev/null || fail "podman rm failed"
    CONTAINER_STARTED=false
    end_step
}

main "$@"
