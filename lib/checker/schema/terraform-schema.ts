import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { providerPin } from "../../versions/provider-pins";
import { PinnedProviderSchema, providerSchemaFromJson } from "./provider-schema";

const AWS_PIN = providerPin("aws");
/** The AWS provider this project pins (the one its prebuilt AWS bindings were generated from: `provider-pins.json`). */
export const AWS_PROVIDER = { name: AWS_PIN.name, source: AWS_PIN.source, version: AWS_PIN.version } as const;

/** Where terraform and a provider filesystem mirror are looked for. */
export interface TerraformEnvironment {
  /** The terraform binary. @default "terraform" on PATH */
  readonly terraformBinary?: string;
  /** A provider filesystem mirror holding hashicorp/aws. @default "/opt/tf-plugins" */
  readonly pluginMirror?: string;
  /** Folder to cache the read schema in. @default - `<os tmpdir>/cdktf-talos-schemas` */
  readonly cacheDir?: string;
}

/** The outcome of looking for a real provider schema. */
export type TerraformSchemaResult =
  | { readonly available: true; readonly schema: PinnedProviderSchema }
  | { readonly available: false; readonly reason: string };

/** A CLI config that installs providers only from the filesystem mirror (no network). */
export function mirrorCliConfig(mirror: string, source: string): string {
  return `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/${source}"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`;
}

/** Environment for running terraform offline against a filesystem mirror. */
export function offlineTerraformEnv(workdir: string, mirror: string, source: string): NodeJS.ProcessEnv {
  const cliConfig = path.join(workdir, "terraform.rc");
  fs.writeFileSync(cliConfig, mirrorCliConfig(mirror, source));
  return { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
}

/** A folder where `terraform init` ran offline: run terraform commands there with `env`. */
export interface OfflineTerraformWorkdir {
  readonly workdir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly terraform: string;
}

/**
 * Writes `config` as `main.tf.json` into a temporary folder, runs `terraform init -backend=false`
 * there with hashicorp/aws from the filesystem mirror (no network), then `use`, and removes the
 * folder. Returns why not when terraform or the mirror is missing or init fails.
 */
export function withOfflineAwsInit<T>(config: object, env: TerraformEnvironment, use: (dir: OfflineTerraformWorkdir) => T): { ran: true; value: T } | { ran: false; reason: string } {
  const terraform = env.terraformBinary ?? "terraform";
  const mirror = env.pluginMirror ?? "/opt/tf-plugins";
  if (!fs.existsSync(path.join(mirror, "registry.terraform.io", AWS_PROVIDER.source, AWS_PROVIDER.version))) {
    return { ran: false, reason: `no ${AWS_PROVIDER.source} in the provider mirror ${mirror} at ${AWS_PROVIDER.version} (not checked offline)` };
  }
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-terraform-"));
  try {
    fs.writeFileSync(path.join(workdir, "main.tf.json"), JSON.stringify(config));
    const tfEnv = offlineTerraformEnv(workdir, mirror, AWS_PROVIDER.source);
    try {
      execFileSync(terraform, ["init", "-backend=false", "-input=false", "-no-color"], { cwd: workdir, env: tfEnv, stdio: "pipe" });
    } catch (err) {
      const e = err as { code?: string; stderr?: Buffer; stdout?: Buffer };
      return { ran: false, reason: e.code === "ENOENT" ? `terraform not found ("${terraform}")` : `terraform init failed: ${(e.stderr ?? e.stdout)?.toString().trim()}` };
    }
    return { ran: true, value: use({ workdir, env: tfEnv, terraform }) };
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

/**
 * Reads the real schema of the pinned hashicorp/aws with `terraform providers schema -json`, from a
 * filesystem mirror and without network. The result is cached on disk. Returns why not when
 * terraform or the mirror is missing, so callers can say so instead of passing silently.
 */
export function loadAwsSchemaFromTerraform(env: TerraformEnvironment = {}): TerraformSchemaResult {
  const cacheDir = env.cacheDir ?? path.join(os.tmpdir(), "cdktf-talos-schemas");
  const cacheFile = path.join(cacheDir, `aws-${AWS_PROVIDER.version}.schema.json`);
  const wrap = (json: { provider_schemas: never }): TerraformSchemaResult => ({
    available: true,
    schema: { ...AWS_PROVIDER, schema: providerSchemaFromJson(json, AWS_PROVIDER.source) },
  });
  if (fs.existsSync(cacheFile)) return wrap(JSON.parse(fs.readFileSync(cacheFile, "utf8")));
  const config = { terraform: { required_providers: { aws: { source: AWS_PROVIDER.source, version: AWS_PROVIDER.version } } } };
  const result = withOfflineAwsInit(config, env, ({ workdir, env: tfEnv, terraform }) =>
    execFileSync(terraform, ["providers", "schema", "-json"], { cwd: workdir, env: tfEnv, maxBuffer: 256 * 1024 * 1024 }),
  );
  if (!result.ran) return { available: false, reason: result.reason };
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${cacheFile}.${process.pid}`;
  fs.writeFileSync(tmp, result.value);
  fs.renameSync(tmp, cacheFile);
  return wrap(JSON.parse(result.value.toString("utf8")));
}
