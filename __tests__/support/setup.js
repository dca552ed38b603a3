const fs = require("fs");
const os = require("os");
const path = require("path");

/**
 * Gives this jest run its own output folder (workers inherit the variable), so two runs on one
 * machine (two clones, CI beside a developer) never share or delete each other's files.
 */
module.exports = async () => {
  process.env.CDKTF_TALOS_TEST_RUN_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-tests-"));
};
