import { App, TerraformStack } from "cdktf";
import { ConfigPatch } from "../../lib/config/config-patch";
import { AcknowledgedChange } from "../../lib/cluster/live-change";
import { Construct } from "constructs";
import { moveConstruct } from "../../lib/bindings/moves";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { MachineRole } from "../../lib/cluster/machine-role";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { ProxmoxNodes } from "../../lib/platforms/proxmox/proxmox-nodes";
import { TalosProxmoxImage } from "../../lib/platforms/proxmox/talos-proxmox-image";
import { AwsNodes } from "../../lib/platforms/aws/aws-nodes";
import { TalosAwsLoadBalancer } from "../../lib/platforms/aws/aws-load-balancer";
import { TalosAwsSecurityGroups } from "../../lib/platforms/aws/aws-security";
import { TalosAmi } from "../../lib/platforms/aws/talos-ami";
import { TalosImage } from "../../lib/image-factory/talos-image";
import { TalosExtension } from "../../lib/image-factory/talos-extension";
import { RegistryMirrors } from "../../lib/addons/registry-mirrors/registry-mirrors";
import { CiliumInlineManifest } from "../../lib/addons/cilium/cilium-inline-manifest";
import { GitOpsBootstrap, GitOpsEngine } from "../../lib/addons/gitops/gitops-bootstrap";
import { ManifestLifecycle } from "../../lib/addons/manifest-lifecycle";
import { JsonObject } from "../../lib/config/json";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { synth, testStack } from "./synth";

/** A platform of the day-2 tests. */
export type Day2Platform = "existing" | "proxmox" | "aws";

/** What a day-2 change varies. The defaults are the baseline cluster. */
export interface Day2Props {
  readonly talosVersion?: TalosVersion;
  readonly kubernetesVersion?: KubernetesVersion;
  /** Control-plane names, in input order. @default cp-1..3 */
  readonly controlPlanes?: readonly string[];
  /** Worker names, in input order. @default worker-1..3 */
  readonly workers?: readonly string[];
  /** Image extensions (Proxmox image; an Image Factory image for existing machines). @default guest agent (Proxmox), none */
  readonly extensions?: readonly TalosExtension[];
  /** Bigger worker machines (instance type, VM cores). @default false */
  readonly biggerWorkers?: boolean;
  /** An installer and image mirror. @default false */
  readonly mirror?: boolean;
  /** Cilium extra values and lifecycle. @default - no Cilium */
  readonly cilium?: { readonly values?: JsonObject; readonly lifecycle?: ManifestLifecycle };
  /** A GitOps engine. @default - none */
  readonly gitops?: GitOpsEngine;
  /** The worker pool's construct id. @default "workers" */
  readonly workerPoolId?: string;
  /** A second worker pool (construct id "workers-b") with these workers. @default - none */
  readonly secondPool?: readonly string[];
  /** Declare the renames and moves (movedFrom, nodesMovedFrom, vmsMovedFrom) from the baseline's places. @default false */
  readonly declareMoves?: boolean;
  /** A construct the pools and machine groups sit under. @default - none: directly in the stack */
  readonly wrapper?: string;
  /** The wrapper's former id (moveConstruct). @default - not moved */
  readonly wrapperMovedFrom?: string;
  /** The cluster name. @default "day2" */
  readonly clusterName?: string;
  /** Pod subnets (a cluster patch). @default - Talos' default */
  readonly podSubnets?: readonly string[];
  /** Service subnets (a cluster patch). @default - Talos' default */
  readonly serviceSubnets?: readonly string[];
  /** The OS disk of every machine, GiB (Proxmox osDiskGiB, AWS rootVolumeGiB). @default 64 (Proxmox), 20 (AWS) */
  readonly osDiskGiB?: number;
  /** Changes acknowledged on the cluster. @default - none */
  readonly acknowledge?: readonly AcknowledgedChange[];
  /** Re-create worker-1's machine: another Proxmox host (pve2) or AWS subnet (subnet-b), or a pinned VM id. @default - none */
  readonly recreateWorker1?: "host" | "vm-id" | "subnet";
  /** Every machine tagged (Proxmox VM tags, EC2 instance tags). */
  readonly machineTags?: boolean;
  /** Every VM gets a second NIC (Proxmox). */
  readonly secondNic?: boolean;
  /** Instance tags exposed in instance metadata (AWS; the default before issue 19). */
  readonly instanceMetadataTags?: boolean;
}

