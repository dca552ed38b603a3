import * as fs from "fs";
import * as path from "path";
import { Annotations, App, TerraformStack } from "cdktf";
import { MachineRole } from "../../lib/cluster/machine-role";
import { TalosClusterProps } from "../../lib/cluster/talos-cluster-props";
import { TaintEffect } from "../../lib/config/machine-settings";
import { LinkSelector } from "../../lib/config/link-selector";
import { NodePoolProps } from "../../lib/node-pool/node-pool-props";
import { ExistingMachine } from "../../lib/platforms/existing/existing-machines";
import { synthValidated } from "../../lib/app/synth-validated";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { cluster, pool } from "../support/fixtures";
import { freshOutdir, synth, testStack } from "../support/synth";

const CP = { "cp-1": { address: "10.0.0.11" } };
const CP_LINKED = { "cp-1": { address: "10.0.0.11", links: [{ addresses: ["10.0.0.11/24"] }] } };

function clusterWith(props: Partial<TalosClusterProps>): () => void {
  return () => cluster(testStack(), props);
}

function poolWith(machines: { [name: string]: ExistingMachine }, props: Partial<NodePoolProps> = {}, role = MachineRole.CONTROL_PLANE): () => void {
  return () => {
    const stack = testStack();
    pool(stack, "pool", cluster(stack), role, machines, props);
  };
}

