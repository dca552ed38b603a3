/**
 * The update-vs-replace table the rehearsal's stand-ins follow: per provider resource type, what a
 * change of each configured attribute does to the real object (replace it, update it in place,
 * update it with a restart), what its computed attributes do, and what the object is to a Talos
 * cluster (a machine, a config apply, a bootstrap). Every row names its source: the provider's tag
 * and file:line, or for hashicorp/aws 5.100.0 the crafted-state `terraform plan` that
 * `__tests__/rehearsal/aws-replace-semantics.test.ts` runs against the real provider.
 *
 * A resource type or configured attribute without a row stops the rehearsal with its name: add the
 * row (docs/architecture.md, "Adding a resource type").
 */

/** What changing a configured attribute does to the real object. */
export enum ChangeEffect {
  /** ForceNew / RequiresReplace: destroyed and created again. */
  REPLACE = "replace",
  /** Updated in place, the machine keeps running. */
  UPDATE = "update",
  /** Updated in place with a restart (stop/start, or the VM powered off and on). */
  UPDATE_RESTART = "update-restart",
}

/** One attribute rule. */
export interface AttributeRule {
  /**
   * The attribute path: attribute names joined by dots, `[*]` for every element of a list or set,
   * `*` as the last step for everything below (`tags.*`).
   */
  readonly path: string;
  /** The effect of a change. */
  readonly effect: ChangeEffect;
  /** Another effect when an attribute of the same object has a value (e.g. `migrate = true`). */
  readonly unless?: { readonly path: string; readonly equals: unknown; readonly effect: ChangeEffect };
  /** Where the fact comes from. */
  readonly source: string;
}

/** How a computed attribute behaves across updates and replacements. */
export enum ComputedKind {
  /** The object's id: kept by updates, unknown at plan and new after a replacement. */
  ID = "id",
  /** Kept by updates, unknown at plan and new after a replacement (an address, an ARN). */
  STABLE = "stable",
  /** Like {@link ComputedKind.STABLE}, and also unknown and new after a stop/start (an EC2 public IP). */
  STABLE_UNTIL_RESTART = "stable-until-restart",
  /** Unknown at plan on every update (no UseStateForUnknown), the same value after it; new after a replacement. */
  UNKNOWN_ON_UPDATE = "unknown-on-update",
  /** A function of the object's inputs: unknown at plan whenever they change. */
  DERIVED = "derived",
}

/** A computed attribute. */
export interface ComputedRule {
  /** How it behaves. */
  readonly kind: ComputedKind;
  /** Its shape: an address (the simulation dials it), a list of strings, or a plain string. @default "string" */
  readonly shape?: "address" | "list" | "string";
  /**
   * For data sources and stable values: a template of the value over the object's configured
   * attributes (`{schematic_id}`), so the value is realistic and changes when they change.
   */
  readonly template?: string;
  /** Sensitive in the provider schema: a reference to it is a sensitive value (Terraform hides what it reaches). @default false */
  readonly sensitive?: boolean;
  /** Where the fact comes from. */
  readonly source: string;
}

/** What an object is to the cluster: the simulation hears of its creates, updates and destroys. */
export enum StandInRole {
  /** Nothing the cluster sees. */
  NONE = "none",
  /** A machine (VM, instance): created blank, destroyed, restarted by some updates. */
  MACHINE = "machine",
  /** `talos_machine_configuration_apply`: applies a config on create and update, resets on destroy. */
  CONFIG_APPLY = "config-apply",
  /** `talos_machine_bootstrap`: bootstraps on create. */
  BOOTSTRAP = "bootstrap",
  /** `data.talos_cluster_health`: checks the cluster when it is read. */
  HEALTH = "health",
}

/** One resource type (or data source, `data.` prefixed). */
export interface StandInRow {
  /** Terraform type, `data.` prefixed for data sources. */
  readonly type: string;
  /** Provider and pinned version. */
  readonly provider: string;
  /** What it is to the cluster. */
  readonly role: StandInRole;
  /** Configured attributes (managed resources; data sources are read again at every plan). */
  readonly attributes: readonly AttributeRule[];
  /** Computed attributes other constructs reference. */
  readonly computed: { readonly [path: string]: ComputedRule };
  /** Machines: where the node answers (configured paths or computed attribute names). */
  readonly addresses?: readonly string[];
}

