import { commonShapes } from "../../cluster/prop-shapes";
import { shape } from "../../validation/prop-shape";

/** The runtime shape of a `LabelSelector`. */
export const LABEL_SELECTOR_SHAPE = shape.object(
  "a label selector",
  {
    matchLabels: shape.optional(commonShapes.labels),
    matchExpressions: shape.optional(
      shape.list(
        shape.object(
          "a label requirement",
          { key: shape.string('give a label key, e.g. "node-role.kubernetes.io/control-plane"'), operator: shape.literal(["In", "NotIn", "Exists", "DoesNotExist"]), values: shape.optional(commonShapes.strings("give values as strings")) },
          'give { key, operator: "In", values: [...] }',
        ),
        "give a list of requirements",
      ),
    ),
  },
  "give { matchLabels?, matchExpressions? } (e.g. WORKER_NODES)",
);
