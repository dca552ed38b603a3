import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { MachineConfigurationApply } from "../../.gen/providers/talos/machine-configuration-apply";
import { ConfigPatch } from "../config/config-patch";
import { perRevision, synthTimeList, synthTimeString } from "../config/synth-time";
import { createJoinMarker, createOsUpgradeStep, joinedAt, schematicOf } from "../upgrades/upgrade-steps";
import { MachineSettings } from "../config/machine-settings";
import { renderMachineSettings } from "../config/render-settings";
import { MachineRole } from "../cluster/machine-role";
import { ITalosCluster } from "../cluster/talos-cluster-contract";
import { NodePoolProps } from "./node-pool-props";
import { validatePool } from "./pool-rules";
import { AfterReset, TalosNode } from "./talos-node";
import { defaultInstallerImage } from "../image-factory/image-references";
import { TerraformData } from "../bindings/terraform-data";
import { replaceTrigger } from "../bindings/references";
import { primarySubnets } from "./multihoming";
import { NODE_POOL_PROPS_SHAPE } from "./node-pool-shape";
import { propsShapeRule } from "../validation/prop-shape";
import { TalosInputError } from "../validation/input-error";
import { moveConstruct, moveResource } from "../bindings/moves";

/**
 * A group of control-plane or worker nodes: one `talos_machine_configuration_apply` per node,
 * whose construct id is the node name (a stable Terraform address, never an index).
 */
export class NodePool extends Construct {
  /** The pool's role. */
  public readonly role: MachineRole;
  /** The cluster the nodes join. */
  public readonly cluster: ITalosCluster;
  /** The nodes of the pool. */
  public readonly nodes: readonly TalosNode[];
  /** The config apply of each node, keyed by node name. */
  public readonly applies: { readonly [nodeName: string]: MachineConfigurationApply };
  /** The join marker of each node (rolling upgrades), keyed by node name. */
  public readonly joinMarkers: { readonly [nodeName: string]: TerraformData };
  /** The pool's rolling OS upgrade (`terraform_data` + `talosctl upgrade`), unless upgrades are manual. */
  public readonly osUpgrade?: TerraformData;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    TalosInputError.enforce(this, propsShapeRule(props, NODE_POOL_PROPS_SHAPE));
    validatePool(this, props);
    this.role = props.role;
    this.cluster = props.cluster;
    this.nodes = props.nodes.nodes;