describe("bad input fails at synth with path, value and fix", () => {
  test.each<[string, () => void, RegExp]>([
    ["cluster name not DNS-1123", clusterWith({ clusterName: "My_Cluster" }), /^\[test\/cluster\] clusterName "My_Cluster" is not a DNS-1123 label\. Fix: use lower-case/],
    ["cluster name too long", clusterWith({ clusterName: "a".repeat(64) }), /\[test\/cluster\] clusterName "a{64}" is not a DNS-1123 label/],
    ["endpoint without scheme", clusterWith({ endpoint: "10.0.0.10:6443" }), /\[test\/cluster\] endpoint "10.0.0.10:6443" is not an https URL of the Kubernetes API\. Fix: give "https:\/\//],
    ["endpoint over http", clusterWith({ endpoint: "http://10.0.0.10:6443" }), /endpoint "http:\/\/10.0.0.10:6443" is not an https URL/],
    ["endpoint with a path", clusterWith({ endpoint: "https://10.0.0.10:6443/api" }), /endpoint "https:\/\/10.0.0.10:6443\/api" is not an https URL/],
    ["Kubernetes newer than the Talos minor supports", clusterWith({ talosVersion: TalosVersion.V1_12_4, kubernetesVersion: KubernetesVersion.of("v1.36.0") }), /\[test\/cluster\] kubernetesVersion "v1.36.0" is not supported by Talos v1.12.4 \(supported Kubernetes minors: 1.30, 1.31, 1.32, 1.33, 1.34, 1.35\)\. Fix: pick a Kubernetes 1.30–1.35 release, or omit it for the default v1.35.4 \(TALOS-K8S-SUPPORTED\)$/],
    ["Kubernetes older than the Talos minor supports", clusterWith({ kubernetesVersion: KubernetesVersion.of("v1.29.0") }), /kubernetesVersion "v1.29.0" is not supported by Talos v1.13.9/],
    ["health timeout without health wait", clusterWith({ healthTimeout: "5m" }), /\[test\/cluster\] healthTimeout "5m" is set but waitForHealth is off\. Fix: set waitForHealth: true/],
    ["health timeout not a duration", clusterWith({ waitForHealth: true, healthTimeout: "five minutes" }), /healthTimeout "five minutes" is not a duration\. Fix: use a Go duration/],
    ["node name with upper case", poolWith({ "CP-1": { address: "10.0.0.11" } }), /^\[test\/pool\] node name "CP-1" is not a DNS-1123 label\. Fix: use lower-case/],
    ["node name with underscore", poolWith({ cp_1: { address: "10.0.0.11" } }), /node name "cp_1" is not a DNS-1123 label/],
    ["address not an IP", poolWith({ "cp-1": { address: "10.0.0.300" } }), /^\[test\/pool\] node "cp-1" address "10.0.0.300" is not an IP address or DNS name\. Fix: give the address/],
    ["address with a port", poolWith({ "cp-1": { address: "10.0.0.11:50000" } }), /node "cp-1" address "10.0.0.11:50000" is not an IP address or DNS name/],
    ["hostname not DNS-1123", poolWith({ "cp-1": { address: "10.0.0.11", hostname: "CP One" } }), /node "cp-1" hostname "CP One" is not a DNS-1123 host name/],
    ["install disk not a device path", poolWith({ "cp-1": { address: "10.0.0.11", installDisk: "vda" } }), /node "cp-1" installDisk "vda" is not a device path\. Fix: give a path such as "\/dev\/vda"/],
    ["pool install disk not a device path", poolWith(CP, { installDisk: "sda" }), /\[test\/pool\] installDisk "sda" is not a device path/],
    ["empty pool", poolWith({}), /^\[test\/pool\] nodes \[\] is empty\. Fix: give the pool at least one node/],
    ["nameserver not an IP", poolWith(CP, { nameservers: ["dns.example.com"] }), /\[test\/pool\] nameserver "dns.example.com" is not an IP address\. Fix: give nameservers as IP addresses/],
    ["NTP server malformed", poolWith(CP, { ntpServers: ["time server"] }), /NTP server "time server" is neither an IP address nor a DNS name/],
    ["label key malformed", poolWith(CP, { labels: { "bad key": "x" } }), /\[test\/pool\] pool label key "bad key" is not a Kubernetes label key/],
    ["label value too long", poolWith({ "cp-1": { address: "10.0.0.11", labels: { tier: "x".repeat(64) } } }), /node "cp-1" label "tier" value "x{64}" is not a Kubernetes label value/],
    ["taint key malformed", poolWith(CP, { taints: [{ key: "-bad", effect: TaintEffect.NO_SCHEDULE }] }), /pool taint key "-bad" is not a Kubernetes taint key/],
    ["taint key twice", poolWith(CP, { taints: [{ key: "a", effect: TaintEffect.NO_SCHEDULE }, { key: "a", effect: TaintEffect.NO_EXECUTE }] }), /pool taint key "a" is given twice/],
    ["link address without prefix", poolWith({ "cp-1": { address: "10.0.0.11", links: [{ name: "net0", addresses: ["10.0.0.11"] }] } }), /node "cp-1" link "net0" address "10.0.0.11" is not in CIDR form\. Fix: write the address with its prefix length.* \(TALOS-LINK-ADDRESS\)$/],
    ["link gateway not an IP", poolWith({ "cp-1": { address: "10.0.0.11", links: [{ addresses: ["10.0.0.11/24"], gateway: "router" }] } }), /link "net0" gateway "router" is not an IP address/],
    ["link name invalid", poolWith({ "cp-1": { address: "10.0.0.11", links: [{ name: "this-name-is-far-too-long", addresses: ["10.0.0.11/24"] }] } }), /link name "this-name-is-far-too-long" is not a link name.* \(TALOS-LINK-NAME\)$/],
    [
      "several links without selectors",
      poolWith({ "cp-1": { address: "10.0.0.11", links: [{ addresses: ["10.0.0.11/24"] }, { addresses: ["10.1.0.11/24"] }] } }),
      /^\[test\/pool\] machine "cp-1" link "net0" selector undefined is missing on a machine with 2 links: Talos could bind the name to any of them\. Fix: bind each link to its device, e\.g\. selector: LinkSelector\.mac\("3c:ec:ef:12:34:56"\).* \(TALOS-LINK-SELECTOR\)$/,
    ],
    [
      "an alias shaped like a kernel name",
      poolWith({ "cp-1": { address: "10.0.0.11", links: [{ name: "eth0", addresses: ["10.0.0.11/24"] }] } }),
      /node "cp-1" link name "eth0" looks like a kernel interface name, but is an alias bound by only-physical-link: Talos refuses aliases that may name a real link\. Fix: use an alias such as "net0" or "lan", or LinkSelector\.kernelName\("eth0"\) if that is the kernel name \(TALOS-LINK-ALIAS-NAME\)$/,
    ],
    ["a malformed MAC selector", poolWith({ "cp-1": { address: "10.0.0.11", links: [{ selector: LinkSelector.mac("3c:ec:ef:12:34"), addresses: ["10.0.0.11/24"] }] } }), /node "cp-1" link "net0" selector mac "3c:ec:ef:12:34" is not a MAC address\. Fix: write six hex pairs/],
    ["a kernel name too long", poolWith({ "cp-1": { address: "10.0.0.11", links: [{ name: "lan", selector: LinkSelector.kernelName("enp1s0f0np0-and-more"), addresses: ["10.0.0.11/24"] }] } }), /selector kernel-name "enp1s0f0np0-and-more" is not a Linux interface name/],
    [
      "one MAC for two links",
      poolWith({ "cp-1": { address: "10.0.0.11", links: [{ selector: LinkSelector.mac("3c:ec:ef:12:34:56"), addresses: ["10.0.0.11/24"] }, { selector: LinkSelector.mac("3C:EC:EF:12:34:56") }] } }),
      /node "cp-1" link "net1" MAC address "3c:ec:ef:12:34:56" binds two links/,
    ],
    ["a link name twice", poolWith({ "cp-1": { address: "10.0.0.11", links: [{ name: "lan", selector: LinkSelector.busPath("0000:00:1f.6") }, { name: "lan", selector: LinkSelector.busPath("0000:00:1f.7") }] } }), /node "cp-1" link name "lan" is used twice/],
    [
      "default gateways on two links",
      poolWith({ "cp-1": { address: "10.0.0.11", links: [{ selector: LinkSelector.busPath("0000:00:1f.6"), addresses: ["10.0.0.11/24"], gateway: "10.0.0.1" }, { selector: LinkSelector.busPath("0000:00:1f.7"), addresses: ["10.1.0.11/24"], gateway: "10.1.0.1" }] } }),
      /node "cp-1" gateways \["10\.0\.0\.1","10\.1\.0\.1"\] sets a default gateway on more than one link/,
    ],
    ["an MTU out of range", poolWith({ "cp-1": { address: "10.0.0.11", links: [{ addresses: ["10.0.0.11/24"], mtu: 20000 }] } }), /link "net0" mtu 20000 is not an MTU between 576 and 9216.* \(TALOS-LINK-MTU\)$/],
    ["node subnets malformed", poolWith(CP, { nodeIpSubnets: ["10.0.0.0"] }), /^\[test\/pool\] nodeIpSubnets "10\.0\.0\.0" is not a subnet in CIDR form.* \(TALOS-NODE-SUBNETS\)$/],
    ["VIP on a worker pool", poolWith({ "w-1": { address: "10.0.0.21" } }, { vip: { address: "10.0.0.10", link: "net0" } }, MachineRole.WORKER), /\[test\/pool\] vip "10.0.0.10" is set on a worker pool\. Fix: set the VIP on the control-plane pool only/],
    ["VIP on a link the node does not have", poolWith(CP_LINKED, { vip: { address: "10.0.0.10", link: "eth0" } }), /^\[test\/pool\] vip link "eth0" is not a link of node "cp-1" \(its links: net0\)\. Fix: use one of net0 \(TALOS-VIP-LINK\)$/],
    ["VIP on a node without links", poolWith(CP, { vip: { address: "10.0.0.10", link: "eth0" } }), /vip link "eth0" names no link of node "cp-1", which has none.*\(TALOS-VIP-LINK\)$/],
    ["VIP equal to a node address", poolWith(CP_LINKED, { vip: { address: "10.0.0.11", link: "net0" } }), /vip "10.0.0.11" is also the address of node "cp-1"\. Fix: pick an unused address/],
    [
      "VIP outside the node subnet",
      poolWith(CP_LINKED, { vip: { address: "10.0.1.10", link: "net0" } }),
      /vip "10.0.1.10" is outside the subnet of node "cp-1" on link net0 \(10.0.0.11\/24\)\. Fix: pick a VIP inside the control-plane nodes' subnet/,
    ],
    ["VIP not an IPv4 address", poolWith(CP_LINKED, { vip: { address: "vip.local", link: "net0" } }), /vip "vip.local" is not an IPv4 address/],
    ["Talos version unsupported", clusterWith({ talosVersion: TalosVersion.of("v1.9.6") }), /^\[test\/cluster\] talosVersion "v1.9.6" is not supported: cdktf-talos renders and validates configs for Talos 1.11, 1.12, 1.13\. Fix: use one of those minors.* \(TALOS-VERSION-SUPPORTED\)$/],
    ["Talos pre-release", clusterWith({ talosVersion: TalosVersion.of("v1.14.0-rc.1") }), /^\[test\/cluster\] talosVersion "v1.14.0-rc.1" is not a Talos release version/],
    ["Kubernetes version malformed", clusterWith({ kubernetesVersion: KubernetesVersion.of("1.36") }), /^\[test\/cluster\] kubernetesVersion "1.36" is not a Kubernetes version\. Fix: use the form vMAJOR.MINOR.PATCH/],
  ])("%s", (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

/** A stack with one control-plane pool "cp" and one worker pool "w" of one machine each. */
function twoPools(cp: [string, ExistingMachine], worker: [string, ExistingMachine]): TerraformStack {
  const stack = testStack();
  const c = cluster(stack);
  pool(stack, "cp", c, MachineRole.CONTROL_PLANE, Object.fromEntries([cp]));
  pool(stack, "w", c, MachineRole.WORKER, Object.fromEntries([worker]));
  return stack;
}

describe("cross-pool rules fail the synth", () => {
  test("a cluster without control planes", () => {
    const stack = testStack();
    pool(stack, "workers", cluster(stack), MachineRole.WORKER, { "w-1": { address: "10.0.0.21" } });
    expect(() => synth(stack)).toThrow(/\[test\/cluster\] control-plane node count 0 is too small: a cluster needs at least one control-plane node\. Fix: add a NodePool with role MachineRole.CONTROL_PLANE/);
  });

  test("the same node name in two pools", () => {
    expect(() => synth(twoPools(["node-1", { address: "10.0.0.11" }], ["node-1", { address: "10.0.0.21" }]))).toThrow(/\[test\/w\] node name "node-1" is used by node "node-1" \(test\/cp\) and by node "node-1" \(test\/w\)\. Fix: give every node of the cluster a unique name/);
  });

  test("the same address in two pools", () => {
    expect(() => synth(twoPools(["cp-1", { address: "10.0.0.11" }], ["w-1", { address: "10.0.0.11" }]))).toThrow(/\[test\/w\] node address "10.0.0.11" is used by node "cp-1" \(test\/cp\) and by node "w-1" \(test\/w\)\. Fix: give every node of the cluster its own address/);
  });

  test("the same hostname twice", () => {
    expect(() => synth(twoPools(["cp-1", { address: "10.0.0.11", hostname: "node" }], ["w-1", { address: "10.0.0.21", hostname: "node" }]))).toThrow(/hostname "node" is used by node "cp-1" \(test\/cp\) and by node "w-1"/);
  });

  test("an even control-plane count is a warning, not an error", () => {
    const stack = testStack();
    const c = cluster(stack);
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" }, "cp-2": { address: "10.0.0.12" } });
    const warn = jest.spyOn(Annotations.prototype, "addWarning");
    expect(() => synth(stack)).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^2 control-plane nodes: an even etcd member count .* Fix: use 1, 3 or 5 control planes \(TALOS-ETCD-ODD\)$/));
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  test("synthValidated writes nothing when any stack fails", () => {
    const outdir = freshOutdir("validated");
    const app = new App({ outdir });
    const good = new TerraformStack(app, "good");
    const gc = cluster(good);
    pool(good, "cp", gc, MachineRole.CONTROL_PLANE, CP);
    const bad = new TerraformStack(app, "bad");
    pool(bad, "w", cluster(bad), MachineRole.WORKER, { "w-1": { address: "10.0.0.21" } });
    expect(() => synthValidated(app)).toThrow(/synth stopped, nothing was written:\n {2}\[bad\/cluster\] control-plane node count 0/);
    for (const name of ["good", "bad"]) expect(fs.existsSync(path.join(outdir, "stacks", name, "cdk.tf.json"))).toBe(false);
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(false);
  });
});
