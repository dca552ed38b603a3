/**
 * The POSIX sh scripts the upgrade steps run (`local-exec`). They read everything from the
 * environment the step sets: the talosconfig arrives as text and lives in a private temporary
 * folder removed on exit, never in the synthesized JSON or a file left behind.
 *
 * Node lines (`CDKTF_TALOS_NODES`, `CDKTF_TALOS_CLUSTER_NODES`) are space-separated:
 * `[role] name endpoint address joined`, where `joined` is the plan time the node's join marker
 * recorded: equal to `CDKTF_TALOS_PLAN_TIME` exactly when the node joins in this apply.
 */

/** Helpers both scripts share: messages, the talosconfig, talosctl, the health gate. */
const COMMON = `set -u
step="$CDKTF_TALOS_STEP"
say() { printf 'cdktf-talos [%s]: %s\\n' "$step" "$*"; }
fail() { printf 'cdktf-talos [%s]: %s\\n' "$step" "$*" >&2; exit 1; }
work=""
cleanup() { if [ -n "$work" ]; then rm -rf "$work"; fi; }
trap cleanup EXIT
trap 'cleanup; exit 1' HUP INT TERM
talosctl="\${CDKTF_TALOS_TALOSCTL:-talosctl}"
setup() {
  if [ -n "$work" ]; then return 0; fi
  command -v "$talosctl" >/dev/null 2>&1 || fail "talosctl not found (\\"$talosctl\\"): install talosctl, put it on PATH or set the cluster's upgrades.talosctl to its path"
  umask 077
  work=$(mktemp -d) || fail "cannot create a temporary folder"
  printf '%s' "$CDKTF_TALOS_TALOSCONFIG" > "$work/talosconfig"
  TALOSCONFIG="$work/talosconfig"
  export TALOSCONFIG
}
tctl() { "$talosctl" --talosconfig "$work/talosconfig" "$@"; }
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
  tctl -e "$gate_endpoint" -n "$gate_node" "$@" > "$work/health.log" 2>&1 || fail "the cluster did not become healthy after $what (talosctl health):
$(cat "$work/health.log")"
  say "cluster healthy after $what"
}
`;

/**
 * The rolling OS upgrade of one node pool: skip nodes joining in this apply and nodes already on
 * the target image, then upgrade the rest in batches of `CDKTF_TALOS_BATCH`, a health gate after
 * each batch; the first failure stops with the node name and talosctl's output.
 */
export const OS_UPGRADE_SCRIPT = `${COMMON}pending=""
while read -r name endpoint address joined; do
  [ -n "$name" ] || continue
  if [ "$joined" = "$CDKTF_TALOS_PLAN_TIME" ]; then
    say "$name joins the cluster in this apply and installs $CDKTF_TALOS_IMAGE: nothing to upgrade"
    continue
  fi
  setup
  version=$(tctl -e "$endpoint" -n "$address" get version -o jsonpath='{.spec.version}' 2> "$work/err") || fail "node $name ($address): reading its Talos version failed:
$(cat "$work/err")"
  current=no
  if [ "$version" = "$CDKTF_TALOS_VERSION" ]; then current=yes; fi
  if [ "$current" = yes ] && [ -n "\${CDKTF_TALOS_SCHEMATIC:-}" ]; then
    tctl -e "$endpoint" -n "$address" get extensions -o yaml > "$work/ext" 2> "$work/err" || fail "node $name ($address): reading its extensions failed:
$(cat "$work/err")"
    schematic=$(awk '/name: schematic$/ { found = 1 } found && /version:/ { print $2; exit }' "$work/ext")
    if [ "$schematic" != "$CDKTF_TALOS_SCHEMATIC" ]; then current=no; fi
  fi
  if [ "$current" = yes ]; then
    say "$name already runs $CDKTF_TALOS_IMAGE: skipped"
    continue
  fi
  pending="$pending$name $endpoint $address
"
done <<EOF
$CDKTF_TALOS_NODES
EOF
upgrade_batch() {
  started=""
  while read -r name endpoint address; do
    [ -n "$name" ] || continue
    say "upgrading $name ($address) to $CDKTF_TALOS_IMAGE"
    ( tctl -e "$endpoint" -n "$address" upgrade --image "$CDKTF_TALOS_IMAGE" --wait --timeout "$CDKTF_TALOS_NODE_TIMEOUT" > "$work/$name.log" 2>&1; echo $? > "$work/$name.rc" ) &
    started="$started $name"
  done <<EOF
$1
EOF
  wait
  for name in $started; do
    rc=$(cat "$work/$name.rc" 2> /dev/null || echo 1)
    [ "$rc" = 0 ] || fail "upgrading node $name to $CDKTF_TALOS_IMAGE failed (talosctl exit $rc); nodes after it were not touched:
$(cat "$work/$name.log")"
    say "$name upgraded"
  done
  health_gate "upgrading$started"
}
batch=""
count=0
while read -r name endpoint address; do
  [ -n "$name" ] || continue
  batch="$batch$name $endpoint $address
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
 * The Kubernetes upgrade after every pool's OS upgrade: one `talosctl upgrade-k8s --to <v>`
 * (it also re-syncs inline manifests). Skipped when the cluster is created in this apply.
 */
export const KUBERNETES_UPGRADE_SCRIPT = `${COMMON}cluster_nodes
if [ -z "$gate_node" ]; then
  say "the cluster is created in this apply: nothing to upgrade"
  exit 0
fi
setup
say "upgrade-k8s --to $CDKTF_TALOS_KUBERNETES_VERSION through $gate_node"
tctl -e "$gate_endpoint" -n "$gate_node" upgrade-k8s --to "$CDKTF_TALOS_KUBERNETES_VERSION" > "$work/upgrade-k8s.log" 2>&1 || fail "talosctl upgrade-k8s --to $CDKTF_TALOS_KUBERNETES_VERSION failed:
$(cat "$work/upgrade-k8s.log")"
say "Kubernetes $CDKTF_TALOS_KUBERNETES_VERSION rolled out"
`;
