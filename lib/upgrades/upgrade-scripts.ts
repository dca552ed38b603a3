/**
 * The POSIX sh scripts the upgrade steps run (`local-exec`). They read everything from the
 * environment the step sets: the talosconfig (and kubeconfig) arrive as text and live in a private
 * temporary folder removed on exit, never in the synthesized JSON or a file left behind.
 *
 * Node lines (`CDKTF_TALOS_NODES`, `CDKTF_TALOS_CLUSTER_NODES`) are space-separated:
 * `[role] name endpoint address joined`, where `joined` is the plan time the node's join marker
 * recorded: equal to `CDKTF_TALOS_PLAN_TIME` exactly when the node joins in this apply.
 */

/**
 * Helpers every script shares: messages, the talosconfig, talosctl, the client check, the health
 * gate. A failure prints the node, the talosctl command and its output first.
 */
const COMMON = `set -u
step="$CDKTF_TALOS_STEP"
# Progress is held back and printed at the end: a failure prints its node, command and talosctl's
# output first, then what ran before it (terraform hides this output anyway while the step's
# environment holds the talosconfig, except in the error of a failed step).
said=""
say() { said="\${said}cdktf-talos [$step]: $*
"; }
fail() {
  printf 'cdktf-talos [%s]: %s\\n' "$step" "$*" >&2
  if [ -n "$said" ]; then printf 'cdktf-talos [%s]: before that:\\n%s' "$step" "$said" >&2; said=""; fi
  exit 1
}
work=""
cleanup() { if [ -n "$work" ]; then rm -rf "$work"; fi; if [ -n "$said" ]; then printf '%s' "$said"; said=""; fi; }
trap cleanup EXIT
trap 'cleanup; exit 1' HUP INT TERM
talosctl="\${CDKTF_TALOS_TALOSCTL:-talosctl}"
minor_of() { printf '%s\\n' "$1" | sed -n 's/^v\\{0,1\\}\\([0-9][0-9]*\\)\\.\\([0-9][0-9]*\\).*/\\1 \\2/p'; }
# talosctl older than the cluster's Talos minor lacks its upgrade paths and APIs: stop before any node.
check_client() {
  client=$("$talosctl" version --client 2>/dev/null | awk '/Tag:/ { print $2; exit }')
  set -- $(minor_of "$client") x x
  cmaj="$1"; cmin="$2"
  set -- $(minor_of "$CDKTF_TALOS_VERSION") x x
  if [ "$cmaj" = x ] || [ "$cmaj" -lt "$1" ] || { [ "$cmaj" -eq "$1" ] && [ "$cmin" -lt "$2" ]; }; then
    fail "talosctl \${client:-(unknown version)} is older than the cluster's Talos $CDKTF_TALOS_VERSION; nothing was touched. Install talosctl $1.$2 or newer (https://github.com/siderolabs/talos/releases) and apply again"
  fi
}
setup() {
  if [ -n "$work" ]; then return 0; fi
  command -v "$talosctl" >/dev/null 2>&1 || fail "talosctl not found (\\"$talosctl\\"): install talosctl, put it on PATH or set the cluster's upgrades.talosctl to its path"
  check_client
  umask 077
  work=$(mktemp -d) || fail "cannot create a temporary folder"
  printf '%s' "$CDKTF_TALOS_TALOSCONFIG" > "$work/talosconfig"
  TALOSCONFIG="$work/talosconfig"
  export TALOSCONFIG
}
tctl() { "$talosctl" --talosconfig "$work/talosconfig" "$@"; }
# Runs talosctl; on failure stops with what failed: the node, the command and talosctl's output.
run_or_fail() {
  what="$1"; shift
  if ! tctl "$@" > "$work/out" 2>&1; then
    fail "$what failed: talosctl $*
$(cat "$work/out")"
  fi
}
# Nodes of the cluster that do not join in this apply: sets cps, workers, gate_endpoint, gate_node.
cluster_nodes() {
  cps=""; workers=""; gate_endpoint=""; gate_node=""
  while read -r role name endpoint address joined; do
    [ -n "$role" ] || continue
    [ "$joined" = "$CDKTF_TALOS_PLAN_TIME" ] && continue
    if [ "$role" = controlplane ]; then
      cps="\${cps:+$cps,}$address"
      if [ -z "$gate_node" ]; then gate_endpoint="$endpoint"; gate_node="$address"; fi
    else
      workers="\${workers:+$workers,}$address"
    fi
  done <<EOF
$CDKTF_TALOS_CLUSTER_NODES
EOF
}
health_gate() {
  cluster_nodes
  [ -n "$gate_node" ] || return 0
  what="$1"
  set -- health --wait-timeout "$CDKTF_TALOS_HEALTH_TIMEOUT" --control-plane-nodes "$cps"
  if [ -n "$workers" ]; then set -- "$@" --worker-nodes "$workers"; fi
  run_or_fail "the health check $what" -e "$gate_endpoint" -n "$gate_node" "$@"
  say "cluster healthy $what"
}
`;

