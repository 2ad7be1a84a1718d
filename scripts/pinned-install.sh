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
            "$uv" pip install --quiet --python "$venv/bin/python" -c "$constraints" "$@" && return 0
            echo "setup: uv could not install $*; installing with pip" >&2
        fi
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -c "$constraints" "$@"
}
