import { App } from "cdktf";
import { printSynthReport, synthValidated } from "./lib";
import { addAllStacks } from "./stacks";

// `cdktf synth|diff|deploy` runs this file (cdktf.json "app") and prints the annotations itself;
// `npm run synth` prints them here. Either way each stack is listed and each warning shows once.
const app = new App();
addAllStacks(app);
printSynthReport(synthValidated(app));