/**
 * The rolling OS upgrade of one node pool: skip nodes joining in this apply and nodes already on
 * the target image; then a health gate, and the rest in batches of `CDKTF_TALOS_BATCH`, a health
 * gate after each batch. Control planes are dialled at their own endpoint; workers through a
 * control plane (`-e <control plane> -n <worker>`), because talosctl ≥ 1.13 drains a ≥ 1.13 node
 * through a kubeconfig fetched from the `-e` endpoint, which only a control plane serves.
 */
export const OS_UPGRADE_SCRIPT = `${COMMON}dial_through() {
  if [ "$CDKTF_TALOS_ROLE" = controlplane ]; then printf '%s' "$1"; return 0; fi
  cluster_nodes
  [ -n "$gate_endpoint" ] || fail "no control plane to dial the workers through (every control plane joins in this apply)"
  printf '%s' "$gate_endpoint"
}
pending=""
while read -r name endpoint address joined; do
  [ -n "$name" ] || continue
  if [ "$joined" = "$CDKTF_TALOS_PLAN_TIME" ]; then
    say "$name joins the cluster in this apply and installs $CDKTF_TALOS_IMAGE: nothing to upgrade"
    continue
  fi
  setup
  dial=$(dial_through "$endpoint")
  run_or_fail "node $name ($address): reading its Talos version" -e "$dial" -n "$address" get version -o jsonpath='{.spec.version}'
  version=$(cat "$work/out")
  current=no
  if [ "$version" = "$CDKTF_TALOS_VERSION" ]; then current=yes; fi
  if [ "$current" = yes ] && [ -n "\${CDKTF_TALOS_SCHEMATIC:-}" ]; then
    run_or_fail "node $name ($address): reading its extensions" -e "$dial" -n "$address" get extensions -o yaml
    schematic=$(awk '/name: schematic$/ { found = 1 } found && /version:/ { print $2; exit }' "$work/out")
    if [ "$schematic" != "$CDKTF_TALOS_SCHEMATIC" ]; then current=no; fi
  fi
  if [ "$current" = yes ]; then
    say "$name already runs $CDKTF_TALOS_IMAGE: skipped"
    continue
  fi
  pending="$pending$name $dial $address
"
done <<EOF
$CDKTF_TALOS_NODES
EOF
upgrade_batch() {
  started=""
  while read -r name dial address; do
    [ -n "$name" ] || continue
    say "upgrading $name ($address) to $CDKTF_TALOS_IMAGE"
    ( tctl -e "$dial" -n "$address" upgrade --image "$CDKTF_TALOS_IMAGE" --wait --timeout "$CDKTF_TALOS_NODE_TIMEOUT" > "$work/$name.log" 2>&1; echo $? > "$work/$name.rc" ) &
    started="$started $name"
  done <<EOF
$1
EOF
  wait
  for name in $started; do
    rc=$(cat "$work/$name.rc" 2> /dev/null || echo 1)
    [ "$rc" = 0 ] || fail "upgrading node $name to $CDKTF_TALOS_IMAGE failed (talosctl exit $rc): talosctl upgrade --image $CDKTF_TALOS_IMAGE
$(cat "$work/$name.log")
Nodes after it were not touched; apply again to resume (upgraded nodes are skipped)."
    say "$name upgraded"
  done
  health_gate "after upgrading$started"
}
if [ -n "$pending" ]; then health_gate "before upgrading"; fi
batch=""
count=0
while read -r name dial address; do
  [ -n "$name" ] || continue
  batch="$batch$name $dial $address
"
  count=$((count + 1))
  if [ "$count" -ge "$CDKTF_TALOS_BATCH" ]; then
    upgrade_batch "$batch"
    batch=""
    count=0
  fi
done <<EOF
$pending
EOF
if [ -n "$batch" ]; then upgrade_batch "$batch"; fi
if [ -z "$pending" ]; then say "no node needs an upgrade"; fi
`;

