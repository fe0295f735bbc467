#!/usr/bin/env bash
# The real coding CLIs against the runnable proxy and its built-in mock provider, offline on loopback:
# Claude Code (`claude -p`), Codex (`codex exec`), Gemini CLI (`gemini -p`) and opencode
# (`opencode run`), each launched through
# bin/llmrouter, each running one whole tool loop (the mock asks for `echo llmrouter-mock` through the
# CLI's shell tool and then reports what the tool returned).
#
#   bash samples/proxy/cli-e2e/run.sh
#
# Installs the CLIs with npm (pinned versions) into $LLMROUTER_E2E_DIR (default
# ~/.cache/llmrouter-cli-e2e), builds the proxy jar when it is missing, then, when it can (root with
# unshare), runs the proxy and the CLIs in a network namespace that has only loopback.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
WORK="${LLMROUTER_E2E_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/llmrouter-cli-e2e}"
PACKAGES=(@anthropic-ai/claude-code@2.1.197 @openai/codex@0.169.0 @google/gemini-cli@0.61.0 opencode-ai@1.18.33)
PORT=18787
KEY=e2e-proxy-key

if [ "${1:-}" != "--inside" ]; then
  command -v npm >/dev/null || { echo "cli-e2e: npm is not installed; the CLIs cannot be installed" >&2; exit 1; }
  mkdir -p "$WORK" && chmod 700 "$WORK"
  echo "cli-e2e: installing ${PACKAGES[*]} into $WORK/npm" >&2
  npm install --silent --no-audit --no-fund --prefix "$WORK/npm" "${PACKAGES[@]}" >&2
  if [ ! -f "$ROOT/samples/proxy/target/llmrouter-proxy.jar" ]; then
    (cd "$ROOT" && mvn -q -B -pl samples/proxy -am package -DskipTests) >&2
  fi
  if [ "$(id -u)" = 0 ] && command -v ip >/dev/null && unshare --net true 2>/dev/null; then
    echo "cli-e2e: running inside a network namespace with only loopback" >&2
    exec unshare --net bash -c 'ip link set lo up && exec bash "$0" --inside' "${BASH_SOURCE[0]}"
  fi
  echo "cli-e2e: no network namespace available (needs root); running on the host's loopback" >&2
fi

export PATH="$WORK/npm/node_modules/.bin:$PATH"
STATE="$WORK/state"
rm -rf "$STATE" "$WORK/home"
mkdir -p "$STATE" "$WORK/home/work" && chmod 700 "$STATE" "$WORK/home"

java -jar "$ROOT/samples/proxy/target/llmrouter-proxy.jar" --server.port=$PORT \
  --llmrouter.discover-from-environment=false --llmrouter.proxy.master-key=$KEY >"$STATE/proxy.log" 2>&1 &
PROXY=$!
trap 'kill $PROXY 2>/dev/null || true' EXIT

passed=0
failed=0

# Runs one CLI through the launcher with an isolated HOME; the output must show the whole tool loop.
check() {
  local name="$1" expect="$2"
  shift 2
  local out="$STATE/$name.out"
  local status=0
  (cd "$WORK/home/work" && env -i PATH="$PATH" HOME="$WORK/home" NO_COLOR=1 CI=1 TERM=dumb \
    LLMROUTER_PORT=$PORT LLMROUTER_MASTER_KEY=$KEY LLMROUTER_STATE_DIR="$STATE" \
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 DISABLE_TELEMETRY=1 \
    OPENCODE_DISABLE_MODELS_FETCH=1 OPENCODE_DISABLE_AUTOUPDATE=1 OPENCODE_DISABLE_SHARE=1 \
    OPENCODE_DISABLE_LSP_DOWNLOAD=1 OPENCODE_DISABLE_DEFAULT_PLUGINS=1 \
    timeout 180 bash "$ROOT/bin/llmrouter" run "$@" </dev/null >"$out" 2>"$out.err") || status=$?
  if [ "$status" = 0 ] && grep -q "$expect" "$out" && grep -q "llmrouter-mock" "$out"; then
    echo "cli-e2e: PASS $name"
    passed=$((passed + 1))
  else
    echo "cli-e2e: FAIL $name (exit $status); stdout:" >&2
    cat "$out" >&2
    echo "--- stderr (last 20 lines):" >&2
    tail -n 20 "$out.err" >&2
    failed=$((failed + 1))
  fi
}

# bin/llmrouter waits for the proxy started above (it would start one itself otherwise)
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break
  kill -0 $PROXY 2>/dev/null || { cat "$STATE/proxy.log" >&2; echo "cli-e2e: the proxy did not start" >&2; exit 1; }
  sleep 0.5
done

check claude "The tool Bash returned" \
  claude -- -p "Run the tool please" --output-format text --allowedTools Bash
check codex "The tool exec_command returned" \
  codex -- exec --skip-git-repo-check --color never --ephemeral -c approval_policy=never \
  -c sandbox_mode=read-only "Run the tool please"
check gemini "The tool run_shell_command returned" \
  gemini -- -p "Run the tool please" --output-format text --yolo --skip-trust
check opencode "The tool bash returned" \
  opencode -- run "Run the tool please"

echo "--- proxy log (requests):"
grep "ProxyServlet" "$STATE/proxy.log" || true
echo "cli-e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