const TALOS = "siderolabs/talos 0.11.0";
const TALOS_SRC = "terraform-provider-talos v0.11.0 pkg/talos";
const PVE = "bpg/proxmox 0.111.1";
const PVE_VM = "bpg/terraform-provider-proxmox v0.111.1 proxmoxtf/resource/vm/vm.go";
const PVE_DISK = "bpg/terraform-provider-proxmox v0.111.1 proxmoxtf/resource/vm/disk";
const PVE_DL = "bpg/terraform-provider-proxmox v0.111.1 fwprovider/nodes/resource_download_file.go";
const AWS = "hashicorp/aws 5.100.0";
/** The AWS rows are confirmed by a real plan of the pinned provider over a crafted state. */
const AWS_PLAN = "terraform plan of hashicorp/aws 5.100.0 over a crafted state (__tests__/rehearsal/aws-replace-semantics.test.ts)";
const HELM = "hashicorp/helm 3.1.1";
const FRAMEWORK_UNKNOWN = "terraform-plugin-framework v1.19.0 internal/fwserver/server_planresourcechange.go:190-268 (computed without UseStateForUnknown is unknown on update)";
const CORE_REPLACE = "hashicorp/terraform v1.11.4 internal/terraform/node_resource_abstract_instance.go:1086-1130 (a replaced object's computed attributes are unknown at plan)";

const update = (path: string, source: string): AttributeRule => ({ path, effect: ChangeEffect.UPDATE, source });
const restart = (path: string, source: string): AttributeRule => ({ path, effect: ChangeEffect.UPDATE_RESTART, source });
const replace = (path: string, source: string): AttributeRule => ({ path, effect: ChangeEffect.REPLACE, source });
const id = (source: string): ComputedRule => ({ kind: ComputedKind.ID, source });
const stable = (source: string, shape?: ComputedRule["shape"], template?: string): ComputedRule => ({ kind: ComputedKind.STABLE, source, shape, template });
const derived = (source: string, template?: string, shape?: ComputedRule["shape"]): ComputedRule => ({ kind: ComputedKind.DERIVED, source, template, shape });

/** Every Talos client credential attribute (all in place). */
const CLIENT_CONFIGURATION = (file: string) => [update("client_configuration.*", `${TALOS_SRC}/${file} (no RequiresReplace)`)];

