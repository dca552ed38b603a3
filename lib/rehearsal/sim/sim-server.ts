import * as fs from "fs";
import * as net from "net";
import * as path from "path";

/** One simulation call: the tool (`talosctl`, `kubectl`, `effect`), its arguments, its environment. */
export interface SimRequest {
  readonly tool: string;
  readonly args: readonly string[];
  readonly env: { readonly [name: string]: string };
}

/** What a call printed and its exit code. */
export interface SimResponse {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/**
 * Serves simulation calls on 127.0.0.1 so that each talosctl, kubectl or provider effect costs a
 * bash client instead of a Node process. Requests are NUL-separated fields: tool, argument count,
 * arguments, variable count, `NAME=value` variables. Responses are lines: `O <stdout line>`,
 * `E <stderr line>`, then `X <exit code>`. The port is written to `<dir>/sim.port`; the server
 * stops when its parent closes its stdin.
 */
export function serve(dir: string, handle: (request: SimRequest) => Promise<SimResponse>): void {
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let done = false;
    socket.on("data", (chunk) => {
      if (done) return;
      buffer = Buffer.concat([buffer, chunk]);
      const request = parseRequest(buffer);
      if (!request) return;
      done = true;
      handle(request)
        .catch((err: unknown): SimResponse => ({ stdout: "", stderr: `simulation error: ${String(err)}`, code: 70 }))
        .then((response) => socket.end(encodeResponse(response)));
    });
    socket.on("error", () => undefined);
  });
  server.listen(0, "127.0.0.1", () => {
    const port = (server.address() as net.AddressInfo).port;
    fs.writeFileSync(path.join(dir, "sim.port.tmp"), String(port));
    fs.renameSync(path.join(dir, "sim.port.tmp"), path.join(dir, "sim.port"));
  });
  const stop = () => {
    fs.rmSync(path.join(dir, "sim.port"), { force: true });
    server.close();
    process.exit(0);
  };
  process.stdin.on("end", stop);
  process.stdin.on("close", stop);
  process.stdin.resume();
}

/** A complete request from the bytes received so far, or undefined when more are due. */
export function parseRequest(bytes: Buffer): SimRequest | undefined {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      fields.push(bytes.subarray(start, i).toString("utf8"));
      start = i + 1;
    }
  }
  if (fields.length < 2) return undefined;
  const nargs = Number(fields[1]);
  if (fields.length < 3 + nargs) return undefined;
  const nenv = Number(fields[2 + nargs]);
  if (fields.length < 3 + nargs + nenv) return undefined;
  const env: { [name: string]: string } = {};
  for (const kv of fields.slice(3 + nargs, 3 + nargs + nenv)) {
    const eq = kv.indexOf("=");
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return { tool: fields[0], args: fields.slice(2, 2 + nargs), env };
}

/** The line-framed response the client reads. */
export function encodeResponse(r: SimResponse): string {
  const lines = (prefix: string, text: string) =>
    text === ""
      ? ""
      : text
          .replace(/\n$/, "")
          .split("\n")
          .map((l) => `${prefix} ${l}\n`)
          .join("");
  return `${lines("O", r.stdout)}${lines("E", r.stderr)}X ${r.code}\n`;
}

/**
 * The bash client of a simulated tool: sends its arguments and the SIM_* / CDKTF_TALOS_*
 * variables to the server and prints what it answers; without a server (or without bash's
 * /dev/tcp) it runs the simulation program itself.
 */
export function clientScript(tool: string, node: string, program: string): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/bash
# The simulated ${tool} of a cdktf-talos rehearsal.
port=$(cat "\${CDKTF_TALOS_SIM_DIR}/sim.port" 2>/dev/null)
if [ -z "$port" ] || ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then exec ${q(node)} ${q(program)} ${tool} "$@"; fi
vars=()
for v in $(compgen -e); do case "$v" in SIM_*|CDKTF_TALOS_*) vars+=("$v=\${!v}") ;; esac; done
printf '%s\\0' ${tool} "$#" "$@" "\${#vars[@]}" "\${vars[@]}" >&3
code=70
while IFS= read -r line <&3; do
  case "$line" in
    "O "*) printf '%s\\n' "\${line#O }" ;;
    "E "*) printf '%s\\n' "\${line#E }" >&2 ;;
    "X "*) code="\${line#X }" ;;
  esac
done
exit "$code"
`;
}
