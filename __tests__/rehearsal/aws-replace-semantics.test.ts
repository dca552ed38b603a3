import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { loadAwsSchemaFromTerraform, withOfflineAwsInit } from "../../lib/checker/schema/terraform-schema";
import { providerPin } from "../../lib/versions/provider-pins";
import { AWS_CHECKS_RUN, AWS_NOT_CHECKED_REASON } from "../support/offline-aws";
import { SchemaBlock } from "../../lib/checker/schema/provider-schema";
import { ChangeEffect, ruleFor, standInRow } from "../../lib/rehearsal/stand-in-table";

/**
 * The AWS rows of the stand-in table, confirmed against the pinned provider itself: the real
 * hashicorp/aws 5.100.0 from the local mirror plans each sample change over a crafted state, with
 * `-refresh=false` and dummy credentials (no API call, no credential). The crafted state is the
 * provider's own planned create values, unknowns filled with placeholders; an unchanged copy of each
 * resource must plan no change, which proves the crafted state is sound.
 */

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };
type Body = { [key: string]: Value };

const ARN_LB = (n: number) => `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/lb/${n}`;
const ARN_TG = (n: number) => `arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg/${n}`;

/** Per type: a body as the library emits it, and one changed value per attribute the library sets. */
const CASES: { [type: string]: { base: Body; changes: { [path: string]: Value }; state?: { [path: string]: Value } } } = {
  aws_instance: {
    base: {
      ami: "ami-1",
      instance_type: "m6i.large",
      subnet_id: "subnet-a",
      vpc_security_group_ids: ["sg-1"],
      metadata_options: { http_tokens: "required", http_endpoint: "enabled", http_put_response_hop_limit: 2, instance_metadata_tags: "enabled" },
      root_block_device: { volume_type: "gp3", volume_size: 20, encrypted: true, delete_on_termination: true },
      tags: { Name: "x" },
    },
    changes: {
      ami: "ami-2",
      instance_type: "m6i.xlarge",
      subnet_id: "subnet-b",
      vpc_security_group_ids: ["sg-2"],
      "metadata_options.instance_metadata_tags": "disabled",
      "metadata_options.http_put_response_hop_limit": 1,
      "root_block_device.volume_size": 30,
      "root_block_device.volume_type": "gp2",
      "root_block_device.encrypted": false,
      "root_block_device.kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/1",
      "root_block_device.delete_on_termination": false,
      tags: { Name: "y" },
    },
    // What a real read stores where the planned create is unknown and the placeholder would differ.
    state: { user_data: null, "root_block_device[0].tags": {} },
  },
  aws_vpc: { base: { cidr_block: "10.0.0.0/16", enable_dns_hostnames: true, enable_dns_support: true, tags: { Name: "v" } }, changes: { cidr_block: "10.1.0.0/16", enable_dns_hostnames: false, enable_dns_support: false, tags: { Name: "w" } } },
  aws_subnet: {
    base: { vpc_id: "vpc-1", cidr_block: "10.0.1.0/24", availability_zone: "eu-west-1a", map_public_ip_on_launch: true, tags: { Name: "s" } },
    changes: { vpc_id: "vpc-2", cidr_block: "10.0.2.0/24", availability_zone: "eu-west-1b", map_public_ip_on_launch: false, tags: { Name: "t" } },
  },
  aws_internet_gateway: { base: { vpc_id: "vpc-1", tags: { Name: "g" } }, changes: { vpc_id: "vpc-2", tags: { Name: "h" } } },
  aws_route_table: { base: { vpc_id: "vpc-1", tags: { Name: "r" } }, changes: { vpc_id: "vpc-2", tags: { Name: "q" } } },
  aws_route: { base: { route_table_id: "rtb-1", destination_cidr_block: "0.0.0.0/0", gateway_id: "igw-1" }, changes: { route_table_id: "rtb-2", destination_cidr_block: "10.9.0.0/16", gateway_id: "igw-2" } },
  aws_route_table_association: { base: { route_table_id: "rtb-1", subnet_id: "subnet-1" }, changes: { route_table_id: "rtb-2", subnet_id: "subnet-2" } },
  aws_security_group: { base: { name: "sg", description: "d", vpc_id: "vpc-1", tags: { Name: "sg" } }, changes: { name: "sg2", description: "e", vpc_id: "vpc-2", tags: { Name: "sh" } } },
  aws_vpc_security_group_ingress_rule: {
    base: { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 50000, to_port: 50000, referenced_security_group_id: "sg-9", description: "x" },
    changes: { security_group_id: "sg-2", ip_protocol: "udp", from_port: 50001, to_port: 50001, referenced_security_group_id: "sg-8", description: "y" },
  },
  aws_vpc_security_group_egress_rule: {
    base: { security_group_id: "sg-1", ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0", description: "x" },
    changes: { security_group_id: "sg-2", cidr_ipv4: "10.0.0.0/8", description: "y" },
  },
  aws_lb: {
    base: { name: "lb", internal: false, load_balancer_type: "network", security_groups: ["sg-1"], subnets: ["subnet-a", "subnet-b"], tags: { Name: "l" } },
    changes: { name: "lb2", internal: true, load_balancer_type: "application", security_groups: ["sg-2"], subnets: ["subnet-a", "subnet-b", "subnet-c"], tags: { Name: "m" } },
  },
  aws_lb_listener: {
    base: { load_balancer_arn: ARN_LB(1), port: 6443, protocol: "TCP", default_action: [{ type: "forward", target_group_arn: ARN_TG(1) }] },
    changes: { load_balancer_arn: ARN_LB(2), port: 6444, protocol: "TLS", "default_action[0].target_group_arn": ARN_TG(2) },
  },
  aws_lb_target_group: {
    base: { name: "tg", port: 6443, protocol: "TCP", vpc_id: "vpc-1", target_type: "instance", health_check: { protocol: "TCP", port: "traffic-port", healthy_threshold: 3, unhealthy_threshold: 3, interval: 10 }, tags: { Name: "t" } },
    changes: { name: "tg2", port: 6444, protocol: "TLS", vpc_id: "vpc-2", target_type: "ip", "health_check.interval": 30, tags: { Name: "u" } },
  },
  aws_lb_target_group_attachment: { base: { target_group_arn: ARN_TG(1), target_id: "i-1", port: 6443 }, changes: { target_group_arn: ARN_TG(2), target_id: "i-2", port: 6444 } },
};

const PROVIDER = { aws: { region: "eu-west-1", access_key: "AKIAEXAMPLEONLY", secret_key: "not-a-secret", skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, skip_region_validation: true, max_retries: 1 } };
const REQUIRED = { required_providers: { aws: { source: "hashicorp/aws", version: providerPin("aws").version } } };

const steps = (p: string) => [...p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
function setPath(body: Body, p: string, value: Value): void {
  const s = steps(p);
  let node = body as { [k: string]: Value };
  for (const step of s.slice(0, -1)) node = node[step as string] as { [k: string]: Value };
  node[s[s.length - 1] as string] = value;
}

/** A placeholder of a type for an attribute the planned create leaves unknown. */
function placeholder(type: unknown, name: string, topLevel: boolean): Value {
  if (type === "string") return topLevel ? `crafted-${name}` : "";
  if (type === "number") return 1;
  if (type === "bool") return false;
  if (Array.isArray(type) && (type[0] === "list" || type[0] === "set")) return [];
  if (Array.isArray(type) && type[0] === "map") return {};
  return null;
}

/** The prior state of a resource: its planned create values with unknowns filled in, per the schema. */
function craft(planned: Body, unknown: Value, block: SchemaBlock, topLevel = true): Body {
  const out: Body = { ...planned };
  const u = (unknown && typeof unknown === "object" && !Array.isArray(unknown) ? unknown : {}) as { [k: string]: Value };
  for (const [name, a] of Object.entries(block.attributes ?? {})) {
    if (u[name] === true) out[name] = placeholder(a.type, name, topLevel);
    else if (!(name in out)) out[name] = null;
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const v = out[name];
    if (bt.nesting_mode === "list" || bt.nesting_mode === "set") {
      const list = (v as Body[] | null) ?? [];
      const ul = Array.isArray(u[name]) ? (u[name] as Value[]) : [];
      out[name] = list.map((item, i) => craft(item, ul[i] ?? {}, bt.block, false));
    } else if (bt.nesting_mode === "single" && v) {
      out[name] = craft(v as Body, u[name] ?? {}, bt.block, false);
    }
  }
  return out;
}

interface ResourceChange {
  readonly type: string;
  readonly name: string;
  readonly change: { readonly actions: readonly string[]; readonly after: Body; readonly after_unknown: Value };
}

const schema = AWS_CHECKS_RUN ? loadAwsSchemaFromTerraform() : undefined;

(schema?.available ? describe : describe.skip)(`hashicorp/aws ${providerPin("aws").version} update-vs-replace, planned by the real provider over a crafted state`, () => {
  const resourceSchemas = schema?.available ? (schema.schema.schema as unknown as { resource_schemas: { [t: string]: { block: SchemaBlock; version?: number } } }).resource_schemas : {};
  let actions: { [address: string]: readonly string[] } = {};

  beforeAll(() => {
    const config = (resources: { [type: string]: { [name: string]: Body } }) => ({ terraform: REQUIRED, provider: PROVIDER, resource: resources });
    const result = withOfflineAwsInit(config({ aws_vpc: { init: { cidr_block: "10.0.0.0/16" } } }), {}, ({ workdir, env, terraform }) => {
      const tf = (...args: string[]) => execFileSync(terraform, args, { cwd: workdir, env, maxBuffer: 256 * 1024 * 1024 }).toString("utf8");
      const write = (resources: { [type: string]: { [name: string]: Body } }) => fs.writeFileSync(path.join(workdir, "main.tf.json"), JSON.stringify(config(resources)));
      // 1. What the provider plans to create for each base body.
      write(Object.fromEntries(Object.entries(CASES).map(([type, c]) => [type, { base: c.base }])));
      tf("plan", "-refresh=false", "-input=false", "-no-color", "-out=create.tfplan");
      const created = JSON.parse(tf("show", "-json", "create.tfplan")).resource_changes as ResourceChange[];
      // 2. A state holding one crafted object per change (and one unchanged), and a config changing each.
      const resources: { [type: string]: { [name: string]: Body } } = {};
      const state: object[] = [];
      for (const [type, c] of Object.entries(CASES)) {
        const rc = created.find((r) => r.type === type)!;
        const prior = craft(rc.change.after, rc.change.after_unknown, resourceSchemas[type].block);
        for (const [p, v] of Object.entries(c.state ?? {})) setPath(prior, p, v);
        prior.id = `crafted-${type}`;
        for (const [name, change] of [["same", undefined], ...Object.entries(c.changes)] as [string, [string, Value] | Value | undefined][]) {
          const body = JSON.parse(JSON.stringify(c.base)) as Body;
          const label = name === "same" ? "same" : name.replace(/[^a-z0-9_]/gi, "_");
          if (name !== "same") setPath(body, name, change as Value);
          (resources[type] ??= {})[label] = body;
          state.push({ mode: "managed", type, name: label, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: resourceSchemas[type].version ?? 0, attributes: prior }] });
        }
      }
      write(resources);
      fs.writeFileSync(path.join(workdir, "terraform.tfstate"), JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "00000000-0000-4000-8000-000000000000", outputs: {}, resources: state }));
      tf("plan", "-refresh=false", "-input=false", "-no-color", "-out=change.tfplan");
      const changed = JSON.parse(tf("show", "-json", "change.tfplan")).resource_changes as ResourceChange[];
      return Object.fromEntries(changed.map((r) => [`${r.type}.${r.name}`, r.change.actions]));
    });
    if (!result.ran) throw new Error(result.reason);
    actions = result.value;
  });

  test.each(Object.keys(CASES))("%s: the crafted state is sound (an unchanged copy plans no change)", (type) => {
    expect(actions[`${type}.same`]).toEqual(["no-op"]);
  });

  const rows = Object.entries(CASES).flatMap(([type, c]) => Object.keys(c.changes).map((p) => [type, p] as const));
  test.each(rows)("%s.%s: the plan agrees with the stand-in table", (type, p) => {
    const rule = ruleFor(standInRow(type)!, p);
    expect(rule).toBeDefined();
    const expected = rule!.effect === ChangeEffect.REPLACE ? ["delete", "create"] : ["update"];
    expect(actions[`${type}.${p.replace(/[^a-z0-9_]/gi, "_")}`]).toEqual(expected);
  });
});

if (!schema?.available) {
  test(`hashicorp/aws ${providerPin("aws").version} update-vs-replace: NOT CHECKED, and only where it cannot run`, () => {
    // Where it must run (AWS_CHECKS_RUN), a missing schema is a failure, not a skip.
    expect(schema && !schema.available ? schema.reason : "").toBe("");
    console.warn(`NOT CHECKED: ${AWS_NOT_CHECKED_REASON}`);
  });
}
