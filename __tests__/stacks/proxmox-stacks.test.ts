import { parse } from "yaml";
import { ProxmoxHomelabStack, ProxmoxHomelabStackProps, homelabVm } from "../../stacks/proxmox-homelab";
import { ProxmoxProdK8sStack, ProxmoxProdK8sStackProps, prodVm } from "../../stacks/proxmox-prod-k8s";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { changedPaths } from "../support/diff";
import { block, blocksByPath, synth, testApp } from "../support/synth";
import { asCdktfLine } from "../support/line-snapshot";

const checker = new SynthChecker({ terraform: false });
const prod = (props: ProxmoxProdK8sStackProps = {}) => synth(new ProxmoxProdK8sStack(testApp(), "proxmox-prod-k8s", props));
const homelab = (props: ProxmoxHomelabStackProps = {}) => synth(new ProxmoxHomelabStack(testApp(), "proxmox-homelab", props));
const errorsAndWarnings = (json: object) => checker.checkStack("s", json).findings.map((f) => `${f.severity} ${f.address}`);

describe("stacks/proxmox-prod-k8s (seed 003)", () => {
  const { text, json } = prod();

  test("matches the reviewed snapshot", () => {
    expect(asCdktfLine(json)).toMatchSnapshot();
  });

  test("two synths are byte-identical", () => {
    expect(prod().text).toBe(text);
  });

  test("passes the schema checks (helm blocks included) and Talos 1.12 validation", () => {
    expect(Object.keys(json.data?.helm_template ?? {})).toHaveLength(2);
    expect(errorsAndWarnings(json)).toEqual([]);
    const stats = { validated: 0, skipped: 0 };
    checker.checkStack("s", json, stats);
    expect(stats.validated).toBeGreaterThanOrEqual(7);
  });

  test("seed facts: hosts, sizes, networks, VIP endpoint, versions", () => {
    const vms = blocksByPath(json, "resource", "proxmox_virtual_environment_vm");
    const placement = Object.fromEntries(Object.entries(vms).map(([p, v]) => [p.split("/").pop(), v.node_name]));
    expect(placement).toEqual({
      "prod-k8s-cp-1": "alpha", "prod-k8s-cp-2": "charlie", "prod-k8s-cp-3": "foxtrot",
      "prod-k8s-worker-1": "alpha", "prod-k8s-worker-2": "charlie", "prod-k8s-worker-3": "foxtrot",
    });
    const worker = block(json, "resource", "proxmox_virtual_environment_vm", "worker-vms/prod-k8s-worker-2");
    expect(worker).toMatchObject({ cpu: { cores: 10 }, memory: { dedicated: 49152 } });
    expect((worker.disk as { size: number; datastore_id: string }[]).map((d) => [d.size, d.datastore_id])).toEqual([[128, "local-lvm"], [512, "local-lvm"]]);
    const cp = block(json, "resource", "proxmox_virtual_environment_vm", "control-plane-vms/prod-k8s-cp-1");
    expect(cp).toMatchObject({ cpu: { cores: 4 }, memory: { dedicated: 8192 } });
    expect((cp.network_device as { bridge: string }[]).map((d) => d.bridge)).toEqual(["dmz", "vmbr1"]);
    expect((cp.initialization as { ip_config: unknown[] }).ip_config).toEqual([{ ipv4: { address: "192.168.62.21/24", gateway: "192.168.62.1" } }, { ipv4: { address: "192.168.192.21/24" } }]);
    const config = block(json, "data", "talos_machine_configuration", "controlplane-configuration");
    expect(config).toMatchObject({ cluster_endpoint: "https://192.168.62.20:6443", talos_version: "v1.12.4", kubernetes_version: "v1.35.0" });
  });

  test("ISO on the shared nas datastore via alpha, through the ISO mirror; installer through Harbor", () => {
    const downloads = blocksByPath(json, "resource", "proxmox_download_file");
    expect(Object.values(downloads)).toEqual([expect.objectContaining({ node_name: "alpha", datastore_id: "nas", url: expect.stringMatching(/^\$\{replace\(data\.talos_image_factory_urls\.[^,]+\.urls\.iso, "https:\/\/", "https:\/\/proxy\.example\.com\/"\)\}$/) })]);
    const schematic = parse(block(json, "resource", "talos_image_factory_schematic", "image/schematic").schematic as string);
    expect(schematic.customization.systemExtensions.officialExtensions).toEqual(["siderolabs/lldpd", "siderolabs/qemu-guest-agent", "siderolabs/util-linux-tools", "siderolabs/iscsi-tools", "siderolabs/nfs-utils"]);
    const apply = block(json, "resource", "talos_machine_configuration_apply", "workers/prod-k8s-worker-1");
    expect((apply.config_patches as string[])[1]).toContain('"image" = "harbor.example.com/talos/nocloud-installer/${talos_image_factory_schematic.');
  });

  test("addons: five Harbor mirrors, Cilium 1.19.6 (Kubernetes 1.35), Flux from src/k8s/prod into homelab, no workloads on control planes", () => {
    const cpPatches = block(json, "data", "talos_machine_configuration", "controlplane-configuration").config_patches as string[];
    expect(cpPatches[0].match(/kind: RegistryMirrorConfig/g)).toHaveLength(5);
    expect(cpPatches.join("\n")).not.toContain("allowSchedulingOnControlPlanes");
    expect(block(json, "data", "helm_template", "cilium/template")).toMatchObject({ version: "1.19.6", kube_version: "v1.35.0" });
    const flux = (block(json, "resource", "terraform_data", "gitops/manifest-snapshot").input as { manifest: string }).manifest;
    expect(flux).toContain("path: src/k8s/prod\\n  targetNamespace: homelab");
  });

  test("real machines: two MAC-bound links, kubelet and etcd pinned to the VIP link's subnet, serial console, ISO on ide3 (i440FX)", () => {
    const cp = block(json, "resource", "proxmox_virtual_environment_vm", "control-plane-vms/prod-k8s-cp-2");
    const macs = (cp.network_device as { mac_address: string }[]).map((d) => d.mac_address.toLowerCase());
    expect(cp).toMatchObject({ serial_device: [{ device: "socket" }], cdrom: { interface: "ide3" } });
    const [settings] = block(json, "resource", "talos_machine_configuration_apply", "control-plane/prod-k8s-cp-2").config_patches as string[];
    const docs = settings.split("---\n").map((d) => parse(d));
    expect(docs[0].machine.kubelet).toEqual({ nodeIP: { validSubnets: ["192.168.62.0/24"] } });
    expect(docs[0].cluster).toEqual({ etcd: { advertisedSubnets: ["192.168.62.0/24"] } });
    expect(docs.filter((d) => d.kind === "LinkAliasConfig").map((d) => d.selector.match)).toEqual(macs.map((m) => `mac(link.permanent_addr) == "${m}"`));
    const worker = (block(json, "resource", "talos_machine_configuration_apply", "workers/prod-k8s-worker-1").config_patches as string[])[0];
    expect(parse(worker.split("---\n")[0]).cluster).toBeUndefined(); // etcd runs on control planes only
    expect(parse(worker.split("---\n")[0]).machine.kubelet).toEqual({ nodeIP: { validSubnets: ["192.168.62.0/24"] } });
  });

  test("day 2: adding a worker adds only its VM and its config apply", () => {
    const workers = [1, 2, 3, 4].map((i) => prodVm(`prod-k8s-worker-${i}`, 30 + i));
    expect(changedPaths(json, prod({ workers }).json)).toEqual({ create: ["worker-vms/prod-k8s-worker-4", "workers/Joined/prod-k8s-worker-4", "workers/prod-k8s-worker-4"], replace: ["cluster/NodeCleanup"] });
    expect(block(prod({ workers }).json, "resource", "proxmox_virtual_environment_vm", "worker-vms/prod-k8s-worker-4").node_name).toBe("alpha");
  });
});

