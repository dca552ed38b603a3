import * as path from "path";
import * as os from "os";
import * as fs from "fs";
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AwsNodes, AwsNodesProps, AwsTalosApiAccess } from "../../lib/platforms/aws/aws-nodes";
import { TalosAmi } from "../../lib/platforms/aws/talos-ami";
import { instanceArchitecture } from "../../lib/platforms/aws/instance-types";
import { awsBindingsRule } from "../../lib/platforms/aws/aws-bindings-version";
import { formatViolation } from "../../lib/validation/rule";
import { TalosAwsSecurityGroups, TalosAwsSecurityGroupsProps } from "../../lib/platforms/aws/aws-security";
import { TalosAwsVpc } from "../../lib/platforms/aws/aws-network";
import { loadAwsSchemaFromTerraform } from "../../lib/checker/schema/terraform-schema";
import { terraformValidateAws } from "../../lib/checker/terraform-validate";
import { TalosVersion } from "../../lib/versions/talos-version";
import { blocksByPath, synth, testStack } from "../support/synth";
import { cluster } from "../support/fixtures";
import { NodePool } from "../../lib/node-pool/node-pool";
import { RELEASE_LINE } from "../../lib/versions/release-line";
import { providerPin } from "../../lib/versions/provider-pins";
import { MachineRole } from "../../lib/cluster/machine-role";

