#!/usr/bin/env bash
# Build the executors' Python environment: the project's packages (without
# their dependencies) and the pinned packages that run inside Spark tasks
# (requirements/executor.txt: no dbt, no dev tools) in a fresh venv, packed by
# venv-pack into one tar.gz that Spark ships to every executor
# (spark.archives=ARCHIVE#environment, executors run ./environment/bin/python).
# README "Targets", `standalone` and "Running on a real YARN cluster".
#
# Usage: scripts/build_env_archive.sh            (prints the archive's path)
#   CSE_ENV_ARCHIVE            where to write it (default .local/env/cse-env.tar.gz)
#   CSE_EXECUTOR_PYTHON_PREFIX the prefix of Python 3.11 ON THE EXECUTOR NODES
#                              (e.g. /usr); default: this machine's interpreter
#                              prefix, right for the mini-cluster on this machine
# Rebuilt only when pyproject.toml, the constraints or python/ changed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"

die() { echo "build_env_archive: $*" >&2; exit 1; }

out="${CSE_ENV_ARCHIVE:-$CSE_REPO_ROOT/.local/env/cse-env.tar.gz}"
build="$(dirname "$out")/build"
venv="$build/venv"
base_python="$("$CSE_VENV/bin/python" -c 'import sys; print(sys._base_executable)')"
base_prefix="$("$CSE_VENV/bin/python" -c 'import sys; print(sys.base_prefix)')"
python_prefix="${CSE_EXECUTOR_PYTHON_PREFIX:-$base_prefix}"
command -v venv-pack >/dev/null || die "venv-pack is missing: run make setup"

want="$({ cat pyproject.toml requirements/constraints.txt requirements/executor.txt; echo "$python_prefix"
          git ls-files -z python | xargs -0 cat; } | sha256sum | cut -d' ' -f1)"
stamp="$out.stamp"
if [ -f "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "$out"
    exit 0
fi

echo "build_env_archive: building the executors' environment in $venv" >&2
rm -rf "$build" && mkdir -p "$build"
"$base_python" -m venv "$venv"
source scripts/pinned-install.sh
pinned_install "$venv" -r requirements/executor.txt >&2 \
    || die "installing requirements/executor.txt into $venv failed"
pinned_install "$venv" --no-deps . >&2 || die "installing the project into $venv failed"
# bin/pythonX.Y links to the executors' interpreter, and pyvenv.cfg names its
# home: set here rather than with venv-pack's --python-prefix, which on Python
# 3.11 writes a wrong link target (python3.113.11).
py_name="$("$venv/bin/python" -c 'import sys; print("python%d.%d" % sys.version_info[:2])')"
ln -sfn "$python_prefix/bin/$py_name" "$venv/bin/$py_name"
sed -i "s|^home = .*|home = $python_prefix/bin|" "$venv/pyvenv.cfg"
# pyspark's jars (~460 MB) are the JVM side: the executors' JVM has its own;
# the Python worker needs only pyspark's Python code. Nor do tasks need pip,
# test suites or C headers. Compression level 1: every Spark application
# unpacks the archive on each executor (Hadoop's native gzip | tar), and level
# 1 packs in a fraction of the default's time for a few per cent more bytes.
mkdir -p "$(dirname "$out")"
site="lib/python*/site-packages"
venv-pack --prefix "$venv" --output "$out.tmp.tar.gz" --force --quiet --compress-level 1 \
    --exclude "$site/pyspark/jars/*" --exclude "$site/pyspark/examples/*" \
    --exclude "$site/pip/*" --exclude "$site/*/tests/*" --exclude "$site/pyarrow/include/*" \
    --exclude "$site/pyarrow/src/*" --exclude "*/__pycache__/*" \
    || die "venv-pack failed"
mv "$out.tmp.tar.gz" "$out"
echo "$want" >"$stamp"
rm -rf "$build"
echo "build_env_archive: $(du -h "$out" | cut -f1) written" >&2
echo "$out"
