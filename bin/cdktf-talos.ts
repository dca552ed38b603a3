#!/usr/bin/env node
/** The cdktf-talos CLI: `validate`, `review` and `rehearse` (see lib/cli/cli.ts). */
import { runCli } from "../lib/cli/cli";

process.env.CHECKPOINT_DISABLE = "1";
process.exitCode = runCli(process.argv.slice(2));
