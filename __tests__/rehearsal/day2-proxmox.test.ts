import { describeDay2Rehearsals } from "../support/day2-rehearsals";

/** README "Day 2", rehearsed on Proxmox VE: real terraform, stand-ins, the simulated cluster. */
describe("day 2 rehearsed on proxmox", () => describeDay2Rehearsals("proxmox"));
