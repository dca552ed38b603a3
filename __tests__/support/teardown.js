const fs = require("fs");

/** Removes this run's output folder (made by setup.js), and nothing another run may be using. */
module.exports = async () => {
  const dir = process.env.CDKTF_TALOS_TEST_RUN_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
