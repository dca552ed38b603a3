import { JsonObject } from "../../config/json";
import { HelmChartSource } from "../helm/helm-chart";
import { GitSource } from "./git-source";

/** The community `flux2` chart (Flux 2.8.5). */
export const FLUX_CHART: HelmChartSource = { repository: "https://fluxcd-community.github.io/helm-charts", chart: "flux2", version: "2.18.3" };

/** Flux objects that point the controllers at the repository: `GitRepository` + `Kustomization` (+ auth Secret). */
export function fluxSyncObjects(name: string, namespace: string, source: GitSource, interval: string): JsonObject[] {
  const secretName = `${name}-git-auth`;
  const objects: JsonObject[] = [];
  if (source.credentials) {
    objects.push({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: secretName, namespace },
      type: "Opaque",
      stringData: { username: source.credentials.username, password: source.credentials.password },
    });
  }
  objects.push({
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
    metadata: { name, namespace },
    spec: {
      url: source.repoUrl,
      interval,
      ref: { ...source.revision },
      secretRef: source.credentials ? { name: secretName } : undefined,
    },
  });
  objects.push({
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name, namespace },
    spec: {
      interval,
      prune: true,
      sourceRef: { kind: "GitRepository", name },
      path: source.path,
      targetNamespace: source.destinationNamespace,
    },
  });
  return objects;
}
