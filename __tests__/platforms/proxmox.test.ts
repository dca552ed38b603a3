import { MachineRole } from "../../lib/cluster/machine-role";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ProxmoxNodes, ProxmoxNodesProps } from "../../lib/platforms/proxmox/proxmox-nodes";
import { TalosExtension } from "../../lib/image-factory/talos-extension";
import { TalosProxmoxImage } from "../../lib/platforms/proxmox/talos-proxmox-image";
import { NETWORK_DEVICE_KEYS } from "../../lib/platforms/proxmox/network-device";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { TalosVersion } from "../../lib/versions/talos-version";
import { cluster } from "../support/fixtures";
import { parseAllDocuments } from "yaml";
import { derivedMacAddress } from "../../lib/platforms/proxmox/mac-address";
import { TalosFeature } from "../../lib/versions/talos-releases";
import { block, blocksByPath, synth, testStack } from "../support/synth";

const HOSTS = [
  { name: "alpha", datastoreId: "local-lvm" },
  { name: "charlie", datastoreId: "fast-zfs" },
];

function proxmoxCluster(over: Partial<ProxmoxNodesProps> = {}, opts: { vip?: string; talosVersion?: TalosVersion; shared?: boolean } = {}) {
  const stack = testStack();
  const c = cluster(stack, { endpoint: "https://192.168.62.20:6443", talosVersion: opts.talosVersion ?? TalosVersion.V1_13_9 });
  const image = new TalosProxmoxImage(stack, "image", { cluster: c, hosts: HOSTS.map((h) => h.name), isoStorage: opts.shared ? { datastoreId: "nas", sharedVia: "alpha" } : undefined });
  const vms = new ProxmoxNodes(stack, "cp-vms", {
    image,
    hosts: HOSTS,
    size: { cores: 4, memoryMiB: 8192, osDiskGiB: 128, dataDiskGiB: 512 },
    nics: [{ bridge: "dmz" }, { bridge: "vmbr1", vlanId: 30, mtu: 9000 }],
    nameservers: ["192.168.62.1"],
    vms: [1, 2, 3].map((i) => ({ name: `cp-${i}`, addresses: [{ address: `192.168.62.2${i}/24`, gateway: "192.168.62.1" }, { address: `192.168.192.2${i}/24` }] })),
    ...over,
  });
  new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: vms, vip: { address: opts.vip ?? "192.168.62.20", link: "net0" } });
  return { stack, cluster: c, image, vms };
}

const vm = (json: object, name: string) => block(json, "resource", "proxmox_virtual_environment_vm", `cp-vms/${name}`);

