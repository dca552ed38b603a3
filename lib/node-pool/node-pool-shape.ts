import { MachineRole } from "../cluster/machine-role";
import { commonShapes } from "../cluster/prop-shapes";
import { AfterReset } from "./talos-node";
import { shape } from "../validation/prop-shape";
import { ApplyMode } from "./node-pool-props";

const VIP = shape.object("a VIP", { address: shape.string('give the VIP address, e.g. "192.168.62.20"'), link: shape.string('give the node link that carries it, e.g. "net0"') }, 'give { address: "192.168.62.20", link: "net0" }');

/** One link of a node (platforms build them; custom node sources too). */
export const LINK_SHAPE = shape.object(
  "a link",
  {
    name: commonShapes.name("net0"),
    selector: commonShapes.linkSelector,
    addresses: shape.optional(commonShapes.strings('give addresses in CIDR form, e.g. ["192.168.62.21/24"]')),
    gateway: shape.optional(shape.string('give the gateway address, e.g. "192.168.62.1"')),
    mtu: shape.optional(shape.number("give an MTU, e.g. 1500")),
  },
  'give { name: "net0", selector: LinkSelector.mac("..."), addresses: ["192.168.62.21/24"] }',
);

const NODE = shape.object(
  "a node",
  {
    name: commonShapes.name("cp-1"),
    address: shape.string('give the node address, e.g. "10.0.0.2"'),
    endpoint: shape.optional(shape.string('give the Talos API address, e.g. "203.0.113.7"')),
    hostname: shape.optional(shape.string('give a host name, e.g. "cp-1"')),
    installDisk: shape.optional(shape.string('give a device path, e.g. "/dev/vda"')),
    labels: shape.optional(commonShapes.labels),
    taints: shape.optional(commonShapes.taints),
    links: shape.optional(shape.list(LINK_SHAPE, "give a list of links")),
    userVolumes: shape.optional(shape.list(shape.object("a user volume", { name: commonShapes.name("data"), diskSelector: shape.string('give a CEL disk selector, e.g. "!system_disk"'), minSize: shape.optional(shape.string('give a size, e.g. "10GiB"')) }, "give { name, diskSelector }"), "give a list of user volumes")),
    vip: shape.optional(VIP),
    patches: shape.optional(commonShapes.patches),
    dependsOn: shape.optional(shape.list(shape.having("a Terraform resource", ["fqn"], "give resources of the stack"), "give a list of resources")),
    machine: shape.optional(shape.having("a Terraform resource", ["fqn"], "give the VM or instance resource")),
  },
  "give { name, address, ... }",
);

/** The runtime shape of `NodePoolProps`. */
export const NODE_POOL_PROPS_SHAPE = shape.object(
  "NodePoolProps",
  {
    cluster: commonShapes.cluster,
    role: shape.enumOf(MachineRole, "MachineRole"),
    nodes: shape.object("a node source", { nodes: shape.list(NODE, "give the nodes as a list"), installerImage: shape.optional(shape.string("give an image reference")), installDisk: shape.optional(shape.string('give a device path, e.g. "/dev/vda"')), inputProblems: shape.optional(shape.list(shape.having("a rule violation", ["ruleId", "what", "fix"], ""), "")), afterReset: shape.optional(shape.enumOf(AfterReset, "AfterReset")) }, "give ExistingMachines.of({ ... }), ProxmoxNodes or AwsNodes"),
    labels: shape.optional(commonShapes.labels),
    taints: shape.optional(commonShapes.taints),
    nameservers: shape.optional(commonShapes.strings('give nameserver addresses, e.g. ["1.1.1.1"]')),
    ntpServers: shape.optional(commonShapes.strings('give NTP servers, e.g. ["time.cloudflare.com"]')),
    installDisk: shape.optional(shape.string('give a device path, e.g. "/dev/vda"')),
    nodeIpSubnets: shape.optional(commonShapes.strings('give subnets, e.g. ["192.168.62.0/24"]')),
    vip: shape.optional(VIP),
    patches: shape.optional(commonShapes.patches),
    applyMode: shape.optional(shape.enumOf(ApplyMode, "ApplyMode")),
    maxUnavailable: shape.optional(shape.number("give a whole number, e.g. 1")),
    resetOnDestroy: shape.optional(shape.boolean()),
    movedFrom: shape.optional(shape.string('give the former construct path, e.g. "workers"')),
    nodesMovedFrom: shape.optional(shape.record(shape.string('give the former pool path, e.g. "workers"'), 'give { "worker-3": "workers" }')),
  },
  "give { cluster, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ ... }) }",
);