/** The table. */
export const STAND_IN_TABLE: readonly StandInRow[] = [
  {
    type: "talos_machine_secrets",
    provider: TALOS,
    role: StandInRole.NONE,
    attributes: [
      // A downgrade would replace (new PKI); the library ignores changes of it (ignore_changes).
      update("talos_version", `${TALOS_SRC}/talos_machine_secrets_resource.go:509-543 (plan modifier: upgrade in place, downgrade replaces)`),
    ],
    computed: {
      id: id(`${TALOS_SRC}/talos_machine_secrets_resource.go:118-124 (UseStateForUnknown)`),
      machine_secrets: { kind: ComputedKind.UNKNOWN_ON_UPDATE, sensitive: true, source: `${TALOS_SRC}/talos_machine_secrets_resource.go:136-156; ${FRAMEWORK_UNKNOWN}` },
      "client_configuration.ca_certificate": { kind: ComputedKind.UNKNOWN_ON_UPDATE, source: `${TALOS_SRC}/talos_machine_secrets_resource.go:136-156` },
      "client_configuration.client_certificate": { kind: ComputedKind.UNKNOWN_ON_UPDATE, source: `${TALOS_SRC}/talos_machine_secrets_resource.go:136-156` },
      "client_configuration.client_key": { kind: ComputedKind.UNKNOWN_ON_UPDATE, sensitive: true, source: `${TALOS_SRC}/talos_machine_secrets_resource.go:136-156` },
    },
  },
  {
    type: "talos_machine_configuration_apply",
    provider: TALOS,
    role: StandInRole.CONFIG_APPLY,
    attributes: [
      ...["node", "endpoint", "machine_configuration_input", "config_patches", "config_patches[*]", "apply_mode", "on_destroy.*", "timeouts.*"].map((p) =>
        update(p, `${TALOS_SRC}/talos_machine_configuration_apply_resource.go:104-230 (no RequiresReplace; Update calls ApplyConfiguration :612-738)`),
      ),
      ...CLIENT_CONFIGURATION("talos_machine_configuration_apply_resource.go"),
    ],
    computed: {
      id: id(`${TALOS_SRC}/talos_machine_configuration_apply_resource.go`),
      machine_configuration: { ...stable(`${TALOS_SRC}/talos_machine_configuration_apply_resource.go:209-225 (UseStateForUnknown)`), sensitive: true },
    },
  },
  {
    type: "talos_machine_bootstrap",
    provider: TALOS,
    role: StandInRole.BOOTSTRAP,
    attributes: [
      ...["node", "endpoint", "timeouts.*"].map((p) => update(p, `${TALOS_SRC}/talos_machine_bootstrap_resource.go:298-315 (Update only copies the plan: no re-bootstrap)`)),
      ...CLIENT_CONFIGURATION("talos_machine_bootstrap_resource.go"),
    ],
    computed: { id: id(`${TALOS_SRC}/talos_machine_bootstrap_resource.go`) },
  },
  {
    type: "talos_cluster_kubeconfig",
    provider: TALOS,
    role: StandInRole.NONE,
    attributes: [
      ...["node", "endpoint", "certificate_renewal_duration", "timeouts.*"].map((p) => update(p, `${TALOS_SRC}/talos_cluster_kubeconfig_resource.go:570-733 (Update refetches only near expiry)`)),
      ...CLIENT_CONFIGURATION("talos_cluster_kubeconfig_resource.go"),
    ],
    computed: {
      id: id(`${TALOS_SRC}/talos_cluster_kubeconfig_resource.go`),
      kubeconfig_raw: { ...stable(`${TALOS_SRC}/talos_cluster_kubeconfig_resource.go:116 (UseStateForUnknown)`, "string", "kubeconfig for {endpoint}"), sensitive: true },
      "kubernetes_client_configuration.host": stable(`${TALOS_SRC}/talos_cluster_kubeconfig_resource.go:124`),
      "kubernetes_client_configuration.ca_certificate": stable(`${TALOS_SRC}/talos_cluster_kubeconfig_resource.go:124`),
      "kubernetes_client_configuration.client_certificate": stable(`${TALOS_SRC}/talos_cluster_kubeconfig_resource.go:124`),
      "kubernetes_client_configuration.client_key": { ...stable(`${TALOS_SRC}/talos_cluster_kubeconfig_resource.go:124`), sensitive: true },
    },
  },
  {
    type: "talos_image_factory_schematic",
    provider: TALOS,
    role: StandInRole.NONE,
    attributes: [update("schematic", `${TALOS_SRC}/talos_image_factory_schematic_resource.go:58, Update :123-156 (re-posts, new id)`)],
    computed: { id: derived(`${TALOS_SRC}/talos_image_factory_schematic_resource.go:54 (no UseStateForUnknown: unknown whenever schematic changes)`) },
  },
  {
    type: "data.talos_machine_configuration",
    provider: TALOS,
    role: StandInRole.NONE,
    attributes: [],
    computed: { machine_configuration: { ...derived(`${TALOS_SRC}/talos_machine_configuration_data_source.go Read :116-213 (local generation from its inputs)`, "{*}"), sensitive: true } },
  },
  {
    type: "data.talos_client_configuration",
    provider: TALOS,
    role: StandInRole.NONE,
    attributes: [],
    computed: { talos_config: { ...derived(`${TALOS_SRC}/talos_client_configuration_data_source.go Read :93 (local generation)`), sensitive: true } },
  },
  {
    type: "data.talos_image_factory_urls",
    provider: TALOS,
    role: StandInRole.NONE,
    attributes: [],
    computed: Object.fromEntries(
      (
        [
          ["urls.installer", "factory.talos.dev/{platform}-installer/{schematic_id}:{talos_version}"],
          ["urls.installer_secureboot", "factory.talos.dev/{platform}-installer-secureboot/{schematic_id}:{talos_version}"],
          ["urls.iso", "https://factory.talos.dev/image/{schematic_id}/{talos_version}/{platform}-{architecture}.iso"],
          ["urls.iso_secureboot", "https://factory.talos.dev/image/{schematic_id}/{talos_version}/{platform}-{architecture}-secureboot.iso"],
          ["urls.disk_image", "https://factory.talos.dev/image/{schematic_id}/{talos_version}/{platform}-{architecture}.raw.xz"],
          ["urls.disk_image_secureboot", "https://factory.talos.dev/image/{schematic_id}/{talos_version}/{platform}-{architecture}-secureboot.raw.xz"],
          ["urls.kernel", "https://pxe.factory.talos.dev/image/{schematic_id}/{talos_version}/kernel-{architecture}"],
          ["urls.initramfs", "https://pxe.factory.talos.dev/image/{schematic_id}/{talos_version}/initramfs-{architecture}.xz"],
        ] as const
      ).map(([path, template]) => [path, derived(`${TALOS_SRC}/talos_image_factory_urls_data_source.go Read :236-347 (string formatting, no network)`, template)]),
    ),
  },
  { type: "data.talos_cluster_health", provider: TALOS, role: StandInRole.HEALTH, attributes: [], computed: { id: derived(`${TALOS_SRC}/talos_cluster_health_data_source.go Read :160-272 (live checks while read)`) } },
  {
    type: "proxmox_virtual_environment_vm",
    provider: PVE,
    role: StandInRole.MACHINE,
    attributes: [
      { path: "node_name", effect: ChangeEffect.REPLACE, unless: { path: "migrate", equals: true, effect: ChangeEffect.UPDATE_RESTART }, source: `${PVE_VM}:1781-1790 (ForceNewIf !migrate)` },
      replace("vm_id", `${PVE_VM}:1767-1779 (ForceNewIf changed to another id)`),
      replace("disk[*].file_id", `${PVE_DISK}/schema.go:136-143 (ForceNew)`),
      replace("initialization.user_data_file_id", `${PVE_VM}:994-1031 (ForceNew)`),
      replace("initialization.vendor_data_file_id", `${PVE_VM}:994-1031 (ForceNew)`),
      replace("initialization.network_data_file_id", `${PVE_VM}:994-1031 (ForceNew)`),
      replace("initialization.meta_data_file_id", `${PVE_VM}:994-1031 (ForceNew)`),
      replace("initialization.type", `${PVE_VM}:994-1031 (ForceNew)`),
      replace("efi_disk.type", `${PVE_VM}:1875-1925 (forceNewOnEFIDiskTypeChange)`),
      replace("tpm_state.version", `${PVE_VM}:1814-1872 (forceNewOnTPMVersionChange)`),
      ...["name", "description", "tags", "tags[*]", "on_boot", "started", "migrate", "reboot_after_update", "stop_on_destroy", "purge_on_destroy", "pool_id", "protection", "hook_script_file_id", "startup.*", "hotplug", "timeout_*"].map((p) =>
        update(p, `${PVE_VM}:6204-6263 (no reboot flag)`),
      ),
      update("cdrom.file_id", `${PVE_VM}:6336-6380 (media swap, no reboot flag)`),
      update("cdrom.interface", `${PVE_VM}:6336-6380`),
      update("network_device", `${PVE_VM}:6821-6847 ("Network devices can be hotplugged, no reboot required")`),
      update("network_device[*].*", `${PVE_VM}:6821-6847 ("Network devices can be hotplugged, no reboot required")`),
      ...["disk[*].size", "disk[*].iothread", "disk[*].discard", "disk[*].cache", "disk[*].ssd", "disk[*].backup", "disk[*].replicate", "disk[*].serial", "disk[*].file_format"].map((p) =>
        update(p, `${PVE_DISK}/disk.go:675-703 (no reboot flag; size grows through the resize API, a shrink fails at apply, vm.go:7276-7306)`),
      ),
      update("disk[*].interface", `${PVE_DISK}/disk.go:635-650 (list key: the old drive is removed, a new one added)`),
      restart("disk[*].datastore_id", `${PVE_VM}:7251-7273 (move_disk needs the VM stopped)`),
      restart("disk[*].aio", `${PVE_DISK}/disk.go:675-683`),
      ...["machine", "bios", "acpi", "boot_order", "boot_order[*]", "scsi_hardware", "kvm_arguments", "keyboard_layout", "tablet_device", "vga.*", "rng.*", "audio_device.*", "hostpci[*].*", "usb[*].*", "numa[*].*", "watchdog.*"].map((p) =>
        restart(p, `${PVE_VM}:6192-6332 (rebootRequired = true; reboot_after_update defaults to true, :350-358)`),
      ),
      ...["cpu.*", "memory.*", "operating_system.*", "serial_device", "serial_device[*].*", "agent.*"].map((p) => restart(p, `${PVE_VM}:6266-6291, 6382-6478, 6742-6812, 6850-6878 (rebootRequired)`)),
      ...["initialization.datastore_id", "initialization.interface", "initialization.file_format", "initialization.upgrade", "initialization.dns.*", "initialization.ip_config", "initialization.ip_config[*].*", "initialization.user_account.*"].map((p) =>
        restart(p, `${PVE_VM}:6592-6684 (cloud-init drive rebuilt, rebootRequired)`),
      ),
      restart("efi_disk.*", `${PVE_VM}:6538-6548, 7168-7209`),
      restart("tpm_state.*", `${PVE_VM}:6551-6578 (powered off first)`),
    ],
    computed: {
      id: id(`${PVE_VM} (d.SetId(vmID)); ${CORE_REPLACE}`),
      vm_id: stable(`${PVE_VM}:1664 (Optional+Computed)`),
      ipv4_addresses: stable(`${PVE_VM} network/schema.go:50-74`, "list"),
      mac_addresses: stable(`${PVE_VM} network/schema.go:163-168`, "list"),
    },
    addresses: ["initialization.ip_config[*].ipv4.address"],
  },
  ...["proxmox_download_file", "proxmox_virtual_environment_download_file"].map(
    (type): StandInRow => ({
      type,
      provider: PVE,
      role: StandInRole.NONE,
      attributes: [
        ...["content_type", "datastore_id", "node_name", "url", "checksum", "decompression_algorithm", "checksum_algorithm", "file_name"].map((p) => replace(p, `${PVE_DL}:216-309 (stringplanmodifier.RequiresReplace)`)),
        ...["upload_timeout", "verify", "overwrite", "overwrite_unmanaged"].map((p) => update(p, `${PVE_DL}:265-345, Update :619-641 (re-reads only)`)),
      ],
      computed: {
        id: stable(`${PVE_DL}:215 (UseStateForUnknown; ${CORE_REPLACE})`, "string", "{datastore_id}:{content_type}/{file_name}"),
        size: stable(`${PVE_DL}:255`),
      },
    }),
  ),
  {
    type: "data.helm_template",
    provider: HELM,
    role: StandInRole.NONE,
    attributes: [],
    computed: {
      manifest: derived("hashicorp/terraform-provider-helm v3.1.1 helm/data_template.go (renders its chart and values while read)", "# helm template {name} {chart} {version} {*}"),
      notes: derived("hashicorp/terraform-provider-helm v3.1.1 helm/data_template.go"),
    },
  },
  {
    type: "aws_instance",
    provider: AWS,
    role: StandInRole.MACHINE,
    attributes: [
      ...["ami", "subnet_id", "root_block_device.encrypted", "root_block_device.kms_key_id", "private_ip", "availability_zone", "key_name", "associate_public_ip_address"].map((p) => replace(p, AWS_PLAN)),
      ...["tags.*", "tags", "vpc_security_group_ids", "vpc_security_group_ids[*]", "metadata_options.*", "root_block_device.volume_size", "root_block_device.volume_type", "root_block_device.iops", "root_block_device.throughput", "root_block_device.delete_on_termination", "root_block_device.tags.*", "iam_instance_profile", "monitoring", "disable_api_termination", "disable_api_stop"].map((p) =>
        update(p, AWS_PLAN),
      ),
      // Stop, modify, start: the public IP changes (internal/service/ec2/ec2_instance.go, aws PR #40710).
      ...["instance_type", "user_data", "user_data_base64"].map((p) => restart(p, `${AWS_PLAN}; stop/start per ec2_instance.go modifyInstanceAttributeWithStopStart`)),
    ],
    computed: {
      id: id(`${AWS_PLAN}; ${CORE_REPLACE}`),
      arn: stable(AWS_PLAN),
      private_ip: stable(AWS_PLAN, "address"),
      // Newly computed when an update stops and starts the instance (aws PR #40710; the crafted plan shows it unknown).
      public_ip: { kind: ComputedKind.STABLE_UNTIL_RESTART, shape: "address", source: `${AWS_PLAN} (public_ip unknown on an instance_type change)` },
      public_dns: { kind: ComputedKind.STABLE_UNTIL_RESTART, source: AWS_PLAN },
      private_dns: stable(AWS_PLAN),
    },
    addresses: ["private_ip", "public_ip"],
  },
  awsRow("aws_vpc", ["cidr_block"], ["enable_dns_hostnames", "enable_dns_support", "tags", "tags.*"], ["arn", "default_security_group_id", "main_route_table_id"]),
  awsRow("aws_subnet", ["vpc_id", "cidr_block", "availability_zone", "availability_zone_id"], ["map_public_ip_on_launch", "tags", "tags.*"], ["arn"]),
  awsRow("aws_internet_gateway", [], ["vpc_id", "tags", "tags.*"], ["arn"]),
  awsRow("aws_route_table", ["vpc_id"], ["tags", "tags.*"], ["arn"]),
  awsRow("aws_route", ["route_table_id", "destination_cidr_block", "destination_ipv6_cidr_block"], ["gateway_id", "nat_gateway_id"], []),
  awsRow("aws_route_table_association", ["subnet_id", "gateway_id"], ["route_table_id"], []),
  awsRow("aws_security_group", ["name", "description", "vpc_id"], ["tags", "tags.*"], ["arn"]),
  ...["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"].map((t) =>
    awsRow(t, ["security_group_id"], ["ip_protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6", "referenced_security_group_id", "description", "tags", "tags.*"], ["arn", "security_group_rule_id"]),
  ),
  awsRow("aws_lb", ["name", "internal", "load_balancer_type"], ["security_groups", "security_groups[*]", "subnets", "subnets[*]", "tags", "tags.*"], ["arn", "dns_name", "zone_id"]),
  awsRow("aws_lb_listener", ["load_balancer_arn"], ["port", "protocol", "default_action[*].*", "tags", "tags.*"], ["arn"]),
  awsRow("aws_lb_target_group", ["name", "port", "protocol", "vpc_id", "target_type"], ["health_check.*", "tags", "tags.*"], ["arn", "arn_suffix"]),
  awsRow("aws_lb_target_group_attachment", ["target_group_arn", "target_id", "port", "availability_zone"], [], []),
  {
    type: "data.aws_ami",
    provider: AWS,
    role: StandInRole.NONE,
    attributes: [],
    computed: { id: derived("hashicorp/aws 5.100.0 data source (read at plan unless deferred)", "ami-{*}"), architecture: derived("hashicorp/aws 5.100.0 data source") },
  },
  { type: "data.aws_availability_zones", provider: AWS, role: StandInRole.NONE, attributes: [], computed: { names: derived("hashicorp/aws 5.100.0 data source", undefined, "list") } },
  { type: "data.aws_region", provider: AWS, role: StandInRole.NONE, attributes: [], computed: { name: derived("hashicorp/aws 5.100.0 data source", "region-{*}"), id: derived("hashicorp/aws 5.100.0 data source") } },
];

