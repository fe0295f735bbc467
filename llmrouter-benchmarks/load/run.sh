#!/usr/bin/env bash
# The proxy load benchmark, in one run: a fake OpenAI upstream (nginx, static answers) on 127.0.0.1,
# the same load sent (a) straight to it, (b) through a plain nginx reverse proxy, (c) through
# llmrouter's proxy in passthrough (Chat in) and translated (Anthropic in); a Markdown report to
# stdout and to llmrouter-benchmarks/results/<date>/load-<time>.md (progress lines beside it).
#
#   llmrouter-benchmarks/load/run.sh [--quick] [--no-pin] [--rebuild] [--streams-only] [--serve]
#
#   --quick         2 s per measurement and 9 s of JVM warm-up per route instead of 8 s and 30 s
#                   (about 3 minutes instead of about 8)
#   --no-pin        do not pin processes to cores (default: load generator and fake upstream on
#                   CPU 0, the server measured, nginx proxy or llmrouter's JVM, on CPU 1)
#   --rebuild       rebuild the proxy and benchmark jars even when they look current
#   --streams-only  only the trickled-stream test through llmrouter (16, then twice 1,000 at once)
#   --serve         start the three servers, print their ports and pids, and wait (to profile by hand)
#
# Environment: PROXY_JAVA (the java that runs the proxy, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java:
# on 21+ the proxy serves on virtual threads), PROXY_JAVA_OPTS (e.g. -XX:StartFlightRecording=filename=/tmp/proxy.jfr,settings=profile),
# LOAD_PORT_BASE (default 18080: upstream, +1 nginx, +2 llmrouter), MVN_FLAGS (e.g. -o).
# Installs nginx-light, wrk (and a JDK and Maven) from Debian's packages when missing. Sends traffic
# to 127.0.0.1 only.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=8 warmup=30 streams=1000 quick=0 pin=1 rebuild=0 serve=0 extra=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 seconds=2 warmup=9 ;;
    --no-pin) pin=0 ;;
    --rebuild) rebuild=1 ;;
    --serve) serve=1 ;;
    --streams-only) extra+=(--streams-only=true) ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
  esac
done
log() { echo "[load] $*" >&2; }

# --- tools ---------------------------------------------------------------------------------------
missing=()
command -v nginx >/dev/null || missing+=(nginx-light)
command -v wrk >/dev/null || missing+=(wrk)
command -v taskset >/dev/null || missing+=(util-linux)
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
fi

# --- jars ----------------------------------------------------------------------------------------
proxy_jar=$root/samples/proxy/target/llmrouter-proxy.jar
bench_jar=$root/llmrouter-benchmarks/target/benchmarks.jar
stale() { # $1 is stale when missing or older than a source, resource or pom of the modules after it
  local jar=$1; shift
  [[ ! -f $jar ]] && return 0
  [[ -n $(find "$root/pom.xml" "$@" -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) \
      -newer "$jar" -print -quit) ]]
}
library=("$root"/llmrouter-{api,core,adapters})
if ((rebuild)) || stale "$proxy_jar" "${library[@]}" "$root"/llmrouter-spring-starter "$root"/samples/pom.xml "$root"/samples/proxy \
    || stale "$bench_jar" "${library[@]}" "$root"/llmrouter-benchmarks; then
  log "building the proxy and benchmark jars"
  (cd "$root" && mvn -B -q ${MVN_FLAGS:-} -pl samples/proxy,llmrouter-benchmarks -am package -DskipTests >&2)
  touch "$proxy_jar" "$bench_jar" # Maven leaves a jar that was already current as it was
fi

# --- processes -----------------------------------------------------------------------------------
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
base=${LOAD_PORT_BASE:-18080}
upstream_port=$base nginx_port=$((base + 1)) proxy_port=$((base + 2))
for port in "$upstream_port" "$nginx_port" "$proxy_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is taken; set LOAD_PORT_BASE" >&2; exit 1
  fi
done
work=$(mktemp -d /tmp/llmrouter-load.XXXXXX)
mkdir -p "$work/tmp"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((ok)); then rm -rf "$work"; else log "logs kept in $work"; fi
}
ok=0
trap cleanup EXIT
if ((pin)); then load_cpus=0 server_cpus=1; else load_cpus='' server_cpus=''; fi
on() { if [[ -n $1 ]]; then echo taskset -c "$1"; fi; }