function awsStack(): TerraformStack {
  const stack = testStack();
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

const groups = (stack: TerraformStack, props: Partial<TalosAwsSecurityGroupsProps>) =>
  new TalosAwsSecurityGroups(stack, "sg", { clusterName: "c", vpcId: "vpc-1", adminCidrs: ["198.51.100.0/24"], ...props });

describe("AWS platform", () => {
  test("world access is an explicit opt-in that warns", () => {
    const stack = awsStack();
    const sg = groups(stack, { adminCidrs: [], allowFromAnywhere: true });
    const warnings = sg.node.metadata.map((m) => String(m.data)).filter((d) => d.includes("allowFromAnywhere"));
    expect(warnings).toEqual(["[test/sg] allowFromAnywhere: the Kubernetes API (6443) and the Talos API (50000) are open to 0.0.0.0/0"]);
    const { json } = synth(stack);
    const open = Object.values(blocksByPath(json, "resource", "aws_vpc_security_group_ingress_rule")).filter((r) => r.cidr_ipv4 === "0.0.0.0/0");
    expect(open.map((r) => r.from_port).sort()).toEqual([50000, 50000, 6443, 6443]);
    const meta = JSON.stringify(json);
    expect(meta).not.toContain("50001");
  });

  test("private subnets get a NAT gateway and their own default route", () => {
    const stack = awsStack();
    new TalosAwsVpc(stack, "net", { clusterName: "c", availabilityZones: ["eu-west-1a", "eu-west-1b"], privateSubnets: true });
    const { json } = synth(stack);
    const subnets = blocksByPath(json, "resource", "aws_subnet");
    expect(Object.entries(subnets).map(([p, s]) => [p, s.availability_zone, s.cidr_block, s.map_public_ip_on_launch ?? false])).toEqual([
      ["test/net/private-0", "eu-west-1a", "${cidrsubnet(\"10.0.0.0/16\", 8, 2)}", false],
      ["test/net/private-1", "eu-west-1b", "${cidrsubnet(\"10.0.0.0/16\", 8, 3)}", false],
      ["test/net/public-0", "eu-west-1a", "${cidrsubnet(\"10.0.0.0/16\", 8, 0)}", true],
      ["test/net/public-1", "eu-west-1b", "${cidrsubnet(\"10.0.0.0/16\", 8, 1)}", true],
    ]);
    const routes = Object.values(blocksByPath(json, "resource", "aws_route"));
    expect(routes.map((r) => Object.keys(r).filter((k) => k.endsWith("gateway_id")))).toEqual([["nat_gateway_id"], ["gateway_id"]]); // private-default, public-default
  });

  test("a /24 VPC with private subnets still fits every subnet", () => {
    const stack = awsStack();
    new TalosAwsVpc(stack, "net", { clusterName: "c", cidr: "10.1.0.0/24", availabilityZones: ["a", "b", "c"], privateSubnets: true });
    const cidrs = Object.values(blocksByPath(synth(stack).json, "resource", "aws_subnet")).map((s) => s.cidr_block);
    expect(new Set(cidrs).size).toBe(6);
    expect(cidrs.every((c) => (c as string).includes('"10.1.0.0/24", 3,'))).toBe(true);
  });

  test("AMI boot mode comes from the release table: UEFI from Talos 1.13, uefi-preferred before", () => {
    expect(TalosVersion.V1_13_9.release.awsAmiBootMode).toBe("uefi");
    expect(TalosVersion.V1_12_11.release.awsAmiBootMode).toBe("uefi-preferred");
  });

  test("nodes upgrade with the aws-installer of the schematic the official AMIs are built from", () => {
    const stack = awsStack();
    const nodes = new AwsNodes(stack, "n", { cluster: cluster(stack), imageId: "ami-1", instanceType: "m6i.large", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], nodes: [{ name: "w-1" }] });
    expect(nodes.installerImage).toBe("factory.talos.dev/aws-installer/10e276a06c1f86b182757a962258ac00655d3425e5957f617bdc82f06894e39b:v1.13.9");
  });

  test("nodes are addressed by their private IP; the Talos API is dialled at the public IP, or the private one when asked", () => {
    for (const [access, endpoint] of [[undefined, "public_ip"], [AwsTalosApiAccess.PRIVATE_IP, "private_ip"]] as const) {
      const stack = awsStack();
      const c = cluster(stack, { waitForHealth: true });
      const nodes = new AwsNodes(stack, "n", { cluster: c, imageId: "ami-1", instanceType: "m6i.large", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], talosApiAccess: access, nodes: [{ name: "cp-1" }] });
      new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes });
      const { json } = synth(stack);
      const ref = (attr: string) => expect.stringMatching(new RegExp(`^\\$\\{aws_instance\\.n_cp-1_[0-9A-F]+\\.${attr}\\}$`));
      const apply = Object.values(blocksByPath(json, "resource", "talos_machine_configuration_apply"))[0];
      expect({ node: apply.node, endpoint: apply.endpoint }).toEqual({ node: ref("private_ip"), endpoint: ref(endpoint) });
      const bootstrap = Object.values(blocksByPath(json, "resource", "talos_machine_bootstrap"))[0];
      expect({ node: bootstrap.node, endpoint: bootstrap.endpoint }).toEqual({ node: ref("private_ip"), endpoint: ref(endpoint) });
      // The health check compares these with Kubernetes InternalIPs and etcd members: private.
      const health = Object.values(blocksByPath(json, "data", "talos_cluster_health"))[0];
      expect(health.control_plane_nodes).toEqual([ref("private_ip")]);
      expect(health.endpoints).toMatch(new RegExp(`^\\$\\{compact\\(concat\\(\\[aws_instance\\.n_cp-1_[0-9A-F]+\\.${endpoint}\\], \\[replace\\(timestamp\\(\\), "/\\.\\*/", ""\\)\\]\\)\\)\\}$`));
      const client = Object.values(blocksByPath(json, "data", "talos_client_configuration"))[0];
      expect({ endpoints: client.endpoints, nodes: client.nodes }).toEqual({ endpoints: [ref(endpoint)], nodes: [ref("private_ip")] });
    }
  });

  test("the AMI architecture follows the instance family; a mismatch with an explicit architecture fails", () => {
    const stack = awsStack();
    const graviton = new TalosAmi(stack, "arm", { talosVersion: TalosVersion.V1_13_9, instanceType: "m7g.large" });
    const intel = new TalosAmi(stack, "x86", { talosVersion: TalosVersion.V1_13_9, instanceType: "m6i.large" });
    const { json } = synth(stack);
    const names = Object.values(blocksByPath(json, "data", "aws_ami")).map((a) => (a.filter as { name: string; values: string[] }[])[0].values[0]);
    expect(names).toEqual(["talos-v1.13.9-${data.aws_region.arm_region_5B4ACB4B.name}-arm64", "talos-v1.13.9-${data.aws_region.x86_region_6E4C5A1E.name}-amd64"].map((n) => expect.stringMatching(new RegExp(`^${n.replace(/[${}.]/g, "\\$&").replace(/_[0-9A-F]{8}/g, "_[0-9A-F]{8}")}$`))));
    expect([graviton.architecture, intel.architecture]).toEqual(["arm64", "amd64"]);
    expect(() => new TalosAmi(awsStack(), "ami", { talosVersion: TalosVersion.V1_13_9, instanceType: "c7g.xlarge", architecture: "amd64" })).toThrow(
      '[test/ami] architecture "amd64" does not match instance type c7g.xlarge (arm64). Fix: use architecture "arm64" or an instance type of that architecture (TALOS-AWS-ARCH)',
    );
    const s = awsStack();
    const amd = new TalosAmi(s, "ami", { talosVersion: TalosVersion.V1_13_9 });
    expect(() => new AwsNodes(s, "n", { cluster: cluster(s), ami: amd, instanceType: "m7g.large", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], nodes: [{ name: "w-1" }] })).toThrow(
      '[test/n] instanceType "m7g.large" is arm64, but the AMI test/ami is amd64. Fix: give the TalosAmi instanceType: "m7g.large" (or architecture: "arm64") (TALOS-AWS-ARCH)',
    );
  });

  test.each([
    ["m7g.large", "arm64"], ["c7gn.xlarge", "arm64"], ["r8gd.2xlarge", "arm64"], ["t4g.small", "arm64"], ["x2gd.medium", "arm64"], ["im4gn.large", "arm64"], ["a1.large", "arm64"], ["hpc7g.4xlarge", "arm64"], ["g5g.xlarge", "arm64"],
    ["m6i.large", "amd64"], ["c7a.large", "amd64"], ["g4dn.xlarge", "amd64"], ["t3.large", "amd64"], ["m5dn.large", "amd64"], ["inf2.xlarge", "amd64"], ["p4d.24xlarge", "amd64"],
  ])("%s is %s", (type, arch) => {
    expect(instanceArchitecture(type)).toBe(arch);
  });

  test("the kubernetes.io/cluster tag is opt-in: instances, the nodes' group and subnets (with their ELB roles)", () => {
    const stack = awsStack();
    const c = cluster(stack);
    const tagged1 = new AwsNodes(stack, "n", { cluster: c, imageId: "ami-1", instanceType: "m6i.large", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], kubernetesClusterTag: true, nodes: [{ name: "w-1" }] });
    new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: tagged1 });
    new AwsNodes(stack, "m", { cluster: c, imageId: "ami-1", instanceType: "m6i.large", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], nodes: [{ name: "w-2" }] });
    groups(stack, { clusterName: "demo", kubernetesClusterTag: true });
    new TalosAwsVpc(stack, "net", { clusterName: "demo", availabilityZones: ["a"], privateSubnets: true, kubernetesClusterTag: true });
    const { json } = synth(stack);
    const tagged = (type: string) => Object.entries(blocksByPath(json, "resource", type)).filter(([, b]) => (b.tags as Record<string, string> | undefined)?.["kubernetes.io/cluster/demo"] === "owned").map(([p]) => p);
    expect(tagged("aws_instance")).toEqual(["test/n/w-1"]);
    expect(tagged("aws_security_group")).toEqual(["test/sg/nodes"]);
    expect(tagged("aws_subnet")).toEqual(["test/net/private-0", "test/net/public-0"]);
    const subnets = blocksByPath(json, "resource", "aws_subnet");
    expect(subnets["test/net/public-0"].tags).toMatchObject({ "kubernetes.io/role/elb": "1" });
    expect(subnets["test/net/private-0"].tags).toMatchObject({ "kubernetes.io/role/internal-elb": "1" });
    expect(tagged("aws_vpc")).toEqual([]);
  });

  test("the NLB admits the admin CIDRs on 6443 and 50000, and the nodes on 6443: by group (private addresses) and, for an internet-facing NLB, by each node's public address and the NAT gateway's", () => {
    const stack = awsStack();
    const c = cluster(stack);
    const net = new TalosAwsVpc(stack, "net", { clusterName: "demo", availabilityZones: ["a"], privateSubnets: true });
    const sg = groups(stack, { clusterName: "demo", adminCidrs: ["203.0.113.0/24"] });
    const cps = new AwsNodes(stack, "cps", { cluster: c, imageId: "ami-1", instanceType: "m6i.large", subnetIds: net.publicSubnetIds, securityGroupIds: [sg.nodes.id], nodes: [{ name: "cp-1" }, { name: "cp-2" }] });
    new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: cps });
    sg.admitNodes(cps);
    sg.admitNatGateway(net.natGateway!);
    const rules = blocksByPath(synth(stack).json, "resource", "aws_vpc_security_group_ingress_rule");
    const lbGroup = expect.stringMatching(/^\$\{aws_security_group\.sg_load-balancer_[0-9A-F]+\.id\}$/);
    const toLb = Object.fromEntries(Object.entries(rules).filter(([, r]) => lbGroup.asymmetricMatch(r.security_group_id)).map(([p, r]) => [p.replace("test/sg/", ""), [r.from_port, r.cidr_ipv4 ?? r.referenced_security_group_id]]));
    expect(toLb).toEqual({
      "lb-6443-admin-0": [6443, "203.0.113.0/24"],
      "lb-50000-admin-0": [50000, "203.0.113.0/24"],
      "lb-6443-from-nodes": [6443, expect.stringMatching(/^\$\{aws_security_group\.sg_nodes_[0-9A-F]+\.id\}$/)],
      "lb-6443-node-cp-1": [6443, expect.stringMatching(/^\$\{coalesce\(aws_instance\.cps_cp-1_[0-9A-F]+\.public_ip, aws_instance\.cps_cp-1_[0-9A-F]+\.private_ip\)\}\/32$/)],
      "lb-6443-node-cp-2": [6443, expect.stringMatching(/^\$\{coalesce\(aws_instance\.cps_cp-2_[0-9A-F]+\.public_ip, aws_instance\.cps_cp-2_[0-9A-F]+\.private_ip\)\}\/32$/)],
      "lb-6443-nat-nat": [6443, expect.stringMatching(/^\$\{aws_nat_gateway\.net_nat_[0-9A-F]+\.public_ip\}\/32$/)],
    });
  });

  test("tags in instance metadata are off unless asked for; when on, EC2-compatible tag keys pass", () => {
    const stack = awsStack();
    const c = cluster(stack);
    const common = { cluster: c, imageId: "ami-1", instanceType: "m6i.large", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] };
    const off = new AwsNodes(stack, "off", { ...common, kubernetesClusterTag: true, tags: { "team/owner": "platform" }, nodes: [{ name: "w-1" }] });
    new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: off });
    new AwsNodes(stack, "on", { ...common, instanceMetadataTags: true, tags: { "team:owner": "platform", "cost.center@eu": "42" }, nodes: [{ name: "w-2" }] });
    const instances = blocksByPath(synth(stack).json, "resource", "aws_instance");
    const options = (p: string) => (instances[p].metadata_options as Record<string, unknown>);
    expect(options("test/off/w-1")).toEqual({ http_endpoint: "enabled", http_put_response_hop_limit: 2, http_tokens: "required", instance_metadata_tags: "disabled" });
    expect(options("test/on/w-2")).toEqual({ http_endpoint: "enabled", http_put_response_hop_limit: 2, http_tokens: "required", instance_metadata_tags: "enabled" });
    expect(Object.keys(instances["test/on/w-2"].tags as object).sort()).toEqual(["KubernetesCluster", "Name", "cost.center@eu", "talos-cluster", "team:owner"]);
  });
});