/** A node's address from its name: stable whatever the order of the list. */
function address(name: string, role: MachineRole): string {
  const ordinal = /(\d+)$/.exec(name);
  const host = ordinal ? 10 + Number(ordinal[1]) : 90 + (name.length % 9);
  return `10.0.${role === MachineRole.CONTROL_PLANE ? 0 : 1}.${host}`;
}

/** A 3 CP + 3 worker cluster on a platform. */
export function day2Stack(platform: Day2Platform, props: Day2Props = {}, app?: App): TerraformStack {
  const stack = app ? new TerraformStack(app, "day2") : testStack("day2");
  const talosVersion = props.talosVersion ?? TalosVersion.V1_13_9;
  const cps = props.controlPlanes ?? ["cp-1", "cp-2", "cp-3"];
  const workers = props.workers ?? ["worker-1", "worker-2", "worker-3"];
  let endpoint = "https://10.0.0.10:6443";
  let api: TalosAwsLoadBalancer | undefined;
  let groups: TalosAwsSecurityGroups | undefined;
  if (platform === "aws") {
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    groups = new TalosAwsSecurityGroups(stack, "security-groups", { clusterName: "day2", vpcId: "vpc-1", adminCidrs: ["203.0.113.0/24"] });
    api = new TalosAwsLoadBalancer(stack, "api", { clusterName: "day2", vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b", "subnet-c"], securityGroupIds: [groups.loadBalancer.id] });
    endpoint = api.endpoint;
  }
  const network = props.podSubnets || props.serviceSubnets ? [ConfigPatch.v1alpha1({ cluster: { network: { ...(props.podSubnets ? { podSubnets: [...props.podSubnets] } : {}), ...(props.serviceSubnets ? { serviceSubnets: [...props.serviceSubnets] } : {}) } } })] : undefined;
  const cluster = new TalosCluster(stack, "cluster", { clusterName: props.clusterName ?? "day2", endpoint, talosVersion, kubernetesVersion: props.kubernetesVersion, patches: network, acknowledgedChanges: props.acknowledge });
  if (props.mirror) {
    RegistryMirrors.harborProxy(stack, "mirrors", { cluster, harborUrl: "https://harbor.example.com", projects: { "ghcr.io": "gh", "factory.talos.dev": "talos" }, installerMirror: "harbor.example.com/talos", imageFactoryMirror: "https://proxy.example.com/" });
  }
  const scope = props.wrapper ? new Construct(stack, props.wrapper) : stack;
  const pools = (sources: (role: MachineRole, names: readonly string[], id: string) => import("../../lib/node-pool/talos-node").INodeSource) => {
    new NodePool(scope, "control-plane", { cluster, role: MachineRole.CONTROL_PLANE, nodes: sources(MachineRole.CONTROL_PLANE, cps, "cp") });
    const poolId = props.workerPoolId ?? "workers";
    new NodePool(scope, poolId, { cluster, role: MachineRole.WORKER, nodes: sources(MachineRole.WORKER, workers, "worker"), maxUnavailable: 2, movedFrom: props.declareMoves && poolId !== "workers" ? "workers" : undefined });
    if (props.secondPool) {
      const moved = props.declareMoves ? Object.fromEntries(props.secondPool.map((n) => [n, "workers"])) : undefined;
      new NodePool(scope, "workers-b", { cluster, role: MachineRole.WORKER, nodes: sources(MachineRole.WORKER, props.secondPool, "worker-b"), maxUnavailable: 2, nodesMovedFrom: moved });
    }
  };
  if (platform === "existing") {
    const image = props.extensions ? new TalosImage(stack, "image", { cluster, extensions: props.extensions }) : undefined;
    pools((role, names) => ExistingMachines.of(Object.fromEntries(names.map((n) => [n, { address: address(n, role) }])), { image, installDisk: "/dev/sda" }));
  } else if (platform === "proxmox") {
    const image = new TalosProxmoxImage(stack, "image", { cluster, hosts: ["pve1", "pve2", "pve3"], extensions: props.extensions });
    const hosts = ["pve1", "pve2", "pve3"].map((name) => ({ name, datastoreId: "local-lvm" }));
    pools(
      (role, names, id) =>
        new ProxmoxNodes(scope, `${id}-vms`, {
          vmsMovedFrom: props.declareMoves && id === "worker-b" ? Object.fromEntries(names.map((n) => [n, "worker-vms"])) : undefined,
          image,
          hosts,
          size: { cores: role === MachineRole.WORKER && props.biggerWorkers ? 8 : 4, memoryMiB: 8192, osDiskGiB: props.osDiskGiB ?? 64 },
          nics: props.secondNic ? [{ bridge: "vmbr0" }, { bridge: "vmbr1" }] : [{ bridge: "vmbr0" }],
          tags: props.machineTags ? ["talos", "k8s"] : undefined,
          vms: names.map((n) => ({
            name: n,
            host: n === "worker-1" && props.recreateWorker1 === "host" ? "pve2" : undefined,
            vmId: n === "worker-1" && props.recreateWorker1 === "vm-id" ? 9001 : undefined,
            addresses: [{ address: `${address(n, role)}/16`, gateway: "10.0.0.1" }, ...(props.secondNic ? [{ address: `${address(n, role).replace(/^10\.0\./, "10.1.")}/16` }] : [])],
          })),
        }),
    );
  } else {
    const ami = new TalosAmi(stack, "ami", { talosVersion });
    pools((role, names, id) => {
      const instances = new AwsNodes(scope, `${id}-instances`, {
          nodesMovedFrom: props.declareMoves && id === "worker-b" ? Object.fromEntries(names.map((n) => [n, "worker-instances"])) : undefined,
          cluster,
          ami,
          instanceType: role === MachineRole.WORKER && props.biggerWorkers ? "m6i.xlarge" : "m6i.large",
          rootVolumeGiB: props.osDiskGiB,
          tags: props.machineTags ? { team: "platform", "cost-center": "42" } : undefined,
          instanceMetadataTags: props.instanceMetadataTags,
          subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
          securityGroupIds: [groups!.nodes.id],
          loadBalancer: role === MachineRole.CONTROL_PLANE ? api : undefined,
          nodes: names.map((n) => ({ name: n, subnetId: n === "worker-1" && props.recreateWorker1 === "subnet" ? "subnet-b" : undefined })),
        });
      groups!.admitNodes(instances);
      return instances;
    });
  }
  if (props.wrapper && props.wrapperMovedFrom) moveConstruct(scope, props.wrapperMovedFrom);
  if (props.cilium) new CiliumInlineManifest(stack, "cilium", { cluster, extraValues: props.cilium.values, lifecycle: props.cilium.lifecycle });
  if (props.gitops) new GitOpsBootstrap(stack, "gitops", { cluster, engine: props.gitops, repoUrl: "https://git.example.com/org/apps.git" });
  return stack;
}

const synthesized = new Map<string, ReturnType<typeof synth>["json"]>();

/**
 * The Terraform JSON of a day-2 stack (`toTerraform`, no files written), memoized per platform
 * and props: many changes share a baseline. The example-stack tests run the full synth with
 * validations; here only the diff matters.
 */
export function day2Json(platform: Day2Platform, props: Day2Props = {}) {
  const key = `${platform} ${JSON.stringify(props)}`;
  let json = synthesized.get(key);
  if (!json) {
    json = JSON.parse(JSON.stringify(day2Stack(platform, props).toTerraform())) as ReturnType<typeof synth>["json"];
    synthesized.set(key, json);
  }
  return json;
}