    const cluster = props.cluster;
    const installerImage = props.nodes.installerImage ?? defaultInstallerImage(cluster.talosVersion.toString());
    // Read by every node's render: computed once per cluster revision for the whole pool. An image
    // known only at apply (an Image Factory schematic id) gets its own patch, one for all nodes, so
    // the nodes' other settings stay literal YAML in the plan.
    const image = perRevision(() => {
      const mirrored = cluster._mirrorInstallerImage(installerImage);
      const known = !Token.isUnresolved(mirrored);
      return { mirrored, known, patch: known ? undefined : ConfigPatch.v1alpha1({ machine: { install: { image: mirrored } } }) };
    }, () => cluster._revision);
    const mirroredImage = () => image().mirrored;
    const upgrades = cluster._upgradeContext;
    const gate: ITerraformDependable[] = cluster._upgradeGate ? [cluster._upgradeGate] : [];
    const controlPlane = this.role === MachineRole.CONTROL_PLANE;
    const reset = props.resetOnDestroy ?? true;
    const markers = upgrades ? new Construct(this, "Joined") : undefined;
    const applies: { [nodeName: string]: MachineConfigurationApply } = {};
    const joinMarkers: { [nodeName: string]: TerraformData } = {};
    for (const node of this.nodes) {
      const vip = node.vip ?? props.vip;
      // Several links: pin kubelet's node IP and etcd's address to the primary subnet.
      const subnets = props.nodeIpSubnets ?? primarySubnets(node.links, node.address, vip);
      const settings: MachineSettings = {
        hostname: node.hostname ?? node.name,
        nameservers: props.nameservers,
        ntpServers: props.ntpServers,
        links: node.links,
        vip,
        installDisk: node.installDisk ?? props.installDisk ?? props.nodes.installDisk,
        labels: { ...props.labels, ...node.labels },
        taints: [...(props.taints ?? []), ...(node.taints ?? [])],
        userVolumes: node.userVolumes,
        nodeIpSubnets: subnets,
        etcdSubnets: controlPlane ? subnets : undefined,
      };
      // Rendered at synth, so addons added after the pool (e.g. an installer mirror) still apply;
      // once per cluster revision, for the apply and for the synth notes alike.
      const settingsPatch = perRevision(() => {
        const { mirrored, known } = image();
        return renderMachineSettings({ ...settings, installImage: known ? mirrored : undefined }, cluster.talosVersion);
      }, () => cluster._revision);
      const render = () => {
        const { patch } = image();
        const patches = [
          settingsPatch(),
          ...(patch ? [patch] : []),
          ...(props.patches ?? []),
          ...(node.patches ?? []),
        ];
        return ConfigPatch.renderAll(patches);
      };
      // Who contributed each rendered entry (same order as render), for plan reviews.
      const sources = () => {
        const { known } = image();
        return [
          ...(settingsPatch().isEmpty ? [] : [`node settings (${this.node.path})`]),
          ...(known ? [] : [`installer image (${this.node.path})`]),
          ...(props.patches ?? []).filter((p) => !p.isEmpty).map(() => `pool patches (${this.node.path})`),
          ...(node.patches ?? []).filter((p) => !p.isEmpty).map(() => `node patches (${this.node.path}, node ${node.name})`),
        ];
      };
      const endpoint = node.endpoint ?? node.address;
      const apply = new MachineConfigurationApply(this, node.name, {
        provider: cluster.provider,
        clientConfiguration: cluster._clientCredentials,
        machineConfigurationInput: cluster.machineConfiguration(this.role).machineConfiguration,
        nodeAttribute: node.address,
        endpoint,
        applyMode: props.applyMode,
        configPatches: synthTimeList(render, () => cluster._revision),
        // New config only after the upgrade chain (a 1.11 → 1.12 config reaches a node running 1.12).
        dependsOn: [...(node.dependsOn ?? []), ...gate],
        // Reset on destroy: a removed control plane leaves etcd. A re-created machine (a new id) is
        // configured again; an in-place update of the machine (a bump, bigger VMs) replaces nothing.
        onDestroy: reset ? { reset: true, graceful: true, reboot: (props.nodes.afterReset ?? AfterReset.HALT) === AfterReset.MAINTENANCE } : undefined,
        lifecycle: node.machine ? { replaceTriggeredBy: [replaceTrigger(node.machine)] } : undefined,
      });
      applies[node.name] = apply;
      const marker = markers ? createJoinMarker(markers, node.name, node.machine) : undefined;
      if (marker) joinMarkers[node.name] = marker;
      cluster._registerMember({
        name: node.name,
        hostname: settings.hostname!,
        address: node.address,
        endpoint,
        role: this.role,
        apply,
        owner: this,
        links: node.links,
        vip: settings.vip,
        patches: [...(props.patches ?? []), ...(node.patches ?? [])],
        joined: marker ? joinedAt(marker) : undefined,
        applyAddress: `${apply.terraformResourceType}.${apply.friendlyUniqueId}`,
        patchSources: sources,
      });
    }
    this.applies = applies;
    this.joinMarkers = joinMarkers;
    // Renamed or moved: the resources keep their state (moved blocks), no apply is destroyed.
    for (const [name, former] of Object.entries(props.nodesMovedFrom ?? {})) {
      moveResource(applies[name], `${former}/${name}`);
      if (joinMarkers[name]) moveResource(joinMarkers[name], `${former}/Joined/${name}`);
    }
    if (upgrades) {
      const members = () => cluster.registeredMembers.filter((m) => m.owner === this);
      this.osUpgrade = createOsUpgradeStep(this, "OsUpgrade", {
        ...upgrades,
        pool: this.node.path,
        image: synthTimeString(mirroredImage, () => cluster._revision),
        schematic: synthTimeString(() => schematicOf(mirroredImage()) ?? "", () => cluster._revision),
        talosVersion: cluster.talosVersion.toString(),
        batchSize: controlPlane ? 1 : (props.maxUnavailable ?? 1),
        role: this.role,
        nodes: () => members().map((m) => ({ name: m.name, endpoint: m.endpoint, address: m.address, role: m.role, joined: m.joined! })).sort((a, b) => NAME_ORDER.compare(a.name, b.name)),
      });
      cluster._registerUpgradeStep(this.role, this.node.path, this.osUpgrade);
    }
    if (props.movedFrom !== undefined) moveConstruct(this, props.movedFrom);
  }
}

/** Node-name order: `worker-2` before `worker-10`. */
const NAME_ORDER = new Intl.Collator("en", { numeric: true });
