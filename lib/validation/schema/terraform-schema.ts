import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PinnedProviderSchema, providerSchemaFromJson } from "./provider-schema";

/** The AWS provider this project pins (= `@cdktf/provider-aws` 20.1.0). */
export const AWS_PROVIDER = { name: "aws", source: "hashicorp/aws", version: "5.100.0" } as const;

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

/**
 * Reads the real hashicorp/aws 5.100.0 schema with `terraform providers schema -json`, from a
 * filesystem mirror and without network. The result is cached on disk. Returns why not when
 * terraform or the mirror is missing, so callers can say so instead of passing silently.
 */
export function loadAwsSchemaFromTerraform(env: TerraformEnvironment = {}): TerraformSchemaResult {
  const terraform = env.terraformBinary ?? "terraform";
  const mirror = env.pluginMirror ?? "/opt/tf-plugins";
  const cacheDir = env.cacheDir ?? path.join(os.tmpdir(), "cdktf-talos-schemas");
  const cacheFile = path.join(cacheDir, `aws-${AWS_PROVIDER.version}.schema.json`);
  const wrap = (json: { provider_schemas: never }): TerraformSchemaResult => ({
    available: true,
    schema: { ...AWS_PROVIDER, schema: providerSchemaFromJson(json, AWS_PROVIDER.source) },
  });
  if (fs.existsSync(cacheFile)) return wrap(JSON.parse(fs.readFileSync(cacheFile, "utf8")));
  if (!fs.existsSync(path.join(mirror, "registry.terraform.io", AWS_PROVIDER.source))) {
    return { available: false, reason: `no hashicorp/aws in the provider mirror ${mirror}` };
  }
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-aws-schema-"));
  try {
    fs.writeFileSync(
      path.join(workdir, "main.tf.json"),
      JSON.stringify({ terraform: { required_providers: { aws: { source: AWS_PROVIDER.source, version: AWS_PROVIDER.version } } } }),
    );
    const tfEnv = offlineTerraformEnv(workdir, mirror, AWS_PROVIDER.source);
    try {
      execFileSync(terraform, ["init", "-backend=false", "-input=false", "-no-color"], { cwd: workdir, env: tfEnv, stdio: "pipe" });
    } catch (err) {
      const e = err as { code?: string; stderr?: Buffer };
      return { available: false, reason: e.code === "ENOENT" ? `terraform not found ("${terraform}")` : `terraform init failed: ${e.stderr?.toString().trim()}` };
    }
    const out = execFileSync(terraform, ["providers", "schema", "-json"], { cwd: workdir, env: tfEnv, maxBuffer: 256 * 1024 * 1024 });
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cacheFile);
    return wrap(JSON.parse(out.toString("utf8")));
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}