# nginx string escapes: the answers go into 'return 200 ...' as they are
escape() { local s=$1; s=${s//\\/\\\\}; s=${s//\'/\\\'}; s=${s//$'\n'/\\n}; printf %s "$s"; }
reply_json=$(escape "$(<"$here/upstream-reply.json")")
reply_sse="$(escape "$(<"$root/llmrouter-benchmarks/src/main/resources/payloads/openai-chat/reply.sse")")\\n\\n"
common="daemon off; master_process off; worker_rlimit_nofile 65536;
events { worker_connections 16384; }"
http_common="access_log off;
  client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy; fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
  keepalive_requests 1000000; keepalive_timeout 300s;"
cat >"$work/upstream.conf" <<EOF
$common
pid $work/upstream.pid;
http {
  $http_common
  server {
    listen 127.0.0.1:$upstream_port backlog=4096;
    location = /json/v1/chat/completions { default_type application/json; return 200 '$reply_json'; }
    location = /sse/v1/chat/completions { default_type text/event-stream; return 200 '$reply_sse'; }
    # 1 kB/s: the first second's kilobyte (three events) at once, then the rest over ~2 s
    location = /slow/v1/chat/completions { default_type text/event-stream; limit_rate 1k; return 200 '$reply_sse'; }
  }
}
EOF
cat >"$work/nginx.conf" <<EOF
$common
pid $work/nginx.pid;
http {
  $http_common
  upstream fake { server 127.0.0.1:$upstream_port; keepalive 256; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$nginx_port backlog=4096;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    location / { proxy_pass http://fake; }
    location /sse/ { proxy_pass http://fake; proxy_buffering off; }
    location /slow/ { proxy_pass http://fake; proxy_buffering off; }
  }
}
EOF
cat >"$work/proxy.yml" <<EOF
server:
  port: $proxy_port
llmrouter:
  discover-from-environment: false
  mock-when-no-providers: false
  providers:
    fake-json: {type: openai-compatible, base-url: "http://127.0.0.1:$upstream_port/json/v1"}
    fake-sse: {type: openai-compatible, base-url: "http://127.0.0.1:$upstream_port/sse/v1"}
    fake-slow: {type: openai-compatible, base-url: "http://127.0.0.1:$upstream_port/slow/v1"}
  routes:
    - {model: bench-json, provider: fake-json, upstream-model: gpt-5.4-mini}
    - {model: bench-sse, provider: fake-sse, upstream-model: gpt-5.4-mini}
    - {model: bench-slow, provider: fake-slow, upstream-model: gpt-5.4-mini}
EOF
for conf in upstream nginx; do
  nginx -q -t -p "$work" -e "$work/$conf-error.log" -c "$work/$conf.conf"
done

$(on "$load_cpus") nginx -p "$work" -e "$work/upstream-error.log" -c "$work/upstream.conf" &
upstream_pid=$!; pids+=("$upstream_pid")
$(on "$server_cpus") nginx -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf" &
nginx_pid=$!; pids+=("$nginx_pid")
# shellcheck disable=SC2086 # PROXY_JAVA_OPTS is a list of options
$(on "$server_cpus") "${PROXY_JAVA:-java}" ${PROXY_JAVA_OPTS:-} -jar "$proxy_jar" --config="$work/proxy.yml" >"$work/proxy.log" 2>&1 &
proxy_pid=$!; pids+=("$proxy_pid")

up() { # GET $2 on port $1 answers 200
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.0\r\n\r\n' "$2" >&3 && head -1 <&3 | grep -q ' 200 ') 2>/dev/null
}
for _ in $(seq 1 300); do
  up "$proxy_port" /readyz && break
  kill -0 "$proxy_pid" 2>/dev/null || { cat "$work/proxy.log" >&2; echo "the proxy did not start" >&2; exit 1; }
  sleep 0.2
done
up "$proxy_port" /readyz || { tail -50 "$work/proxy.log" >&2; echo "the proxy is not ready after 60 s" >&2; exit 1; }

if ((serve)); then
  log "serving until interrupted: fake upstream 127.0.0.1:$upstream_port (pid $upstream_pid), nginx 127.0.0.1:$nginx_port (pid $nginx_pid), llmrouter 127.0.0.1:$proxy_port (pid $proxy_pid); files in $work"
  ok=1
  wait "$proxy_pid"
  exit 0
fi

# --- measure -------------------------------------------------------------------------------------
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
pinning="not pinned"
((pin)) && pinning="pinned with taskset: wrk, the socket client and the fake upstream on CPU 0; the server measured (nginx proxy or llmrouter's JVM) on CPU 1, so the direct rows share CPU 0 with the load generator"
setup="Machine: $(nproc) CPUs ($cpu_model), proxy on $("${PROXY_JAVA:-java}" -version 2>&1 | head -1 | tr -d '"'), $(nginx -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $pinning. nginx: one process (master_process off), keepalive to the upstream (256 idle), proxy_buffering off for streams. llmrouter: samples/proxy jar, default JVM flags${PROXY_JAVA_OPTS:+ plus $PROXY_JAVA_OPTS}, an openai-compatible provider on the fake upstream, model rewritten on every call, INFO logging as shipped (to a file). Fake upstream: $(wc -c <"$here/upstream-reply.json") B chat completion; stream: the golden 10-chunk Chat stream ($(wc -c <"$root/llmrouter-benchmarks/src/main/resources/payloads/openai-chat/reply.sse") B) in one write; requests: the golden 1.5 KB Chat and Anthropic requests (tool call, tool result, one tool)."
stamp=$(date -u +%H%M)
suffix=''
((quick)) && suffix+=-quick
[[ " ${extra[*]} " == *streams-only* ]] && suffix+=-streams
out=$root/llmrouter-benchmarks/results/$(date -u +%F)/load-$stamp$suffix.md
((quick)) && extra+=(--quick=true)
$(on "$load_cpus") java -Xss512k -cp "$bench_jar" dev.llmrouter.benchmarks.load.LoadRun \
  --upstream-port="$upstream_port" --nginx-port="$nginx_port" --proxy-port="$proxy_port" \
  --upstream-pid="$upstream_pid" --nginx-pid="$nginx_pid" --proxy-pid="$proxy_pid" \
  --clk-tck="$(getconf CLK_TCK)" --seconds="$seconds" --warmup="$warmup" --streams="$streams" \
  --load-cpus="$load_cpus" --work="$work/client" --out="$out" --setup="$setup" "${extra[@]}" \
  2> >(tee "${out%.md}-progress.txt" >&2)
ok=1