describe("the provider-aws major", () => {
  test("the installed bindings are the major the constructs are built for", () => {
    expect(awsBindingsRule()).toBeUndefined();
  });

  test("another major fails with the version to install", () => {
    const v = awsBindingsRule({ version: "21.0.0", cdktf: { provider: { version: "6.25.0" } } })!;
    const expected: { [line: string]: string } = {
      cdktf: '[app/network] @cdktf/provider-aws "21.0.0" is installed (hashicorp/aws 6.25.0), but cdktf-talos\'s AWS constructs are built for @cdktf/provider-aws 20.x (hashicorp/aws 5.100.0). Fix: npm install @cdktf/provider-aws@^20.1.0 (the major cdktf-talos supports; a later release of cdktf-talos moves to the next one) (TALOS-AWS-PROVIDER-VERSION)',
      cdktn: '[app/network] @cdktn/provider-aws "21.0.0" is installed (hashicorp/aws 6.25.0), but cdktn-talos\'s AWS constructs are built for @cdktn/provider-aws 25.x (hashicorp/aws 6.66.0). Fix: npm install @cdktn/provider-aws@^25.7.0 (the major cdktn-talos supports; a later release of cdktn-talos moves to the next one) (TALOS-AWS-PROVIDER-VERSION)',
    };
    expect(formatViolation("app/network", v)).toBe(expected[RELEASE_LINE.name]);
  });
});

