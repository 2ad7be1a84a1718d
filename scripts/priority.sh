# Sourced by scripts/test.sh. Linux's autogroup scheduler (CONFIG_SCHED_AUTOGROUP,
# on in most distributions' kernels; /proc/sys/kernel/sched_autogroup_enabled) first
# shares the CPU equally between sessions, and only then between the processes of a
# session by their niceness: a background job started with `setsid` (its own
# session) takes an equal share of the cores whatever its `nice`. Its session's own
# niceness (/proc/<pid>/autogroup) is what lowers it. Raising a niceness needs no
# privilege; lowering it again does, so a job lowered stays lowered.
#
# session_nice N: this shell's session to niceness N (a no-op where the kernel has no
# autogroups: there plain `nice` governs, and test.sh sets it too).
session_nice() {
    { echo "$1" >/proc/self/autogroup; } 2>/dev/null || true
}
