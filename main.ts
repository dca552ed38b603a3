import { App } from "cdktf";
import { synthValidated } from "./lib/app/synth-validated";
import { addAllStacks } from "./stacks";

const app = new App();
addAllStacks(app);
const report = synthValidated(app);
for (const s of report.stacks) {
  process.stdout.write(`wrote ${s.name}: ${s.resources} resources, ${s.dataSources} data sources, ${s.outputs} outputs (${s.file})\n`);
}
for (const w of report.warnings) process.stderr.write(`WARNING [${w.path}] ${w.message}\n`);
for (const s of report.suppressed) process.stderr.write(`SUPPRESSED [${s.path}] ${s.id}: ${s.reason}\n`);
