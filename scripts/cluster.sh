#!/usr/bin/env bash
# The mini-cluster on this machine (README "Targets", `standalone`): a Spark
# standalone master and two one-core workers from the pinned pyspark's own
# launch classes, a Hive metastore on PostgreSQL (Debian's postgresql and
# libpostgresql-jdbc-java) and the Spark Thrift Server (HiveServer2 protocol,
# the BI endpoint) on the same metastore.
#
# Usage: scripts/cluster.sh up [--thrift-later]|wait-thrift|down|status|env|cpu
#   up      start everything (idempotent: a running cluster is left alone);
#           --thrift-later returns once the master, the workers and the
#           metastore are ready, while the Thrift Server is still starting
#   wait-thrift  wait until the Thrift Server accepts connections
#   down    stop every process this script started, by its recorded pid
#   status  one line per service; exit 1 when any is not running
#   env     print the exports the `standalone` target needs (eval "$(scripts/cluster.sh env)")
#   cpu     the CPU seconds the running services used so far (their executors included)
#
# State (pids, logs, PostgreSQL data, warehouse, worker dirs, event logs) lives
# under $CSE_CLUSTER_DIR (default .local/cluster). Ports are loopback only and
# can be moved with the CSE_CLUSTER_*_PORT variables below.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"

state="${CSE_CLUSTER_DIR:-$CSE_REPO_ROOT/.local/cluster}"
pg_port="${CSE_CLUSTER_PG_PORT:-55432}"
master_port="${CSE_CLUSTER_MASTER_PORT:-57077}"
master_ui_port="${CSE_CLUSTER_MASTER_UI_PORT:-58080}"
worker_ui_port="${CSE_CLUSTER_WORKER_UI_PORT:-58081}"    # and the next port for worker 2
thrift_port="${CSE_CLUSTER_THRIFT_PORT:-10001}"
thrift_ui_port="${CSE_CLUSTER_THRIFT_UI_PORT:-54040}"
worker_memory="${CSE_CLUSTER_WORKER_MEMORY:-3g}"
# The JVMs of this test bed run minutes, not days: the short-run flags
# (CSE_SHORT_RUN_JVM_FLAGS, scripts/env.sh, with their reason: C1 only, the serial
# collector), as the test command's drivers. Used by every service, SchemaTool, the
# metastore probe and, through `cluster.sh env`, the drivers and executors of the
# standalone target's applications. The master and workers are idle bookkeepers:
# a small heap. CSE_CLUSTER_JVM_OPTS="" turns the flags off.
jvm_opts="${CSE_CLUSTER_JVM_OPTS-$CSE_SHORT_RUN_JVM_FLAGS}"
daemon_memory="${CSE_CLUSTER_DAEMON_MEMORY:-256m}"
pg_jar="${CSE_POSTGRESQL_JAR:-/usr/share/java/postgresql.jar}"
metastore_db=cse_metastore
metastore_user=cse_metastore

die() { echo "cluster: $*" >&2; exit 1; }
say() { echo "cluster: $*"; }

