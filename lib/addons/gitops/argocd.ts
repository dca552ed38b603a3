import { JsonObject } from "../../config/json";
import { HelmChartSource } from "../helm/helm-chart";
import { GitSource, revisionString } from "./git-source";

/** The `argo-cd` chart (Argo CD v3.4.4). */
export const ARGOCD_CHART: HelmChartSource = { repository: "https://argoproj.github.io/argo-helm", chart: "argo-cd", version: "10.1.1" };

/** Argo CD objects that point the controller at the repository: an `Application` with automated sync (+ repository Secret). */
export function argoCdSyncObjects(name: string, namespace: string, source: GitSource): JsonObject[] {
  const objects: JsonObject[] = [];
  if (source.credentials) {
    objects.push({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: `${name}-repository`, namespace, labels: { "argocd.argoproj.io/secret-type": "repository" } },
      type: "Opaque",
      stringData: { type: "git", url: source.repoUrl, username: source.credentials.username, password: source.credentials.password },
    });
  }
  objects.push({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name, namespace },
    spec: {
      project: "default",
      source: { repoURL: source.repoUrl, targetRevision: revisionString(source.revision), path: source.path },
      destination: { server: "https://kubernetes.default.svc", namespace: source.destinationNamespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: source.destinationNamespace ? ["CreateNamespace=true"] : undefined,
      },
    },
  });
  return objects;
}
