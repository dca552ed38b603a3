/** The GitOps controller to install. */
export enum GitOpsEngine {
  /** Flux (community `flux2` chart, `GitRepository` + `Kustomization`). */
  FLUX = "flux",
  /** Argo CD (`argo-cd` chart, an `Application` with automated sync). */
  ARGO_CD = "argocd",
}
