import { commonShapes } from "../../cluster/prop-shapes";
import { shape } from "../../validation/prop-shape";
import { AfterReset } from "../../node-pool/talos-node";

/** The runtime shape of `ExistingMachinesProps`. */
export const EXISTING_MACHINES_PROPS_SHAPE = shape.object(
  "ExistingMachinesProps",
  {
    machines: shape.record(
      shape.object(
        "a machine",
        {
          address: shape.string('give the address its Talos API answers at, e.g. "10.0.0.2"'),
          hostname: shape.optional(shape.string('give a host name, e.g. "cp-1"')),
          installDisk: shape.optional(shape.string('give a device path, e.g. "/dev/vda"')),
          labels: shape.optional(commonShapes.labels),
          taints: shape.optional(commonShapes.taints),
          links: shape.optional(
            shape.list(
              shape.object(
                "a link",
                {
                  name: shape.optional(commonShapes.name("lan")),
                  selector: shape.optional(commonShapes.linkSelector),
                  addresses: shape.optional(commonShapes.strings('give addresses in CIDR form, e.g. ["10.0.0.2/24"]')),
                  gateway: shape.optional(shape.string('give the gateway, e.g. "10.0.0.1"')),
                  mtu: shape.optional(shape.number("give an MTU, e.g. 1500")),
                },
                'give { name?: "lan", selector?: LinkSelector.mac("..."), addresses?: ["10.0.0.2/24"] }',
              ),
              "give a list of links",
            ),
          ),
          patches: shape.optional(commonShapes.patches),
        },
        'give { address: "10.0.0.2", ... }',
      ),
      'give machines keyed by node name, e.g. { "cp-1": { address: "10.0.0.2" } }',
    ),
    installDisk: shape.optional(shape.string('give a device path, e.g. "/dev/vda"')),
    image: shape.optional(shape.having("a TalosImage", ["installerImage", "schematic"], "give a TalosImage construct")),
    installerImage: shape.optional(shape.string("give an installer image reference")),
    afterReset: shape.optional(shape.enumOf(AfterReset, "AfterReset")),
  },
  'give { machines: { "cp-1": { address: "10.0.0.2" } } }',
);
