#!/usr/bin/env bash
# Set up a fresh clone: check Python and Java, create .venv, install pinned deps.
# Idempotent and quick when nothing changed.
# Usage: scripts/setup.sh [--with-browser] [--with-cluster] (Debian packages for the tests)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"

die() { echo "setup: $*" >&2; exit 1; }

# Java 17+ is needed by Spark 4.
command -v java >/dev/null 2>&1 || die "Java not found. Spark 4 needs Java 17 or newer: install it (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME and PATH."
java_version="$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
java_major="${java_version%%.*}"
[ "$java_major" = "1" ] && java_major="$(echo "$java_version" | cut -d. -f2)"
[[ "$java_major" =~ ^[0-9]+$ ]] || die "could not read the Java version from 'java -version' (got '$java_version')."
[ "$java_major" -ge 17 ] || die "Java $java_version found; Spark 4 needs Java 17 or newer."

python_bin="${CSE_PYTHON:-python3}"
"$python_bin" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 13) else 1)' \
    || die "Python 3.11 or 3.12 is needed ($python_bin is $("$python_bin" --version 2>&1))."

if [ ! -x "$CSE_VENV/bin/python" ]; then
    echo "setup: creating virtual environment in $CSE_VENV"
    "$python_bin" -m venv "$CSE_VENV"
fi

stamp="$CSE_VENV/.cse-install-stamp"
want="$(cat pyproject.toml requirements/constraints.txt | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing pinned dependencies (first run takes a minute or two)"
    source scripts/pinned-install.sh
    pinned_install "$CSE_VENV" -e ".[dev]"
    echo "$want" > "$stamp"
    # pyspark is an sdist only: uv builds it at each install (the project's environment
    # and the executors' one, about 1.4 GiB each) and keeps every old build. Pruning
    # leaves the latest: 29 GiB of a day's clones became 2.9 GiB in 11 s here.
    if [ -x "$CSE_VENV/bin/uv" ]; then
        "$CSE_VENV/bin/uv" cache prune --quiet 2>/dev/null \
            || echo "setup: could not prune uv's cache (it may grow by a pyspark build a clone)" >&2
    fi
fi

with_browser=0 with_cluster=0 jvm_archive=1
for arg in "$@"; do
    case "$arg" in
        --with-browser) with_browser=1 ;;
        --with-cluster) with_cluster=1 ;;
        --no-jvm-archive) jvm_archive=0 ;;
        *) die "unknown option $arg (usage: scripts/setup.sh [--with-browser] [--with-cluster] [--no-jvm-archive])" ;;
    esac
done

# Debian packages for the tests: installed here when we are root; otherwise
# one line says the exact command (never a silent skip).
apt_install() {  # what-for, command to rerun, packages...
    local what="$1" rerun="$2"
    shift 2
    local cmd="apt-get install -y $*"
    [ "$(id -u)" = "0" ] || die "$what: $* missing and installing needs root; run: sudo $cmd (then rerun $rerun)"
    echo "setup: installing Debian's $* for $what"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } \
        || die "installing $* failed; install it yourself, then rerun: $cmd"
}

# The briefing-pack browser test needs Debian's chromium.
if [ "$with_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
    apt_install "the briefing-pack browser test" "make test" chromium
fi

# The mini-cluster stage (scripts/cluster.sh): PostgreSQL for the Hive
# metastore and its JDBC driver.
if [ "$with_cluster" = 1 ]; then
    pg_jar="${CSE_POSTGRESQL_JAR:-/usr/share/java/postgresql.jar}"
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ ! -r "$pg_jar" ]; then
        apt_install "the mini-cluster stage" "make test" postgresql libpostgresql-jdbc-java
    fi
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -r "$pg_jar" ] \
        || die "after installing, PostgreSQL's initdb or $pg_jar is still missing"
fi
# The local Spark driver's class-data archive (python/cse_networks/jvm_archive.py):
# about 40 s once per clone, Java and pyspark; each later driver starts in about
# half the time. The test command writes it in the background instead (--no-jvm-archive).
# --build says on stderr when it writes; when the archive is there it only looks.
if [ "$jvm_archive" = 1 ]; then
    "$CSE_VENV/bin/python" -m cse_networks.jvm_archive --build >/dev/null \
        || echo "setup: the class-data archive was not written; Spark starts without it, slower" >&2
fi
echo "setup: ok (Java $java_version, $("$CSE_VENV/bin/python" --version))"
