import { Construct } from "constructs";
import { Lazy, Token } from "cdktf";
import { MachineConfigurationApply } from "../../.gen/providers/talos/machine-configuration-apply";
import { ConfigPatch } from "../config/config-patch";
import { MachineSettings, Taint, VipSettings } from "../config/machine-settings";
import { renderMachineSettings } from "../config/render-settings";
import { MachineRole } from "../cluster/machine-role";
import { TalosCluster } from "../cluster/talos-cluster";
import { defaultInstallerImage, INodeSource, TalosNode } from "./talos-node";
import { validatePool } from "./pool-rules";

/** How Talos applies a changed machine configuration. */
export enum ApplyMode {
  /** Apply without reboot when possible, reboot otherwise (provider default). */
  AUTO = "auto",
  /** Always reboot. */
  REBOOT = "reboot",
  /** Fail if the change needs a reboot. */
  NO_REBOOT = "no_reboot",
  /** Stage the change for the next reboot. */
  STAGED = "staged",
}

/** Properties of a {@link NodePool}. */
export interface NodePoolProps {
  /** The cluster the nodes join. */
  readonly cluster: TalosCluster;
  /** Control plane or worker. */
  readonly role: MachineRole;
  /** Where the nodes come from (existing machines, Proxmox VMs, EC2 instances). */
  readonly nodes: INodeSource;
  /** Node labels for every node of the pool. @default - none */
  readonly labels?: { readonly [key: string]: string };
  /** Node taints for every node of the pool. @default - none */
  readonly taints?: readonly Taint[];
  /** DNS nameserver addresses. @default - DHCP / platform nameservers */
  readonly nameservers?: readonly string[];
  /** NTP servers. @default - Talos' default (`time.cloudflare.com`) or the platform's */
  readonly ntpServers?: readonly string[];
  /** Install disk of nodes that do not name one. @default - the node source's, else Talos' default `/dev/sda` */
  readonly installDisk?: string;
  /** Control-plane VIP carried by every node of this (control-plane) pool. @default - none */
  readonly vip?: VipSettings;
  /** Config patches for every node of the pool, applied after the generated node settings. @default - none */
  readonly patches?: readonly ConfigPatch[];
  /** How config changes are applied. @default ApplyMode.AUTO */
  readonly applyMode?: ApplyMode;
}

/**
 * A group of control-plane or worker nodes: one `talos_machine_configuration_apply` per node,
 * whose construct id is the node name (a stable Terraform address, never an index).
 */
export class NodePool extends Construct {
  /** The pool's role. */
  public readonly role: MachineRole;
  /** The nodes of the pool. */
  public readonly nodes: readonly TalosNode[];
  /** The config apply of each node, keyed by node name. */
  public readonly applies: { readonly [nodeName: string]: MachineConfigurationApply };

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    this.role = props.role;
    this.nodes = props.nodes.nodes;
    validatePool(this, props);

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
        const image = cluster.installerImage(installerImage);
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
      const apply = new MachineConfigurationApply(this, node.name, {
        provider: cluster.provider,
        clientConfiguration: cluster.clientCredentials(),
        machineConfigurationInput: cluster.machineConfiguration(this.role).machineConfiguration,
        nodeAttribute: node.address,
        endpoint: node.address,
        applyMode: props.applyMode,
        configPatches: Lazy.listValue({ produce: render }),
        dependsOn: node.dependsOn ? [...node.dependsOn] : undefined,
      });
      applies[node.name] = apply;
      cluster.registerMember({
        name: node.name,
        hostname: settings.hostname!,
        address: node.address,
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
