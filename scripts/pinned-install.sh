# Sourced by scripts/setup.sh and scripts/build_env_archive.sh: one way to install
# pinned packages into a virtual environment.
#
# `pinned_install VENV PIP_ARGS...` installs under requirements/constraints.txt with uv
# (PyPI's `uv`, pinned there too, bootstrapped into the project's .venv by its pip in
# about a second), and with pip when uv cannot (no wheel of it for this platform, an
# index only pip's configuration names) or CSE_INSTALL_WITH_PIP=1: a line says so.
# uv downloads and unpacks in parallel: a fresh clone's install on cold caches took
# 30 s against pip's 78 s, the same packages at the same versions
# (benchmarks/notes/20-test-suite-wall-time.md).
#
# uv tries its cache alone first (--offline), then the index. Every package is pinned
# (constraints.txt is a full freeze), so both resolve the same versions; but pyspark is
# an sdist only, and where the index's mirror answers uv's revalidation with a new copy
# (here: "Found modified response" for the same file), an online install downloads it
# and builds its wheel again: 18 s of the 22 s install, twice a clean clone (the
# project's venv and the executors' environment). From the cache the executors'
# install takes 0.15 s, and the whole setup 7 s against 30 s. A cold cache (a fresh CI machine) fails the offline try at once
# and installs online as before.
pinned_install() {
    local venv="$1"
    shift
    local constraints="$CSE_REPO_ROOT/requirements/constraints.txt"
    # uv lives in the project's own environment (a dependency), and installs from
    # there into any other (the executors' environment gets no copy of it).
    local uv="$CSE_VENV/bin/uv"
    if [ "${CSE_INSTALL_WITH_PIP:-0}" != "1" ]; then
        if [ ! -x "$uv" ]; then
            "$CSE_VENV/bin/pip" install --quiet --disable-pip-version-check -c "$constraints" uv >&2 \
                || echo "setup: could not install uv; installing with pip" >&2
        fi
        if [ -x "$uv" ]; then
            "$uv" pip install --quiet --offline --python "$venv/bin/python" -c "$constraints" "$@" \
                2>/dev/null && return 0
            "$uv" pip install --quiet --python "$venv/bin/python" -c "$constraints" "$@" && return 0
            echo "setup: uv could not install $*; installing with pip" >&2
        fi
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -c "$constraints" "$@"
}
