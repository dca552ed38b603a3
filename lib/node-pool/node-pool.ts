import { Construct } from "constructs";
import { Token } from "cdktf";
import { MachineConfigurationApply } from "../../.gen/providers/talos/machine-configuration-apply";
import { ConfigPatch } from "../config/config-patch";
import { synthTimeList } from "../config/synth-time";
import { MachineSettings } from "../config/machine-settings";
import { renderMachineSettings } from "../config/render-settings";
import { MachineRole } from "../cluster/machine-role";
import { ITalosCluster } from "../cluster/talos-cluster-contract";
import { NodePoolProps } from "./node-pool-props";
import { validatePool } from "./pool-rules";
import { TalosNode } from "./talos-node";
import { defaultInstallerImage } from "../image-factory/image-references";

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

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    validatePool(this, props);
    this.role = props.role;
    this.cluster = props.cluster;
    this.nodes = props.nodes.nodes;

    const cluster = props.cluster;
    const installerImage = props.nodes.installerImage ?? defaultInstallerImage(cluster.talosVersion.toString());
    const applies: { [nodeName: string]: MachineConfigurationApply } = {};
    for (const node of this.nodes) {
      const settings: MachineSettings = {
        hostname: node.hostname ?? node.name,
        nameservers: props.nameservers,
        ntpServers: props.ntpServers,
        links: node.links,
        vip: node.vip ?? props.vip,
        installDisk: node.installDisk ?? props.installDisk ?? props.nodes.installDisk,
        labels: { ...props.labels, ...node.labels },
        taints: [...(props.taints ?? []), ...(node.taints ?? [])],
      };
      // Rendered at synth, so addons added after the pool (e.g. an installer mirror) still apply.
      const render = () => {
        const image = cluster._mirrorInstallerImage(installerImage);
        // An image known only at apply (an Image Factory schematic id) gets its own patch, so the
        // node's other settings stay literal YAML in the plan.
        const known = !Token.isUnresolved(image);
        const patches = [
          renderMachineSettings({ ...settings, installImage: known ? image : undefined }, cluster.talosVersion),
          ...(known ? [] : [ConfigPatch.v1alpha1({ machine: { install: { image } } })]),
          ...(props.patches ?? []),
          ...(node.patches ?? []),
        ];
        return ConfigPatch.renderAll(patches);
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
        dependsOn: node.dependsOn ? [...node.dependsOn] : undefined,
      });
      applies[node.name] = apply;
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
      });
    }
    this.applies = applies;
  }
}
