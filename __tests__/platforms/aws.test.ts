import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AwsNodes, AwsNodesProps } from "../../lib/platforms/aws/aws-nodes";
import { TalosAwsSecurityGroups, TalosAwsSecurityGroupsProps } from "../../lib/platforms/aws/aws-security";
import { TalosAwsVpc } from "../../lib/platforms/aws/aws-network";
import { loadAwsSchemaFromTerraform } from "../../lib/checker/schema/terraform-schema";
import { terraformValidateAws } from "../../lib/checker/terraform-validate";
import { TalosVersion } from "../../lib/versions/talos-version";
import { blocksByPath, synth, testStack } from "../support/synth";
import { cluster } from "../support/fixtures";
import { NodePool } from "../../lib/node-pool/node-pool";
import { MachineRole } from "../../lib/cluster/machine-role";
import { TalosCluster } from "../../lib/cluster/talos-cluster";

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

  test("private addressing dials the private IP", () => {
    const stack = awsStack();
    const nodes = new AwsNodes(stack, "n", { cluster: cluster(stack), imageId: "ami-1", instanceType: "m6i.large", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], addressing: "private", nodes: [{ name: "w-1" }] });
    new TerraformOutput(stack, "address", { value: nodes.nodes[0].address });
    new NodePool(stack, "w", { cluster: nodes.node.scope!.node.findChild("cluster") as TalosCluster, role: MachineRole.CONTROL_PLANE, nodes });
    expect((synth(stack).json.output as { address: { value: string } }).address.value).toMatch(/^\$\{aws_instance\.n_w-1_[0-9A-F]+\.private_ip\}$/);
  });
});

describe("AWS input errors", () => {
  const bad: [string, () => void, RegExp][] = [
    ["no admin CIDR", () => groups(awsStack(), { adminCidrs: [] }), /^\[test\/sg\] adminCidrs \[\] is empty, so nobody could reach the Kubernetes or Talos API\. Fix: list the CIDRs of your admins/],
    ["world as admin CIDR", () => groups(awsStack(), { adminCidrs: ["0.0.0.0/0"] }), /adminCidr "0\.0\.0\.0\/0" opens the cluster to the internet\. Fix: .*allowFromAnywhere: true/],
    ["bad CIDR", () => groups(awsStack(), { adminCidrs: ["10.0.0.300/32"] }), /adminCidr "10\.0\.0\.300\/32" is not an IPv4 CIDR/],
    ["t2", () => nodes({ instanceType: "t2.medium" }), /instanceType "t2\.medium" is a Xen T2 type that cannot boot the UEFI Talos AMIs/],
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
    expect(loadAwsSchemaFromTerraform(env)).toEqual({ available: false, reason: "no hashicorp/aws in the provider mirror /nonexistent/tf-plugins" });
    expect(terraformValidateAws({}, env)).toEqual({ ran: false, reason: "no hashicorp/aws in the provider mirror /nonexistent/tf-plugins" });
  });

  test("a missing terraform binary is reported", () => {
    expect(terraformValidateAws({}, { terraformBinary: "/nonexistent/terraform" })).toEqual({ ran: false, reason: 'terraform not found ("/nonexistent/terraform")' });
  });
});
