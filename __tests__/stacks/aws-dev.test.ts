import { AwsDevStack, AwsDevStackProps } from "../../stacks/aws-dev";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { providerSubgraph, terraformValidateAws } from "../../lib/checker/terraform-validate";
import { changedPaths } from "../support/diff";
import { block, blocksByPath, synth, testApp } from "../support/synth";
import { asCdktfLine } from "../support/line-snapshot";
import { AWS_CHECKS_RUN } from "../support/offline-aws";

const synthDev = (props: AwsDevStackProps = {}) => synth(new AwsDevStack(testApp(), "aws-dev", props));

type Rule = { security_group_id: string; cidr_ipv4?: string; from_port?: number; to_port?: number; ip_protocol: string; referenced_security_group_id?: string };

describe("stacks/aws-dev (seed 000)", () => {
  const { text, json } = synthDev();
  const ingress = Object.values(blocksByPath(json, "resource", "aws_vpc_security_group_ingress_rule")) as unknown as Rule[];

  test("matches the reviewed snapshot", () => {
    expect(asCdktfLine(json)).toMatchSnapshot();
  });

  test("two synths are byte-identical", () => {
    expect(synthDev().text).toBe(text);
  });

  /**
   * The AWS checks run two ways: as configured (terraform and the mirror present, unless this
   * machine sets CDKTF_TALOS_SKIP_TERRAFORM=1 or the line's aws pin is not in the offline mirror:
   * AWS_CHECKS_RUN), and the documented skip path itself, where
   * terraform cannot run (simulated with a missing provider mirror). Both must be green.
   */
  const ABSENT = { pluginMirror: "/nonexistent/tf-plugins", cacheDir: "/nonexistent/cache" };
  describe.each([
    { mode: "as configured", skip: !AWS_CHECKS_RUN, env: undefined, expectRun: AWS_CHECKS_RUN },
    { mode: "CDKTF_TALOS_SKIP_TERRAFORM=1 where terraform cannot run", skip: true, env: ABSENT, expectRun: false },
  ])("the AWS part, $mode", ({ skip, env, expectRun }) => {
    test("passes the real terraform validate (the pinned hashicorp/aws from the filesystem mirror), or says NOT CHECKED", () => {
      const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
      try {
        const result = terraformValidateAws(providerSubgraph(json, "aws"), env);
        if (!result.ran) {
          if (!skip) throw new Error(`terraform validate could not run: ${result.reason}. Set CDKTF_TALOS_SKIP_TERRAFORM=1 only where terraform is truly absent.`);
          console.warn(`NOT CHECKED: terraform validate did not run: ${result.reason}`);
          expect(expectRun).toBe(false);
          expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^NOT CHECKED: terraform validate did not run: no hashicorp\/aws in the provider mirror /));
          return;
        }
        if (!expectRun) warn.mockRestore(); // the machine has terraform although the run skips: validate anyway
        expect(result.diagnostics).toEqual([]);
        expect(result.valid).toBe(true);
        expect(result.checkedBlocks).toBeGreaterThan(40);
      } finally {
        warn.mockRestore();
      }
    });

    test("passes the schema checks with the real aws schema, or says NOT CHECKED, and Talos validation", () => {
      const checker = new SynthChecker({ terraform: skip && !env ? false : env ?? {} });
      const report = checker.checkStack("aws-dev", json);
      if (expectRun) {
        expect(report.awsSchema).toBe("checked");
        expect(report.findings).toEqual([]);
        return;
      }
      // Unchecked blocks are never passed silently: the report says why, and one warning says which.
      expect(report.awsSchema).toEqual(expect.stringMatching(/^NOT CHECKED: /));
      expect(report.findings).toEqual([
        { severity: "warning", check: "provider-schema", stack: "aws-dev", address: "aws_*", path: "", message: 'no schema held for provider "aws": these blocks were not checked' },
      ]);
    });
  });

  test("IMDSv2 required and encrypted gp3 root volumes on every instance", () => {
    const instances = Object.values(blocksByPath(json, "resource", "aws_instance"));
    expect(instances).toHaveLength(6);
    for (const i of instances) {
      expect(i.metadata_options).toMatchObject({ http_tokens: "required", http_endpoint: "enabled" });
      expect(i.root_block_device).toMatchObject({ volume_type: "gp3", encrypted: true });
      expect(i).not.toHaveProperty("user_data");
    }
  });

  test("no 0.0.0.0/0 on 6443, 50000 or 50001 by default; admin CIDR, the NLB and (to the NLB's 6443) each node's own address only", () => {
    for (const rule of ingress) expect(rule.cidr_ipv4 ?? "").not.toBe("0.0.0.0/0");
    const open = ingress.filter((r) => r.cidr_ipv4).map((r) => `${r.cidr_ipv4}:${r.from_port}`).sort();
    const nodeAddress = (instance: string) => expect.stringMatching(new RegExp(`^\\$\\{coalesce\\(aws_instance\\.${instance}_[0-9A-F]+\\.public_ip, aws_instance\\.${instance}_[0-9A-F]+\\.private_ip\\)\\}/32:6443$`));
    const nodes = [1, 2, 3].map((i) => `control-plane-instances_control-plane-${i}`).concat([1, 2, 3].map((i) => `worker-instances_worker-${i}`));
    expect(open).toEqual([...nodes.map(nodeAddress), "203.0.113.0/24:50000", "203.0.113.0/24:50000", "203.0.113.0/24:6443", "203.0.113.0/24:6443"]);
    expect(ingress.some((r) => r.from_port === 50001)).toBe(false); // trustd only inside the cluster group
  });

  test("NLB: TCP listeners 6443 and 50000 forward to their target groups; each control plane registered in both", () => {
    const listeners = Object.values(blocksByPath(json, "resource", "aws_lb_listener")).sort((a, b) => (a.port as number) - (b.port as number));
    expect(listeners.map((l) => [l.port, l.protocol, (l.default_action as { type: string; target_group_arn: string }[])[0].target_group_arn])).toEqual([
      [6443, "TCP", expect.stringMatching(/^\$\{aws_lb_target_group\.api_targets-6443_[0-9A-F]+\.arn\}$/)],
      [50000, "TCP", expect.stringMatching(/^\$\{aws_lb_target_group\.api_targets-50000_[0-9A-F]+\.arn\}$/)],
    ]);
    expect(block(json, "resource", "aws_lb", "api/nlb")).toMatchObject({ load_balancer_type: "network", internal: false });
    const attachments = Object.values(blocksByPath(json, "resource", "aws_lb_target_group_attachment"));
    expect(attachments).toHaveLength(6);
    expect(attachments.every((a) => /aws_instance\.control-plane-instances_control-plane-\d_/.test(a.target_id as string))).toBe(true);
    expect(block(json, "data", "talos_machine_configuration", "controlplane-configuration").cluster_endpoint).toMatch(/^https:\/\/\$\{aws_lb\.api_nlb_[0-9A-F]+\.dns_name\}:6443$/);
  });

  test("instances are spread over the three zones' subnets; Talos applies dial their public IPs for their private node addresses", () => {
    const subnets = ["worker-1", "worker-2", "worker-3"].map((n) => block(json, "resource", "aws_instance", `worker-instances/${n}`).subnet_id);
    expect(subnets.map((s) => (s as string).replace(/_[0-9A-F]+\.id\}$/, ""))).toEqual(["${aws_subnet.network_public-0", "${aws_subnet.network_public-1", "${aws_subnet.network_public-2"]);
    const zones = [0, 1, 2].map((i) => block(json, "resource", "aws_subnet", `network/public-${i}`).availability_zone);
    expect(zones).toEqual([0, 1, 2].map((i) => expect.stringMatching(new RegExp(`^\\$\\{element\\(data\\.aws_availability_zones\\.network_zones_[0-9A-F]+\\.names, ${i}\\)\\}$`))));
    const apply = block(json, "resource", "talos_machine_configuration_apply", "workers/worker-2");
    expect(apply.node).toMatch(/^\$\{aws_instance\.worker-instances_worker-2_[0-9A-F]+\.private_ip\}$/);
    expect(apply.endpoint).toMatch(/^\$\{aws_instance\.worker-instances_worker-2_[0-9A-F]+\.public_ip\}$/);
  });

  test("AMI lookup: Sidero Labs' owner, talos-<version>-<region>-<arch>, UEFI for 1.13", () => {
    expect(block(json, "data", "aws_ami", "ami/ami")).toMatchObject({
      owners: ["540036508848"],
      most_recent: true,
      filter: [
        { name: "name", values: [expect.stringMatching(/^talos-v1\.13\.9-\$\{data\.aws_region\.ami_region_[0-9A-F]+\.name\}-amd64$/)] },
        { name: "boot-mode", values: ["uefi"] },
      ],
    });
  });

  test("remote state: S3 backend with a lockfile; no credentials in the JSON", () => {
    expect((json.terraform as { backend: object }).backend).toEqual({ s3: { bucket: "example-terraform-state", key: "talos/aws-dev.tfstate", region: "us-east-1", encrypt: true, use_lockfile: true } });
    expect(text).not.toMatch(/access_key|secret_key|AKIA[0-9A-Z]{16}/);
  });

  test("day 2: adding a worker adds only its instance and its config apply", () => {
    const workers = [1, 2, 3, 4].map((i) => ({ name: `worker-${i}` }));
    expect(changedPaths(json, synthDev({ workers }).json)).toEqual({ create: ["security-groups/lb-6443-node-worker-4", "worker-instances/worker-4", "workers/Joined/worker-4", "workers/worker-4"], replace: ["cluster/NodeCleanup"] });
  });
});
