#!/usr/bin/env bash
# Smoke test of the connector tests' servers (scripts/servers/up.sh), with the credentials the tests
# use: RT as the non-superuser agent (token), Redmine as the non-admin support-bot (API key).
# Prints each request's status, latency (curl's time_total) and what came back. Needs curl and jq.
# Exit 0 when every check passed, 1 otherwise, 3 when the servers are not set up.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STATE=${CASELINK_SERVERS_STATE:-$ROOT/.vscode-test/servers}
if [ ! -s "$STATE/servers.env" ]; then
  echo "smoke: $STATE/servers.env not found; start the servers with: sudo bash scripts/servers/up.sh" >&2
  exit 3
fi
set -a; . "$STATE/servers.env"; set +a
for tool in curl jq; do command -v $tool >/dev/null || { echo "smoke: $tool is missing (sudo apt-get install -y $tool)" >&2; exit 3; }; done

failed=0
BODY=$(mktemp); trap 'rm -f "$BODY"' EXIT
# req NAME JQ_SUMMARY CURL_ARGS...: one request; prints status, latency and a jq summary of the body
req() {
  local name=$1 summary=$2; shift 2
  local out code t
  out=$(curl -s -o "$BODY" -w '%{http_code} %{time_total}' "$@") || out="000 0"
  read -r code t <<<"$out"
  local ms; ms=$(awk -v t="$t" 'BEGIN{printf "%.0f", t*1000}')
  local what; what=$(jq -c "$summary" "$BODY" 2>/dev/null || head -c 200 "$BODY")
  if [ "${code:0:1}" = 2 ]; then printf 'ok   %-44s %3s %5s ms  %s\n' "$name" "$code" "$ms" "$what"
  else printf 'FAIL %-44s %3s %5s ms  %s\n' "$name" "$code" "$ms" "$what"; failed=$((failed + 1)); fi
}
RT=(-H "Authorization: token $RT_TOKEN")
RM=(-H "X-Redmine-API-Key: $REDMINE_API_KEY")

echo "RT $RT_URL (agent token)"
req 'GET /rt' '{Version}' "${RT[@]}" "$RT_API_URL/rt"
req 'GET /user/agent (whoami)' '{id,Name,RealName,Privileged}' "${RT[@]}" "$RT_API_URL/user/$RT_AGENT_USER"
req "search Queue='$RT_QUEUE' page 1" '{count,total,pages,per_page,next:(._hyperlinks // [] | length)}' \
  "${RT[@]}" -G "$RT_API_URL/tickets" --data-urlencode "query=Queue='$RT_QUEUE'" --data-urlencode 'per_page=100' \
  --data-urlencode 'fields=Subject,Status,Priority,Owner'
req "search Queue='$RT_QUEUE' page 2" '{count,total,page}' \
  "${RT[@]}" -G "$RT_API_URL/tickets" --data-urlencode "query=Queue='$RT_QUEUE'" --data-urlencode 'per_page=100' --data-urlencode 'page=2'
req 'search open, Tags=billing' '{count,total,ids:[.items[].id]}' \
  "${RT[@]}" -G "$RT_API_URL/tickets" --data-urlencode "query=Queue='$RT_QUEUE' AND Status='open' AND CF.{Tags}='billing'"
req "GET /ticket/$RT_TICKET_CONVERSATION" '{id,Subject,Status,Owner:.Owner.id,Requestor:[.Requestor[].id],CF:[.CustomFields[]|{(.name):.values}]|add}' \
  "${RT[@]}" "$RT_API_URL/ticket/$RT_TICKET_CONVERSATION"
req "GET /ticket/$RT_TICKET_CONVERSATION/history" '{count,total,types:[.items[].Type]}' \
  "${RT[@]}" -G "$RT_API_URL/ticket/$RT_TICKET_CONVERSATION/history" --data-urlencode 'per_page=100' --data-urlencode 'fields=Type,Creator'
req "GET /ticket/$RT_TICKET_ATTACHMENT/attachments" '{count,total,files:[.items[]|select(.Filename!="")|.Filename]}' \
  "${RT[@]}" -G "$RT_API_URL/ticket/$RT_TICKET_ATTACHMENT/attachments" --data-urlencode 'fields=Filename,ContentType'
# an agent gets only UserSummaryExtraInfo (RealName, EmailAddress, Name) from /user/:id, but the
# requestor's Organization through the ticket search's field expansion
req "GET /user/<requestor> (agent's summary)" '{Name,RealName,Organization}' "${RT[@]}" "$RT_API_URL/user/$RT_TICKET_CONVERSATION_REQUESTOR"
req "requestor via fields[Requestor]" '[.items[0].Requestor[]|{RealName,Organization}]' \
  "${RT[@]}" -G "$RT_API_URL/tickets" --data-urlencode "query=id=$RT_TICKET_CONVERSATION" \
  --data-urlencode 'fields=Requestor' --data-urlencode 'fields[Requestor]=RealName,Organization'

echo "Redmine $REDMINE_URL (support-bot key)"
req 'GET /users/current.json' '.user|{id,login,admin}' "${RM[@]}" "$REDMINE_URL/users/current.json"
req "GET /issues.json?project_id=$REDMINE_PROJECT&status_id=*" '{total_count,limit,first:.issues[0].subject}' \
  "${RM[@]}" "$REDMINE_URL/issues.json?project_id=$REDMINE_PROJECT&status_id=*"
req "GET /issues/$REDMINE_ISSUE_JOURNALS.json?include=journals,relations" \
  '.issue|{id,status:.status.name,journals:(.journals|length),private:[.journals[]|select(.private_notes)]|length,relations:(.relations|length)}' \
  "${RM[@]}" "$REDMINE_URL/issues/$REDMINE_ISSUE_JOURNALS.json?include=journals,relations"
req "issues with Support Ticket=$RT_TICKET_CONVERSATION" '{total_count,ids:[.issues[].id]}' \
  "${RM[@]}" "$REDMINE_URL/issues.json?project_id=$REDMINE_PROJECT&status_id=*&cf_$REDMINE_CF_SUPPORT_TICKET=$RT_TICKET_CONVERSATION"

echo "Cross-links"
req "RT tickets with a Redmine Issue" '{count,ids:[.items[].id]}' \
  "${RT[@]}" -G "$RT_API_URL/tickets" --data-urlencode "query=CF.{Redmine Issue} IS NOT NULL"
req "RT #$RT_TICKET_CONVERSATION refers-to" '[._hyperlinks[]|select(.ref=="refers-to")|._url]' "${RT[@]}" "$RT_API_URL/ticket/$RT_TICKET_CONVERSATION"

if [ "$failed" = 0 ]; then echo "smoke: all requests passed"; else echo "smoke: $failed request(s) failed"; exit 1; fi
