// Test-only stand-in for the CDK core's private stack-trace module: cdktf records a full,
// source-mapped stack for every token it creates (only shown when a token fails to resolve), which
// is a quarter of the synth time under Jest. The suite measures behaviour, not those traces.
// cdktf 0.21 calls captureStackTrace; cdktn 0.24 calls captureCreationStack (the cdktn-talos line).
exports.captureStackTrace = () => [];
exports.captureCreationStack = () => [];
