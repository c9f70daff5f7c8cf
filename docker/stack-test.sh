#!/usr/bin/env bash
# Brings the compose stack up (images from docker/local-engine.sh), reports an incident through it, checks
# that every notification is delivered, restarts Postgres and Redis, and checks that nothing was lost or sent
# twice. Not part of npm test (minutes, needs a Docker engine).   bash docker/stack-test.sh   (KEEP=1 keeps it up)
set -euo pipefail
cd "$(dirname "$0")"
PROJECT=${PROJECT:-emergency-stacktest}
PORT=${APP_PORT:-3917}
env_file=$(mktemp)
key="stack-test-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
cat >"$env_file" <<ENV
ADMIN_API_KEY=$key
POSTGRES_PASSWORD=pw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
APP_PORT=$PORT
PUBLIC_BASE_URL=http://127.0.0.1:$PORT
ENV
# Creating a container copies its whole image on vfs storage: minutes on a busy machine, past compose's 60 s.
export COMPOSE_HTTP_TIMEOUT=${COMPOSE_HTTP_TIMEOUT:-900}
dc() { docker-compose -p "$PROJECT" -f compose.yaml --env-file "$env_file" "$@"; }
cleanup() { [ -n "${KEEP:-}" ] || dc down -v >/dev/null 2>&1 || true; rm -f "$env_file"; }
trap cleanup EXIT
say() { printf '[stack-test] %s\n' "$*"; }
fail() { say "FAIL: $*"; dc ps; dc logs --tail 40 app worker; exit 1; }

gql() { # query [variables-json]
  local body
  body=$(node -e 'process.stdout.write(JSON.stringify({query: process.argv[1], variables: JSON.parse(process.argv[2] || "{}")}))' "$1" "${2:-}")
  curl -sS -m 10 "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' -H "Authorization: Bearer $key" -d "$body"
}
wait_healthy() { # service timeout-seconds
  local id status
  for _ in $(seq 1 "$2"); do
    id=$(dc ps -q "$1")
    status=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" 2>/dev/null || true)
    [ "$status" = healthy ] && return 0
    sleep 1
  done
  return 1
}
report() { # idempotency-key -> incident id
  gql 'mutation($input: ReportIncidentInput!){ reportIncident(input:$input){ id notifications { id } } }' \
    "{\"input\":{\"incidentType\":\"COAL_MINE_SAFETY\",\"severity\":\"III\",\"title\":\"某煤矿井下瓦斯爆炸\",\"description\":\"3人死亡\",\"location\":\"某煤矿\",\"county\":\"沁水县\",\"idempotencyKey\":\"$1\"}}" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);if(!r.data)throw new Error(s);console.log(r.data.reportIncident.id)})'
}
statuses() { # incident id -> "N DELIVERED ..." counts
  gql 'query($id: ID!){ incident(id:$id){ notifications { status } } }' "{\"id\":\"$1\"}" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const n=JSON.parse(s).data.incident.notifications;const c={};for(const x of n)c[x.status]=(c[x.status]||0)+1;console.log(n.length, JSON.stringify(c))})'
}
wait_delivered() { # incident id
  local line
  for _ in $(seq 1 60); do
    line=$(statuses "$1")
    case "$line" in *PENDING*|*QUEUED*) sleep 1 ;; *) echo "$line"; return 0 ;; esac
  done
  echo "$line"; return 1
}

start=$(date +%s)
say "docker-compose up"
dc up -d >/dev/null
wait_healthy app 180 || fail "app did not become healthy"
say "app healthy $(( $(date +%s) - start )) s after up"
curl -sS "http://127.0.0.1:$PORT/health/ready" | head -c 300; echo

first=$(report stack-test-1)
say "incident $first reported"
before=$(wait_delivered "$first") || fail "notifications of $first not delivered: $before"
say "delivered: $before"

say "restarting postgres and redis"
dc restart postgres redis >/dev/null
wait_healthy postgres 120 || fail "postgres not healthy after restart"
wait_healthy redis 60 || fail "redis not healthy after restart"
second=""
for _ in $(seq 1 30); do second=$(report stack-test-2 2>/dev/null) && break; sleep 1; done
[ -n "$second" ] || fail "no intake after the restart"
say "incident $second reported after the restart"
after2=$(wait_delivered "$second") || fail "notifications of $second not delivered: $after2"
after1=$(statuses "$first")
[ "$after1" = "$before" ] || fail "first incident changed across the restart: $before -> $after1"
again=$(report stack-test-1)
[ "$again" = "$first" ] || fail "idempotency key gave another incident after the restart"
say "after restart: first $after1, second $after2, repeat of first key -> same incident"
say "worker log lines: $(dc logs worker 2>/dev/null | wc -l)"
say "PASS"