describe("AWS input errors", () => {
  const bad: [string, () => void, RegExp][] = [
    ["no admin CIDR", () => groups(awsStack(), { adminCidrs: [] }), /^\[test\/sg\] adminCidrs \[\] is empty, so nobody could reach the Kubernetes or Talos API\. Fix: list the CIDRs of your admins/],
    ["world as admin CIDR", () => groups(awsStack(), { adminCidrs: ["0.0.0.0/0"] }), /adminCidrs \["0\.0\.0\.0\/0"\] opens the cluster to the internet \(together they cover 0\.0\.0\.0\/0\)\. Fix: .*allowFromAnywhere: true/],
    ["bad CIDR", () => groups(awsStack(), { adminCidrs: ["10.0.0.300/32"] }), /adminCidr "10\.0\.0\.300\/32" is not an IPv4 CIDR/],
    ["t2", () => nodes({ instanceType: "t2.medium" }), /instanceType "t2\.medium" is a Xen-based type, which cannot boot the UEFI Talos AMIs \(Xen families: c1, c3, c4, .*t2.*\)\. Fix: use a Nitro type, e\.g\. "t3\.large", "m6i\.large" or "m7g\.large" \(TALOS-AWS-INSTANCE-TYPE\)$/],
    ["m4", () => nodes({ instanceType: "m4.large" }), /instanceType "m4\.large" is a Xen-based type/],
    ["c4", () => nodes({ instanceType: "c4.xlarge" }), /instanceType "c4\.xlarge" is a Xen-based type/],
    ["ami and imageId", () => nodes({ ami: new TalosAmi(awsStack(), "ami", { talosVersion: TalosVersion.V1_13_9 }) }), /ami\/imageId "ami-1" are both given/],
    ["neither ami nor imageId", () => nodes({ imageId: undefined }), /ami\/imageId null are both missing/],
    ["root volume", () => nodes({ rootVolumeGiB: 5 }), /rootVolumeGiB 5 is outside 10–16384 GiB/],
    ["VPC CIDR", () => new TalosAwsVpc(awsStack(), "net", { clusterName: "c", cidr: "10.0.0.0/8" }), /cidr "10\.0\.0\.0\/8" is not a network CIDR between \/16 and \/24/],
  ];
  function nodes(over: Partial<AwsNodesProps>) {
    const stack = awsStack();
    return new AwsNodes(stack, "n", { cluster: cluster(stack), imageId: "ami-1", instanceType: "m6i.large", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], nodes: [{ name: "w-1" }], ...over });
  }
  test.each(bad)("%s", (_n, make, message) => {
    expect(make).toThrow(message);
  });
});

