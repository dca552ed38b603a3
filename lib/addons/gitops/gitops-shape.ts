import { shape } from "../../validation/prop-shape";
import { commonShapes } from "../../cluster/prop-shapes";
import { inlineManifestAddonShape } from "../inline-manifest-addon";
import { GitOpsEngine } from "./gitops-engine";

/** The runtime shape of `GitOpsBootstrapProps`. */
export const GITOPS_PROPS_SHAPE = inlineManifestAddonShape("GitOpsBootstrapProps", {
  engine: shape.enumOf(GitOpsEngine, "GitOpsEngine"),
  repoUrl: shape.string('give the repository URL, e.g. "https://github.com/org/apps.git"'),
  revision: shape.optional(
    shape.anyOf(
      "a Git revision",
      [shape.object("a branch", { branch: shape.string("give a branch") }, ""), shape.object("a tag", { tag: shape.string("give a tag") }, ""), shape.object("a commit", { commit: shape.string("give a commit") }, "")],
      'give { branch: "main" }, { tag: "v1.0.0" } or { commit: "<sha>" }',
    ),
  ),
  path: shape.optional(shape.string('give a path inside the repository, e.g. "clusters/prod"')),
  destinationNamespace: shape.optional(commonShapes.name("apps")),
  namespace: shape.optional(commonShapes.name("flux-system")),
  name: shape.optional(commonShapes.name("cluster")),
  manifestName: shape.optional(commonShapes.name("flux")),
  interval: shape.optional(shape.string('give a Go duration, e.g. "1m"')),
  credentials: shape.optional(shape.object("Git credentials", { username: shape.string('give a user name, e.g. "git"'), password: shape.string("give a sensitive variable's value") }, "give { username, password: variable.stringValue }")),
  chartVersion: shape.optional(shape.string('give an exact chart version, e.g. "2.16.0"')),
  repository: shape.optional(shape.string("give a chart repository URL")),
  values: shape.optional(shape.json()),
});