describe("Proxmox platform", () => {
  const { stack } = proxmoxCluster();
  const { json, text } = synth(stack);

  test("VMs are spread over the hosts by their names' ordinals; construct ids are node names", () => {
    expect(["cp-1", "cp-2", "cp-3"].map((n) => vm(json, n).node_name)).toEqual(["alpha", "charlie", "alpha"]);
    expect(Object.keys(blocksByPath(json, "resource", "proxmox_virtual_environment_vm"))).toEqual(["test/cp-vms/cp-1", "test/cp-vms/cp-2", "test/cp-vms/cp-3"]);
  });

  test("size class: cores, memory, OS disk on virtio0 and data disk on virtio1 in the host's datastore", () => {
    const v = vm(json, "cp-2");
    expect(v.cpu).toEqual({ cores: 4, type: "x86-64-v2-AES" });
    expect(v.memory).toEqual({ dedicated: 8192, floating: 0 }); // no ballooning (Talos Proxmox guide)
    expect(v.disk).toEqual([
      { datastore_id: "fast-zfs", interface: "virtio0", size: 128, file_format: "raw", discard: "on", iothread: true },
      { datastore_id: "fast-zfs", interface: "virtio1", size: 512, file_format: "raw", discard: "on", iothread: true },
    ]);
    expect(v).toMatchObject({ operating_system: { type: "l26" }, agent: { enabled: true }, bios: "seabios", boot_order: ["virtio0", "ide3"], stop_on_destroy: true });
  });

  test("every network_device carries all 11 keys; NIC i gets ip_config i", () => {
    const v = vm(json, "cp-1");
    const devices = v.network_device as Record<string, unknown>[];
    for (const d of devices) expect(Object.keys(d).sort()).toEqual([...NETWORK_DEVICE_KEYS].sort());
    expect(devices[1]).toMatchObject({ bridge: "vmbr1", vlan_id: 30, mtu: 9000, model: "virtio", enabled: true, firewall: false, mac_address: derivedMacAddress("demo", "cp-1", 1) });
    expect(v.initialization).toEqual({
      datastore_id: "local-lvm",
      interface: "ide2",
      dns: { servers: ["192.168.62.1"] },
      ip_config: [{ ipv4: { address: "192.168.62.21/24", gateway: "192.168.62.1" } }, { ipv4: { address: "192.168.192.21/24" } }],
    });
    expect(v.cdrom).toEqual({ file_id: expect.stringMatching(/^\$\{proxmox_download_file\.image_iso-alpha_[0-9A-F]+\.id\}$/), interface: "ide3" });
  });

  test("one ISO download per host, from the nocloud Image Factory URL of the schematic", () => {
    const downloads = blocksByPath(json, "resource", "proxmox_download_file");
    expect(Object.keys(downloads)).toEqual(["test/image/iso-alpha", "test/image/iso-charlie"]);
    expect(downloads["test/image/iso-charlie"]).toMatchObject({ node_name: "charlie", datastore_id: "local", content_type: "iso", url: expect.stringMatching(/^\$\{data\.talos_image_factory_urls\.image_urls_[0-9A-F]+\.urls\.iso\}$/) });
    expect(block(json, "data", "talos_image_factory_urls", "image/urls")).toMatchObject({ platform: "nocloud", architecture: "amd64", talos_version: "v1.13.9" });
    expect(block(json, "resource", "talos_image_factory_schematic", "image/schematic").schematic).toBe(
      "customization:\n  extraKernelArgs:\n    - net.ifnames=0\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/qemu-guest-agent\n",
    );
  });

  test("a shared ISO datastore is downloaded once, through one node", () => {
    const shared = synth(proxmoxCluster({}, { shared: true }).stack).json;
    expect(Object.keys(blocksByPath(shared, "resource", "proxmox_download_file"))).toEqual(["test/image/iso-alpha"]);
    expect(vm(shared, "cp-2").cdrom).toMatchObject({ file_id: expect.stringContaining("image_iso-alpha_") });
  });

  test("config applied at the first NIC's static address after the VM exists; nocloud installer of the schematic", () => {
    const apply = block(json, "resource", "talos_machine_configuration_apply", "cp/cp-2");
    expect(apply).toMatchObject({ node: "192.168.62.22", endpoint: "192.168.62.22" });
    expect(apply.depends_on).toEqual([expect.stringMatching(/^proxmox_virtual_environment_vm\.cp-vms_cp-2_/), expect.stringMatching(/^terraform_data\.cluster_KubernetesUpgrade_/)]);
    const [settings, image] = apply.config_patches as string[];
    expect(settings).toContain("kind: Layer2VIPConfig\nname: 192.168.62.20\nlink: net0\n");
    expect(settings).toContain("kind: LinkConfig\nname: net1\nmtu: 9000\naddresses:\n  - address: 192.168.192.22/24\n");
    expect(image).toMatch(/^\$\{yamlencode\(\{"machine" = \{"install" = \{"image" = "factory\.talos\.dev\/nocloud-installer\/\$\{talos_image_factory_schematic\.image_schematic_[0-9A-F]+\.id\}:v1\.13\.9"\}\}\}\)\}$/);
  });

  test("every NIC has a fixed MAC derived from cluster, node and NIC; the Talos link is bound to it", () => {
    const macs = ["cp-1", "cp-2", "cp-3"].flatMap((n) => (vm(json, n).network_device as { mac_address: string }[]).map((d) => d.mac_address));
    expect(new Set(macs).size).toBe(6);
    for (const mac of macs) expect(mac).toMatch(/^[0-9A-F][26AE](:[0-9A-F]{2}){5}$/); // locally administered unicast, upper case as Proxmox reports
    expect(derivedMacAddress("demo", "cp-2", 0)).toBe(derivedMacAddress("demo", "cp-2", 0));
    expect(derivedMacAddress("demo", "cp-2", 0)).not.toBe(derivedMacAddress("other", "cp-2", 0));
    const [settings] = block(json, "resource", "talos_machine_configuration_apply", "cp/cp-2").config_patches as string[];
    const docs = parseAllDocuments(settings).map((d) => d.toJS());
    expect(docs.filter((d) => d.kind === "LinkAliasConfig")).toEqual([0, 1].map((i) => ({ apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: `net${i}`, selector: { match: `mac(link.permanent_addr) == "${derivedMacAddress("demo", "cp-2", i).toLowerCase()}"` } })));
  });

  test("pinned MAC addresses (VMs created before MACs were fixed) are kept", () => {
    const macs = ["BC:24:11:00:00:01", "bc:24:11:00:00:02"];
    const pinned = synth(proxmoxCluster({ vms: [{ name: "cp-1", macAddresses: macs, addresses: [{ address: "192.168.62.21/24", gateway: "192.168.62.1" }, { address: "192.168.192.21/24" }] }] }).stack).json;
    expect((vm(pinned, "cp-1").network_device as { mac_address: string }[]).map((d) => d.mac_address)).toEqual(["BC:24:11:00:00:01", "BC:24:11:00:00:02"]);
    const [settings] = block(pinned, "resource", "talos_machine_configuration_apply", "cp/cp-1").config_patches as string[];
    expect(settings).toContain('match: mac(link.permanent_addr) == "bc:24:11:00:00:02"');
  });

  test("a serial console (nocloud logs to ttyS0)", () => {
    expect(vm(json, "cp-1").serial_device).toEqual([{ device: "socket" }]);
  });

  test("the data disk becomes the user volume data at /var/mnt/data; a name or leaving it raw are props", () => {
    const volume = (j: object, n = "cp-1") => parseAllDocuments((block(j, "resource", "talos_machine_configuration_apply", `cp/${n}`).config_patches as string[])[0]).map((d) => d.toJS()).filter((d) => d.kind === "UserVolumeConfig");
    expect(volume(json)).toEqual([{ apiVersion: "v1alpha1", kind: "UserVolumeConfig", name: "data", provisioning: { diskSelector: { match: '!system_disk && disk.dev_path == "/dev/vdb"' }, minSize: "1GiB", grow: true } }]);
    expect(volume(synth(proxmoxCluster({ dataVolume: { name: "longhorn" } }).stack).json)).toEqual([expect.objectContaining({ name: "longhorn" })]);
    expect(volume(synth(proxmoxCluster({ dataVolume: { leaveRaw: true } }).stack).json)).toEqual([]);
    expect(volume(synth(proxmoxCluster({ size: { cores: 4, memoryMiB: 8192, osDiskGiB: 128 } }).stack).json)).toEqual([]);
  });

  test("two links: kubelet and etcd pinned to the VIP link's subnet", () => {
    const [settings] = block(json, "resource", "talos_machine_configuration_apply", "cp/cp-3").config_patches as string[];
    const [v1alpha1] = parseAllDocuments(settings).map((d) => d.toJS());
    expect(v1alpha1.machine.kubelet).toEqual({ nodeIP: { validSubnets: ["192.168.62.0/24"] } });
    expect(v1alpha1.cluster).toEqual({ etcd: { advertisedSubnets: ["192.168.62.0/24"] } });
  });

  test.each([TalosVersion.V1_11_6, TalosVersion.V1_12_11, TalosVersion.V1_13_9])("every literal patch validates against the Talos schema of %s", (version) => {
    const j = synth(proxmoxCluster({}, { talosVersion: version }).stack).json;
    const report = new SynthChecker({ terraform: false }).checkStack("s", j);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    const [settings] = block(j, "resource", "talos_machine_configuration_apply", "cp/cp-1").config_patches as string[];
    expect(settings).toContain(version.hasFeature(TalosFeature.LINK_ALIASES) ? "kind: LinkAliasConfig" : "permanentAddr:");
  });

  test("talosconfig endpoints are the node addresses, not the VIP", () => {
    expect(block(json, "data", "talos_client_configuration", "client-configuration").endpoints).toEqual(["192.168.62.21", "192.168.62.22", "192.168.62.23"]);
  });

  test("Talos 1.11 gets the VIP as interfaces[].vip", () => {
    const legacy = synth(proxmoxCluster({}, { talosVersion: TalosVersion.V1_11_6 }).stack).json;
    const [settings] = block(legacy, "resource", "talos_machine_configuration_apply", "cp/cp-1").config_patches as string[];
    expect(settings).toContain("vip:\n          ip: 192.168.62.20");
  });

  test("passes the schema checks (network_device completeness included); no credentials; provider unconfigured", () => {
    expect(new SynthChecker({ terraform: false }).checkStack("s", json).findings.filter((f) => f.severity === "error")).toEqual([]);
    expect((json.provider as Record<string, unknown>).proxmox).toEqual([{}]);
    expect(text).not.toMatch(/api_token|password|PROXMOX_VE/);
  });

  test("the checker catches a network_device that lacks keys", () => {
    const broken = JSON.parse(text);
    const first = Object.values(broken.resource.proxmox_virtual_environment_vm)[0] as { network_device: Record<string, unknown>[] };
    delete first.network_device[0].trunks;
    const errors = new SynthChecker({ terraform: false }).checkStack("s", broken).findings.filter((f) => f.severity === "error");
    expect(errors.map((e) => `${e.path} ${e.message}`).join("\n")).toContain("trunks");
  });

  test("UEFI + TPM: q35, EFI disk and TPM state in the host's datastore; agent off without the guest-agent extension", () => {
    const stack2 = testStack();
    const c = cluster(stack2);
    const image = new TalosProxmoxImage(stack2, "image", { cluster: c, hosts: ["alpha"], extensions: [TalosExtension.ISCSI_TOOLS] });
    const nodes = new ProxmoxNodes(stack2, "cp-vms", { image, hosts: [HOSTS[0]], size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 }, nics: [{ bridge: "vmbr0" }], firmware: "ovmf", tpm: true, vms: [{ name: "cp-1", addresses: [{ address: "10.0.0.10/24" }] }] });
    new NodePool(stack2, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes });
    const v = synth(stack2).json;
    expect(vm(v, "cp-1")).toMatchObject({ machine: "q35", bios: "ovmf", efi_disk: { datastore_id: "local-lvm", type: "4m", pre_enrolled_keys: false }, tpm_state: { datastore_id: "local-lvm", version: "v2.0" }, agent: { enabled: false } });
    // q35 has IDE only on ide0 and ide2: the ISO moves to ide0, cloud-init keeps ide2.
    expect(vm(v, "cp-1")).toMatchObject({ cdrom: { interface: "ide0" }, boot_order: ["virtio0", "ide0"], initialization: { interface: "ide2" } });
  });

  test("i440FX keeps the ISO on ide3; an explicit q35 machine type moves it with SeaBIOS too", () => {
    expect(vm(json, "cp-1")).toMatchObject({ cdrom: { interface: "ide3" }, boot_order: ["virtio0", "ide3"] });
    expect(vm(json, "cp-1").machine).toBeUndefined();
    const q35 = synth(proxmoxCluster({ machineType: "q35" }).stack).json;
    expect(vm(q35, "cp-1")).toMatchObject({ machine: "q35", bios: "seabios", cdrom: { interface: "ide0" }, boot_order: ["virtio0", "ide0"] });
  });
});

