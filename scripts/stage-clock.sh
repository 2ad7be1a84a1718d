# Sourced by scripts/test.sh and scripts/static-checks.sh (so by scripts/test-fast.sh):
# `step` prints a stage with the seconds since this file was sourced (README, "Tests").
start=$SECONDS
step() { printf '\n== %s (at %ds)\n' "$*" "$((SECONDS - start))"; }
