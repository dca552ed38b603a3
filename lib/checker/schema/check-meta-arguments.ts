import { Finding } from "../finding";
import { SynthesizedStack } from "./check-provider-schema";

/** `type.name`, optionally indexed and followed by attributes: what Terraform JSON reads as a reference. */
const BARE_REFERENCE = /^(data\.)?([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)(\[[^\]]+\])?(\.[\w-]+(\[[^\]]+\])?)*$/;

type Block = { readonly depends_on?: unknown; readonly lifecycle?: { readonly replace_triggered_by?: unknown; readonly ignore_changes?: unknown } };

/**
 * Checks the meta-arguments that hold references: every `depends_on` and
 * `lifecycle.replace_triggered_by` entry must be a bare reference (`aws_instance.web`, not
 * `${aws_instance.web}`, which Terraform JSON rejects) to a block declared in the stack, and
 * `replace_triggered_by` may only name managed resources.
 */
export function checkMetaArguments(stackName: string, stack: SynthesizedStack): Finding[] {
  const findings: Finding[] = [];
  const declared = (kind: "resource" | "data", type: string, name: string) => Boolean((kind === "resource" ? stack.resource : stack.data)?.[type]?.[name]);
  const walk = (kind: "resource" | "data", blocks: SynthesizedStack["resource"]) => {
    for (const [type, instances] of Object.entries(blocks ?? {})) {
      for (const [name, raw] of Object.entries(instances)) {
        const body = raw as Block;
        const address = `${kind === "data" ? "data." : ""}${type}.${name}`;
        const report = (path: string, message: string) => findings.push({ severity: "error", check: "provider-schema", stack: stackName, address, path, message });
        const check = (path: string, entries: unknown, managedOnly: boolean) => {
          if (entries === undefined) return;
          if (!Array.isArray(entries)) {
            report(path, `must be a list of references, got ${JSON.stringify(entries)}`);
            return;
          }
          entries.forEach((entry, i) => {
            const match = typeof entry === "string" ? BARE_REFERENCE.exec(entry) : null;
            if (!match) report(`${path}[${i}]`, `${JSON.stringify(entry)} is not a bare reference: Terraform JSON reads these entries as references, write "type.name" without \${ }`);
            else if (managedOnly && match[1]) report(`${path}[${i}]`, `"${entry}" is a data source: replace_triggered_by may only name managed resources`);
            else if (!declared(match[1] ? "data" : "resource", match[2], match[3])) report(`${path}[${i}]`, `"${entry}" names no block of this stack`);
          });
        };
        check("depends_on", body.depends_on, false);
        check("lifecycle.replace_triggered_by", body.lifecycle?.replace_triggered_by, true);
      }
    }
  };
  walk("resource", stack.resource);
  walk("data", stack.data);
  return findings;
}