describe("stacks/proxmox-homelab (seed 001)", () => {
  const { text, json } = homelab();

  test("matches the reviewed snapshot", () => {
    expect(asCdktfLine(json)).toMatchSnapshot();
  });

  test("two synths are byte-identical", () => {
    expect(homelab().text).toBe(text);
  });

  test("passes the schema checks and Talos 1.13 validation", () => {
    expect(errorsAndWarnings(json)).toEqual([]);
  });

  test("an ISO per Proxmox host; VIP control planes; hostname, DNS and NTP per node", () => {
    expect(Object.keys(blocksByPath(json, "resource", "proxmox_download_file"))).toEqual(["proxmox-homelab/image/iso-pve1", "proxmox-homelab/image/iso-pve2"]);
    const [settings] = block(json, "resource", "talos_machine_configuration_apply", "control-plane/talos-cp-02").config_patches as string[];
    expect(settings).toContain("kind: HostnameConfig\nhostname: talos-cp-02\nauto: off\n");
    expect(settings).toContain("kind: ResolverConfig\nnameservers:\n  - address: 10.10.1.1\n");
    expect(settings).toContain("kind: TimeSyncConfig\nntp:\n  servers:\n    - 0.fr.pool.ntp.org\n    - 1.fr.pool.ntp.org\n");
    expect(settings).toContain("kind: Layer2VIPConfig\nname: 10.10.1.20\nlink: net0\n");
    expect(settings).toMatch(/kind: LinkAliasConfig\nname: net0\nselector:\n  match: mac\(link\.permanent_addr\) == "[0-9a-f:]{17}"\n/);
  });

  test("workers' 100 GiB data disk is the user volume data; one NIC, so no node-IP pinning", () => {
    const [settings] = block(json, "resource", "talos_machine_configuration_apply", "workers/talos-worker-01").config_patches as string[];
    expect(settings).toContain('kind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: \'!system_disk && disk.dev_path == "/dev/vdb"\'\n');
    expect(settings).not.toContain("validSubnets");
  });

  test("Cilium L2 policy on eth0 (the one NIC's kernel name under nocloud) without control planes, LB pool 10.10.1.10–15; Argo CD bootstrap", () => {
    const cilium = (block(json, "resource", "terraform_data", "cilium/manifest-snapshot").input as { manifest: string }).manifest;
    expect(cilium).toContain("interfaces:\\n    - eth0\\n  nodeSelector:\\n    matchExpressions:\\n      - key: node-role.kubernetes.io/control-plane\\n        operator: DoesNotExist");
    expect(cilium).toContain("- start: 10.10.1.10\\n      stop: 10.10.1.15");
    expect(block(json, "data", "helm_template", "gitops/template")).toMatchObject({ chart: "argo-cd" });
  });

  test("day 2: adding a worker adds only its VM and its config apply", () => {
    const workers = [1, 2, 3].map((i) => homelabVm(`talos-worker-0${i}`, 30 + i));
    expect(changedPaths(json, homelab({ workers }).json)).toEqual({ create: ["worker-vms/talos-worker-03", "workers/Joined/talos-worker-03", "workers/talos-worker-03"], replace: ["cluster/NodeCleanup"] });
  });
});
