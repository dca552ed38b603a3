const fs = require("fs");
const os = require("os");
const path = require("path");

/** Removes the one output folder the tests' apps share. */
module.exports = async () => {
  fs.rmSync(path.join(os.tmpdir(), "cdktf-talos-tests"), { recursive: true, force: true });
};
