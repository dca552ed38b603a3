import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SynthesizedStack } from "../../lib/checker/schema/check-provider-schema";
import { TEST_OUTDIR } from "./synth";

/** The talosconfig text the chain receives in the tests (through a sensitive variable). */
export const TEST_TALOSCONFIG = "context: test\ncontexts:\n  test:\n    ca: fake-ca\n    key: fake-key";

type Block = { [key: string]: unknown };

/**
 * The `terraform_data` part of a synthesized stack, runnable without any provider: the
 * talosconfig reference becomes the sensitive variable `talosconfig`, dependencies on other
 * resource types are dropped. This is exactly the chain the library generates.
 */
export function chainOnly(stack: SynthesizedStack): object {
  const data = (stack.resource?.terraform_data ?? {}) as { [name: string]: Block };
  const resources: { [name: string]: Block } = {};
  for (const [name, body] of Object.entries(data)) {
    const copy = JSON.parse(JSON.stringify(body).replace(/\$\{data\.talos_client_configuration\.[^.}]+\.talos_config\}/g, "${var.talosconfig}")) as Block;
    delete copy["//"];
    if (Array.isArray(copy.depends_on)) copy.depends_on = (copy.depends_on as string[]).filter((d) => d.startsWith("terraform_data."));
    const lifecycle = copy.lifecycle as { replace_triggered_by?: string[] } | undefined;
    if (lifecycle?.replace_triggered_by) lifecycle.replace_triggered_by = lifecycle.replace_triggered_by.filter((r) => r.startsWith("terraform_data."));
    if (JSON.stringify(copy).match(/(?<!\$)\$\{(?!var\.talosconfig|terraform_data\.|plantimestamp|join|sha256)/)) throw new Error(`terraform_data.${name} references something the chain test cannot run`);
    resources[name] = copy;
  }
  return { variable: { talosconfig: { type: "string", sensitive: true } }, resource: { terraform_data: resources } };
}

/** A working folder for one chain scenario, with the fake talosctl and its log and state. */
export class ChainRun {
  public readonly dir: string;
  public readonly bin: string;
  public readonly log: string;
  public readonly state: string;
  public readonly tmp: string;
  private initialized = false;

  constructor(name: string) {
    this.dir = path.join(TEST_OUTDIR, "chain", name);
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.bin = path.join(this.dir, "bin");
    this.state = path.join(this.dir, "state");
    this.tmp = path.join(this.dir, "tmp");
    this.log = path.join(this.dir, "talosctl.log");
    for (const d of [this.bin, this.state, this.tmp]) fs.mkdirSync(d, { recursive: true });
    fs.copyFileSync(path.join(__dirname, "fake-talosctl.sh"), path.join(this.bin, "talosctl"));
    fs.chmodSync(path.join(this.bin, "talosctl"), 0o755);
    fs.writeFileSync(this.log, "");
  }

  /** Runs `terraform apply` on a stack's chain; returns its exit status and output. */
  public apply(stack: SynthesizedStack, env: { [key: string]: string } = {}, options: { talosctl?: boolean } = {}): { status: number; output: string } {
    fs.writeFileSync(path.join(this.dir, "main.tf.json"), JSON.stringify(chainOnly(stack), null, 2));
    const pathDirs = [options.talosctl === false ? undefined : this.bin, path.dirname(terraformBinary()), "/usr/bin", "/bin"].filter(Boolean).join(":");
    const fullEnv = {
      PATH: pathDirs,
      HOME: this.dir,
      TMPDIR: this.tmp,
      TF_CLI_CONFIG_FILE: "/dev/null",
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      FAKE_TALOS_LOG: this.log,
      FAKE_TALOS_STATE: this.state,
      FAKE_TALOS_EXPECT_CONFIG: TEST_TALOSCONFIG,
      ...env,
    };
    if (!this.initialized) {
      execFileSync(terraformBinary(), ["init", "-input=false", "-no-color"], { cwd: this.dir, env: fullEnv, stdio: "pipe" });
      this.initialized = true;
    }
    const r = spawnSync(terraformBinary(), ["apply", "-auto-approve", "-input=false", "-no-color", `-var=talosconfig=${TEST_TALOSCONFIG}`], { cwd: this.dir, env: fullEnv, encoding: "utf8" });
    // Terraform word-wraps diagnostics: compare with whitespace collapsed.
    return { status: r.status ?? 1, output: `${r.stdout}\n${r.stderr}`.replace(/\s+/g, " ") };
  }

  /** The logged talosctl calls since the last `take`, without timestamps: `["upgrade-start cp-1 ...", ...]`. */
  public take(): string[] {
    const lines = fs.readFileSync(this.log, "utf8").split("\n").filter((l) => l.length > 0);
    fs.writeFileSync(this.log, "");
    return lines.map((l) => l.replace(/^\d+ /, ""));
  }

  /** Sets the version the node at an address reports. */
  public nodeRuns(address: string, version: string): void {
    fs.writeFileSync(path.join(this.state, `${address}.version`), version);
  }
}

/** The terraform binary, or undefined when it is not installed. */
export function terraformBinary(): string {
  const found = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).stdout.trim();
  return found || "terraform";
}

/** Whether terraform can run here; when not, the tests say so (CDKTF_TALOS_SKIP_TERRAFORM=1) instead of passing. */
export function terraformAvailable(): boolean {
  return spawnSync(terraformBinary(), ["version"], { stdio: "ignore", env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" } }).status === 0;
}

/**
 * Waits until the wall clock is in a later second than `since` (plantimestamp has second
 * resolution): call it with the time an apply returned, so the next plan is in a later second.
 */
export function nextSecond(since: number): void {
  while (Math.floor(Date.now() / 1000) <= Math.floor(since / 1000)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}