/** An AWS row confirmed by the crafted-state plan: replace attributes, in-place attributes, stable computed ones. */
function awsRow(type: string, replaced: readonly string[], updated: readonly string[], computed: readonly string[]): StandInRow {
  return {
    type,
    provider: AWS,
    role: StandInRole.NONE,
    attributes: [...replaced.map((p) => replace(p, AWS_PLAN)), ...updated.map((p) => update(p, AWS_PLAN))],
    computed: { id: id(`${AWS_PLAN}; ${CORE_REPLACE}`), ...Object.fromEntries(computed.map((c) => [c, stable(AWS_PLAN)])) },
  };
}

/** The row of a type (`data.` prefixed for data sources), if the table has one. */
export function standInRow(type: string): StandInRow | undefined {
  return STAND_IN_TABLE.find((r) => r.type === type);
}

/** Whether a rule path (`disk[*].size`, `tags.*`) matches an attribute path (`disk[0].size`, `tags.Name`). */
export function rulePathMatches(rule: string, path: string): boolean {
  const norm = path.replace(/\[\d+\]/g, "[*]");
  if (rule === norm) return true;
  if (rule.endsWith(".*")) return norm.startsWith(rule.slice(0, -1));
  if (rule.endsWith("*")) return norm.startsWith(rule.slice(0, -1));
  return false;
}

/** The rule of a configured attribute path: the most specific match. */
export function ruleFor(row: StandInRow, path: string): AttributeRule | undefined {
  const matches = row.attributes.filter((r) => rulePathMatches(r.path, path));
  return matches.sort((a, b) => b.path.length - a.path.length)[0];
}
