// Test-only stand-in for cdktf's private captureStackTrace: cdktf records a full, source-mapped
// stack for every token it creates (only shown when a token fails to resolve), which is a quarter
// of the synth time under Jest. The suite measures behaviour, not those traces.
exports.captureStackTrace = () => [];