spark_home() { python -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'; }

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# PostgreSQL and its JDBC driver come from Debian: scripts/setup.sh
# --with-cluster installs them when we are root, otherwise stops with one line
# saying the exact command (as it does for chromium).
ensure_packages() {
    if [ -n "$(pg_bin)" ] && [ -r "$pg_jar" ]; then return; fi
    scripts/setup.sh --with-cluster --no-jvm-archive >&2 || exit 1
}

# PostgreSQL refuses to run as root: as root it runs as Debian's postgres user.
as_pg() {
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

alive() { [ -f "$state/pids/$1.pid" ] && kill -0 "$(cat "$state/pids/$1.pid")" 2>/dev/null; }

wait_port() {  # name port seconds
    local i
    for ((i = 0; i < $3 * 2; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
        alive "$1" || die "$1 exited while starting; see $state/logs/$1.log"
        sleep 0.5
    done
    die "$1 did not open port $2 within $3 s; see $state/logs/$1.log"
}

# The Spark settings every metastore client shares (the standalone target's
# server_side_parameters carry the same ones, with the spark.hadoop. prefix).
metastore_confs() {
    printf -- '--conf\0%s\0' \
        "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:postgresql://127.0.0.1:$pg_port/$metastore_db" \
        "spark.hadoop.javax.jdo.option.ConnectionDriverName=org.postgresql.Driver" \
        "spark.hadoop.javax.jdo.option.ConnectionUserName=$metastore_user" \
        "spark.hadoop.datanucleus.schema.autoCreateAll=false" \
        "spark.hadoop.hive.metastore.schema.verification=false" \
        "spark.sql.warehouse.dir=$state/warehouse" \
        "spark.hadoop.hive.downloaded.resources.dir=$state/tmp/\${hive.session.id}_resources" \
        "spark.sql.catalogImplementation=hive" \
        "spark.driver.extraClassPath=$pg_jar"
}

start_postgres() {
    local bin
    bin="$(pg_bin)"
    mkdir -p "$state/pg" "$state/logs"
    if [ "$(id -u)" = "0" ]; then chown postgres "$state/pg" "$state/logs"; fi
    if [ ! -f "$state/pg/data/PG_VERSION" ]; then
        say "initialising PostgreSQL in $state/pg/data"
        # Local connections only, no password: the socket lives in the state dir
        # and TCP listens on loopback.
        as_pg "$bin/initdb" -D "$state/pg/data" -A trust -U postgres --no-instructions >"$state/logs/initdb.log"
    fi
    if as_pg "$bin/pg_ctl" -D "$state/pg/data" status >/dev/null 2>&1; then return; fi
    as_pg "$bin/pg_ctl" -D "$state/pg/data" -l "$state/logs/postgres.log" -w -t 60 \
        -o "-p $pg_port -k $state/pg -c listen_addresses=127.0.0.1" start >/dev/null \
        || die "PostgreSQL did not start; see $state/logs/postgres.log"
    as_pg "$bin/psql" -h "$state/pg" -p "$pg_port" -U postgres -d postgres -qAt \
        -c "select 1 from pg_roles where rolname = '$metastore_user'" | grep -q 1 \
        || as_pg "$bin/psql" -h "$state/pg" -p "$pg_port" -U postgres -d postgres -q \
            -c "create role $metastore_user login" \
            -c "create database $metastore_db owner $metastore_user"
}

launch() {  # name, command...: a background process with a pid file and a log
    local name="$1"
    shift
    if alive "$name"; then return; fi
    mkdir -p "$state/pids" "$state/logs"
    # A clean environment: the workers (and so every executor) see neither the
    # project's venv nor its PYTHONPATH; executors get Python from the archive.
    nohup env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="${HOME:-/root}" LANG=C.UTF-8 \
        JAVA_HOME="${JAVA_HOME:-}" SPARK_HOME="$SPARK_HOME" SPARK_CONF_DIR="$state/conf" \
        SPARK_DAEMON_JAVA_OPTS="$jvm_opts" ${LAUNCH_DAEMON_MEMORY:+SPARK_DAEMON_MEMORY="$LAUNCH_DAEMON_MEMORY"} \
        SPARK_LOG_DIR="$state/logs" SPARK_NO_DAEMONIZE=1 SPARK_LOCAL_IP=127.0.0.1 \
        "$@" >"$state/logs/$name.log" 2>&1 &
    echo $! >"$state/pids/$name.pid"
}

write_spark_conf() {  # the project's quiet log4j2 config (errors only) for every service
    mkdir -p "$state/conf"
    cp "$CSE_REPO_ROOT/python/dbt/include/sparksession/conf/log4j2.properties" "$state/conf/"
}

# The metastore's tables are created once, up front, by DataNucleus' SchemaTool
# from the package.jdo inside the pinned pyspark's hive-metastore jar, then
# probed by one Spark session, before any other client starts. Lazy creation
# (datanucleus.schema.autoCreateAll) hangs on PostgreSQL: see
# python/cse_networks/metastore_init.py.
init_metastore_schema() {
    [ -f "$state/metastore.initialised" ] && return
    say "creating the Hive metastore schema in PostgreSQL (once)"
    local dir="$state/schematool" jar
    jar="$(ls "$SPARK_HOME"/jars/hive-metastore-*.jar | head -1)"
    mkdir -p "$dir"
    (cd "$dir" && unzip -o -q "$jar" package.jdo) || die "no package.jdo in $jar"
    printf '%s\n' \
        "javax.jdo.option.ConnectionURL=jdbc:postgresql://127.0.0.1:$pg_port/$metastore_db" \
        "javax.jdo.option.ConnectionDriverName=org.postgresql.Driver" \
        "javax.jdo.option.ConnectionUserName=$metastore_user" \
        "javax.jdo.option.ConnectionPassword=" \
        "datanucleus.identifierFactory=datanucleus1" \
        "datanucleus.rdbms.useLegacyNativeValueStrategy=true" \
        "datanucleus.storeManagerType=rdbms" >"$dir/metastore.properties"
    # shellcheck disable=SC2086  # jvm_opts: words
    { java $jvm_opts -Xmx256m -cp "$dir:$SPARK_HOME/jars/*:$pg_jar" org.datanucleus.store.schema.SchemaTool \
        -create -api JDO -props metastore.properties "$dir/package.jdo" >"$state/logs/metastore-schematool.log" 2>&1 \
        && grep -q "completed successfully" "$state/logs/metastore-schematool.log"; } \
        || die "metastore SchemaTool failed; see $state/logs/metastore-schematool.log"
    { metastore_confs | tr '\0' '\n' | grep -v '^--conf$'
      echo "spark.driver.extraJavaOptions=$jvm_opts"
      echo "spark.driver.memory=512m"; } >"$dir/probe.conf"
    python -m cse_networks.metastore_init --conf-file "$dir/probe.conf" \
        >"$state/logs/metastore-init.log" 2>&1 || die "metastore probe failed; see $state/logs/metastore-init.log"
    touch "$state/metastore.initialised"
}

cmd_up() {
    ensure_packages
    SPARK_HOME="$(spark_home)"
    export SPARK_HOME
    mkdir -p "$state"/{pids,logs,warehouse,eventlog,work}
    write_spark_conf
    start_postgres
    # JVM start-ups overlap: the master and its workers start while the
    # metastore schema is created and probed (in the background, from the
    # master's launch on); the Thrift Server, a metastore client, only after that.
    local class=org.apache.spark.deploy init_pid
    # The master's and workers' heap (spark-class reads SPARK_DAEMON_MEMORY; so
    # does the Thrift Server's launcher, which keeps its --driver-memory instead).
    LAUNCH_DAEMON_MEMORY="$daemon_memory"
    launch master "$SPARK_HOME/bin/spark-class" $class.master.Master \
        --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui_port"
    init_metastore_schema &
    init_pid=$!
    wait_port master "$master_port" 120
    local n
    for n in 1 2; do
        mkdir -p "$state/work/worker$n"
        launch "worker$n" "$SPARK_HOME/bin/spark-class" $class.worker.Worker \
            --host 127.0.0.1 --cores 1 --memory "$worker_memory" \
            --work-dir "$state/work/worker$n" --webui-port "$((worker_ui_port + n - 1))" \
            "spark://127.0.0.1:$master_port"
    done
    wait "$init_pid" || exit 1
    LAUNCH_DAEMON_MEMORY=""
    # The Thrift Server runs its queries in its own driver (local[1]), so it
    # never takes the workers' two cores away from a dbt build.
    local confs=()
    mapfile -d '' confs < <(metastore_confs)
    launch thrift "$SPARK_HOME/bin/spark-submit" --class org.apache.spark.sql.hive.thriftserver.HiveThriftServer2 \
        --name cse-thrift-server --master 'local[1]' --driver-memory 1g \
        --driver-java-options "$jvm_opts" "${confs[@]}" --conf spark.ui.port="$thrift_ui_port" \
        --conf spark.sql.session.timeZone=UTC \
        --hiveconf hive.server2.thrift.bind.host=127.0.0.1 \
        --hiveconf hive.server2.thrift.port="$thrift_port" spark-internal
    wait_workers 120
    if [ "${1:-}" = "--thrift-later" ]; then
        say "up: master spark://127.0.0.1:$master_port, 2 workers, metastore on PostgreSQL; the Thrift Server is starting (cluster.sh wait-thrift)"
        return
    fi
    cmd_wait_thrift
    say "up: master spark://127.0.0.1:$master_port (UI http://127.0.0.1:$master_ui_port), 2 workers, metastore postgresql://127.0.0.1:$pg_port/$metastore_db, Thrift Server 127.0.0.1:$thrift_port"
}

cmd_wait_thrift() {
    wait_port thrift "$thrift_port" 180
}

wait_workers() {
    local i
    for ((i = 0; i < $1 * 2; i++)); do
        if [ "$(alive_workers)" = 2 ]; then return; fi
        sleep 0.5
    done
    die "the 2 workers did not register with the master within $1 s; see $state/logs/worker*.log"
}

alive_workers() {
    python - "$master_ui_port" <<'EOF' 2>/dev/null || echo 0
import json, sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/json/", timeout=5) as r:
    print(sum(w["state"] == "ALIVE" for w in json.load(r)["workers"]))
EOF
}

stop_pid() {  # name
    local pidfile="$state/pids/$1.pid" pid i
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
}

# CPU seconds a service used (user + system, its reaped children included:
# a worker's finished executors), from /proc: the load-independent cost of a
# stage on a shared machine.
cpu_seconds() {  # name
    local pidfile="$state/pids/$1.pid"
    [ -f "$pidfile" ] && [ -r "/proc/$(cat "$pidfile")/stat" ] || { echo 0; return; }
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13 + $14 + $15) / hz }' \
        "/proc/$(cat "$pidfile")/stat"
}

cmd_cpu() {  # one number: the running services' CPU seconds together
    local name total=0
    for name in master worker1 worker2 thrift; do
        total="$(awk -v a="$total" -v b="$(cpu_seconds "$name")" 'BEGIN { print a + b }')"
    done
    echo "$total"
}

cmd_down() {
    local name cpu=()
    for name in master worker1 worker2 thrift; do
        alive "$name" && cpu+=("$name $(cpu_seconds "$name")s")
    done
    [ ${#cpu[@]} -gt 0 ] && say "CPU used by the services (executors within their workers): ${cpu[*]}"
    for name in thrift worker2 worker1 master; do stop_pid "$name"; done
    local bin
    bin="$(pg_bin || true)"
    if [ -n "$bin" ] && [ -f "$state/pg/data/postmaster.pid" ]; then
        as_pg "$bin/pg_ctl" -D "$state/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    say "down"
}

cmd_status() {
    local name ok=0 bin
    for name in master worker1 worker2 thrift; do
        if alive "$name"; then echo "$name: running (pid $(cat "$state/pids/$name.pid"))"; else echo "$name: stopped"; ok=1; fi
    done
    bin="$(pg_bin || true)"
    if [ -n "$bin" ] && [ -d "$state/pg/data" ] && as_pg "$bin/pg_ctl" -D "$state/pg/data" status >/dev/null 2>&1; then
        echo "postgresql: running (port $pg_port)"
    else
        echo "postgresql: stopped"; ok=1
    fi
    alive master && echo "workers registered: $(alive_workers)"
    return $ok
}

cmd_env() {
    cat <<EOF
export CSE_TARGET=standalone
export CSE_SPARK_MASTER=spark://127.0.0.1:$master_port
export CSE_METASTORE_JDBC_URL=jdbc:postgresql://127.0.0.1:$pg_port/$metastore_db
export CSE_METASTORE_USER=$metastore_user
export CSE_JDBC_DRIVER_JAR=$pg_jar
export CSE_WAREHOUSE_DIR=$state
export CSE_THRIFT_PORT=$thrift_port
export CSE_CLUSTER_MASTER_UI=http://127.0.0.1:$master_ui_port
export CSE_ENV_ARCHIVE=\${CSE_ENV_ARCHIVE:-$CSE_REPO_ROOT/.local/env/cse-env.tar.gz}
EOF
    # The applications' drivers and executors: the services' short-run JVM flags.
    printf 'export %s=%q\n' CSE_SPARK_DRIVER_JAVA_OPTIONS "$jvm_opts" CSE_SPARK_EXECUTOR_JAVA_OPTIONS "$jvm_opts"
}

case "${1:-}" in
    up) cmd_up "${2:-}" ;;
    wait-thrift) cmd_wait_thrift ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    cpu) cmd_cpu ;;
    *) die "usage: scripts/cluster.sh up [--thrift-later]|wait-thrift|down|status|env|cpu" ;;
esac
