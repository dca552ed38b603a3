import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The outcome of one terraform command. */
export interface TerraformRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `terraform` for the rehearsal: in its own folder, with a CLI config of its own (no
 * provider is installed: the stand-ins need only Terraform's built-in providers), checkpoint
 * disabled, and the simulated talosctl first on PATH. The only other reader of the environment in
 * lib/ besides the checker's runner: it hands PATH on to terraform and its provisioners.
 */
export class TerraformRunner {
  /** The terraform binary (an absolute path when found on PATH). */
  public readonly binary: string;

  constructor(terraform = "terraform") {
    this.binary = terraform.includes("/") ? terraform : findOnPath(terraform) ?? terraform;
  }

  /** Whether terraform runs here, and its version. */
  public version(): { readonly ok: boolean; readonly version?: string; readonly message?: string } {
    const r = spawnSync(this.binary, ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" } });
    if (r.error || r.status !== 0) return { ok: false, message: `terraform not found or not runnable ("${this.binary}"): install Terraform ≥ 1.7 and put it on PATH` };
    const version = (JSON.parse(r.stdout) as { terraform_version: string }).terraform_version;
    const [major, minor] = version.split(".").map(Number);
    if (major < 1 || (major === 1 && minor < 7)) return { ok: false, version, message: `terraform ${version} is too old: the rehearsal needs Terraform ≥ 1.7 (removed blocks with destroy-time provisioners)` };
    return { ok: true, version };
  }

  /** Runs `terraform <args>` in a folder; `bin` goes first on PATH, `env` is added. */
  public run(dir: string, args: readonly string[], bin: string, env: { readonly [name: string]: string }): TerraformRun {
    const cliConfig = path.join(dir, ".terraformrc");
    if (!fs.existsSync(cliConfig)) fs.writeFileSync(cliConfig, "");
    const r = spawnSync(this.binary, [...args], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      env: {
        PATH: [bin, path.dirname(this.binary), process.env.PATH ?? "/usr/bin:/bin"].join(path.delimiter),
        HOME: dir,
        TMPDIR: path.join(dir, "tmp"),
        TF_CLI_CONFIG_FILE: cliConfig,
        TF_IN_AUTOMATION: "1",
        CHECKPOINT_DISABLE: "1",
        ...env,
      },
    });
    if (r.error) throw r.error;
    return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