/**
 * One `talosctl upgrade-k8s --to <v>` between two health gates, with the Kubernetes API endpoint
 * given and no docs or examples written into the machine configs (by default upgrade-k8s re-encodes
 * every node's config with both). Skipped when the cluster is created in this apply. The
 * Kubernetes upgrade runs it before the config applies (the new version); the manifest sync after
 * the control planes hold their new config (upgrade-k8s reads the manifests from it).
 */
export const KUBERNETES_UPGRADE_SCRIPT = `${COMMON}cluster_nodes
if [ -z "$gate_node" ]; then
  say "the cluster is created in this apply: nothing to $CDKTF_TALOS_PURPOSE"
  exit 0
fi
setup
health_gate "before upgrade-k8s"
cluster_nodes
say "upgrade-k8s --to $CDKTF_TALOS_KUBERNETES_VERSION through $gate_node ($CDKTF_TALOS_PURPOSE)"
run_or_fail "upgrade-k8s through $gate_node" -e "$gate_endpoint" -n "$gate_node" upgrade-k8s --to "$CDKTF_TALOS_KUBERNETES_VERSION" --endpoint "$CDKTF_TALOS_K8S_ENDPOINT" --with-docs=false --with-examples=false
health_gate "after upgrade-k8s"
say "Kubernetes $CDKTF_TALOS_KUBERNETES_VERSION: $CDKTF_TALOS_PURPOSE done"
`;

/**
 * The Kubernetes Node objects of removed nodes, deleted (Talos' "scale down": reset, then
 * `kubectl delete node`): a stale NotReady Node fails every later `talosctl health`. A Node that
 * is not one of the cluster's nodes is deleted once NotReady (its reset runs in the same apply:
 * it is waited for); one still Ready after the timeout is not the cluster's and is left alone.
 */
export const NODE_CLEANUP_SCRIPT = `${COMMON}cluster_nodes
if [ -z "$gate_node" ]; then
  say "the cluster is created in this apply: no Node object to delete"
  exit 0
fi
kubectl="\${CDKTF_TALOS_KUBECTL:-kubectl}"
command -v "$kubectl" >/dev/null 2>&1 || fail "kubectl not found (\\"$kubectl\\"): the Node objects of removed nodes must be deleted. Install kubectl, put it on PATH or set the cluster's upgrades.kubectl, and apply again (or run kubectl delete node <name> yourself)"
setup
# The admin kubeconfig, through the Talos API of a control plane (the kubeconfig resource depends
# on the bootstrap, which waits for the applies, which wait for this step).
run_or_fail "fetching the admin kubeconfig from $gate_node" -e "$gate_endpoint" -n "$gate_node" kubeconfig "$work/kubeconfig" --merge=false
kctl() { "$kubectl" --kubeconfig "$work/kubeconfig" "$@"; }
wanted() { case " $CDKTF_TALOS_NODE_NAMES " in *" $1 "*) return 0 ;; esac; return 1; }
list_nodes() {
  kctl get nodes --no-headers -o 'custom-columns=NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status' > "$work/nodes" 2> "$work/err" || fail "kubectl get nodes failed:
$(cat "$work/err")"
}
waited=0
while :; do
  list_nodes
  stale=""; waiting=""
  while read -r name ready; do
    [ -n "$name" ] || continue
    wanted "$name" && continue
    if [ "$ready" = True ]; then waiting="$waiting $name"; else stale="$stale $name"; fi
  done < "$work/nodes"
  for name in $stale; do
    kctl delete node "$name" > "$work/out" 2>&1 || fail "kubectl delete node $name failed:
$(cat "$work/out")"
    say "deleted the Node object of removed node $name"
  done
  [ -n "$waiting" ] || break
  if [ "$waited" -ge "$CDKTF_TALOS_REMOVAL_TIMEOUT" ]; then
    say "left alone (still Ready, not a node of this cluster's configuration):$waiting"
    break
  fi
  sleep "$CDKTF_TALOS_POLL_SECONDS"
  waited=$((waited + CDKTF_TALOS_POLL_SECONDS))
done
`;