describe("Proxmox input errors", () => {
  const vms = (addresses: { address: string; gateway?: string }[]) => [{ name: "cp-1", addresses }];
  const bad: [string, Partial<ProxmoxNodesProps>, { vip?: string }, RegExp][] = [
    ["VIP outside the subnet", {}, { vip: "192.168.63.20" }, /^\[test\/cp\] vip "192\.168\.63\.20" is outside the subnet of node "cp-1" on link net0 \(192\.168\.62\.21\/24\)\. Fix: pick a VIP inside/],
    ["MAC count", { vms: [{ name: "cp-1", macAddresses: ["BC:24:11:00:00:01"], addresses: [{ address: "192.168.62.21/24" }, { address: "192.168.192.21/24" }] }] }, {}, /VM "cp-1" macAddresses \["BC:24:11:00:00:01"\] does not give one MAC address for each of the 2 NIC\(s\).*\(TALOS-PROXMOX-MAC\)$/],
    ["multicast MAC", { vms: [{ name: "cp-1", macAddresses: ["01:24:11:00:00:01", "BC:24:11:00:00:02"], addresses: [{ address: "192.168.62.21/24" }, { address: "192.168.192.21/24" }] }] }, {}, /VM "cp-1" MAC address "01:24:11:00:00:01" is not a unicast MAC address/],
    ["MAC twice", { vms: [1, 2].map((i) => ({ name: `cp-${i}`, macAddresses: ["BC:24:11:00:00:01", `BC:24:11:00:00:0${i + 1}`], addresses: [{ address: `192.168.62.2${i}/24` }, { address: `192.168.192.2${i}/24` }] })) }, {}, /VM "cp-2" MAC address "BC:24:11:00:00:01" is also the MAC address of VM "cp-1"/],
    ["MTU", { nics: [{ bridge: "dmz", mtu: 100 }, { bridge: "vmbr1" }] }, {}, /nic "dmz" mtu 100 is not an MTU between 576 and 9216 \(or 1 for the bridge's\).*\(TALOS-LINK-MTU\)$/],
    ["alias shaped like a kernel name", { nics: [{ bridge: "dmz", linkName: "eth0" }, { bridge: "vmbr1" }] }, {}, /node "cp-1" link name "eth0" looks like a kernel interface name, but is an alias bound by mac .*\(TALOS-LINK-ALIAS-NAME\)$/],
    ["data volume name", { dataVolume: { name: "Data_1" } }, {}, /node "cp-1" volume name "Data_1" is not a Talos volume name/],
    ["VIP on a node address", {}, { vip: "192.168.62.22" }, /vip "192\.168\.62\.22" is also the address of node "cp-2"/],
    ["address count", { vms: vms([{ address: "192.168.62.21/24" }]) }, {}, /^\[test\/cp-vms\] VM "cp-1" addresses \["192\.168\.62\.21\/24"\] has 1 address\(es\) for 2 NIC\(s\)/],
    ["no prefix", { nics: [{ bridge: "dmz" }], vms: vms([{ address: "192.168.62.21" }]) }, {}, /VM "cp-1" NIC 0 address "192\.168\.62\.21" is not an IPv4 address in CIDR form/],
    ["gateway outside", { nics: [{ bridge: "dmz" }], vms: vms([{ address: "192.168.62.21/24", gateway: "10.0.0.1" }]) }, {}, /NIC 0 gateway "10\.0\.0\.1" is not an address inside 192\.168\.62\.21\/24/],
    ["memory", { size: { cores: 2, memoryMiB: 1024, osDiskGiB: 32 } }, {}, /size\.memoryMiB 1024 is outside 2048 MiB \(Talos' minimum\) to 4 TiB\..*\(TALOS-PROXMOX-SIZE\)$/],
    ["vlan", { nics: [{ bridge: "dmz", vlanId: 5000 }, { bridge: "vmbr1" }] }, {}, /nic "dmz" vlanId 5000 is not a VLAN id/],
    ["pinned host", { vms: [{ name: "cp-1", host: "delta", addresses: [{ address: "192.168.62.21/24" }, { address: "192.168.192.21/24" }] }] }, {}, /VM "cp-1" host "delta" is not one of the pool's hosts \(alpha, charlie\)/],
    ["no hosts", { hosts: [] }, {}, /hosts \[\] is empty/],
    ["host without ISO", { hosts: [...HOSTS, { name: "delta", datastoreId: "local-lvm" }] }, {}, /^\[test\/cp-vms\] host "delta" has no Talos ISO: the image's hosts are alpha, charlie\. Fix: add the host to the TalosProxmoxImage hosts \(TALOS-PROXMOX-ISO-HOST\)$/],
  ];
  test.each(bad)("%s", (_n, over, opts, message) => {
    expect(() => proxmoxCluster(over, opts)).toThrow(message);
  });
});
