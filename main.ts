import { App } from "cdktf";
import { synthValidated } from "./lib/app/synth-validated";
import { addAllStacks } from "./stacks";

const app = new App();
addAllStacks(app);
synthValidated(app);
