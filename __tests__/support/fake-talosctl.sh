#!/bin/sh
# A fake talosctl for the upgrade-chain tests. It logs every call to $FAKE_TALOS_LOG as
# "<ms> <what> <node> [...]", keeps each node's version in $FAKE_TALOS_STATE/<node>.version
# (default $FAKE_TALOS_VERSION), sleeps $FAKE_TALOS_SLEEP seconds per upgrade, fails the upgrade
# of node $FAKE_TALOS_FAIL, and refuses a --talosconfig whose content is not $FAKE_TALOS_EXPECT_CONFIG.
log="$FAKE_TALOS_LOG"
state="$FAKE_TALOS_STATE"
cfg=""; node=""; sub=""; what=""; image=""; to=""; cps=""; workers=""
while [ $# -gt 0 ]; do
  case "$1" in
    --talosconfig) cfg="$2"; shift 2 ;;
    -e|--endpoints) shift 2 ;;
    -n|--nodes) node="$2"; shift 2 ;;
    --image) image="$2"; shift 2 ;;
    --to) to="$2"; shift 2 ;;
    --control-plane-nodes) cps="$2"; shift 2 ;;
    --worker-nodes) workers="$2"; shift 2 ;;
    -o|--output|--timeout|--wait-timeout) shift 2 ;;
    get|upgrade|health|upgrade-k8s)
      if [ -z "$sub" ]; then sub="$1"; fi
      shift ;;
    *)
      if [ "$sub" = get ] && [ -z "$what" ]; then what="$1"; fi
      shift ;;
  esac
done
now() { date +%s%3N; }
if [ "$(cat "$cfg" 2>/dev/null)" != "$FAKE_TALOS_EXPECT_CONFIG" ]; then
  echo "$(now) bad-talosconfig $node" >> "$log"
  echo "fake talosctl: unexpected talosconfig" >&2
  exit 9
fi
case "$sub" in
  get)
    version=$(cat "$state/$node.version" 2>/dev/null || echo "$FAKE_TALOS_VERSION")
    if [ "$what" = version ]; then
      echo "$(now) get-version $node" >> "$log"
      printf '%s' "$version"
    else
      echo "$(now) get-extensions $node" >> "$log"
      schematic=$(cat "$state/$node.schematic" 2>/dev/null || echo "")
      printf 'node: %s\nmetadata:\n  id: "0"\nspec:\n  metadata:\n    name: schematic\n    version: %s\n' "$node" "$schematic"
    fi ;;
  upgrade)
    echo "$(now) upgrade-start $node $image" >> "$log"
    sleep "${FAKE_TALOS_SLEEP:-0}"
    if [ "$node" = "${FAKE_TALOS_FAIL:-}" ]; then
      echo "$(now) upgrade-failed $node" >> "$log"
      echo "error: rpc error: code = Unavailable desc = upgrade of $node failed: boom" >&2
      exit 1
    fi
    echo "${image##*:}" > "$state/$node.version"
    echo "$(now) upgrade-done $node" >> "$log" ;;
  health)
    echo "$(now) health cps=$cps workers=$workers" >> "$log" ;;
  upgrade-k8s)
    echo "$(now) upgrade-k8s $node $to" >> "$log" ;;
  *)
    echo "fake talosctl: unknown call" >&2
    exit 2 ;;
esac