describe("offline terraform runs say why they did not run", () => {
  test("a missing provider mirror is reported for both the schema loader and terraform validate", () => {
    const env = { pluginMirror: "/nonexistent/tf-plugins", cacheDir: "/nonexistent/cache" };
    expect(loadAwsSchemaFromTerraform(env)).toEqual({ available: false, reason: `no hashicorp/aws in the provider mirror /nonexistent/tf-plugins at ${providerPin("aws").version} (not checked offline)` });
    expect(terraformValidateAws({}, env)).toEqual({ ran: false, reason: `no hashicorp/aws in the provider mirror /nonexistent/tf-plugins at ${providerPin("aws").version} (not checked offline)` });
  });

  test("a missing terraform binary is reported", () => {
    // A mirror that holds the pinned version, so the missing binary is what stops the run.
    const mirror = fs.mkdtempSync(path.join(os.tmpdir(), "aws-mirror-"));
    fs.mkdirSync(path.join(mirror, "registry.terraform.io", "hashicorp", "aws", providerPin("aws").version), { recursive: true });
    try {
      expect(terraformValidateAws({}, { terraformBinary: "/nonexistent/terraform", pluginMirror: mirror })).toEqual({ ran: false, reason: 'terraform not found ("/nonexistent/terraform")' });
    } finally {
      fs.rmSync(mirror, { recursive: true, force: true });
    }
  });
});
