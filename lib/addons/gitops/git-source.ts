/** A Git revision to sync: a branch, a tag or a commit. */
export type GitRevision = { readonly branch: string } | { readonly tag: string } | { readonly commit: string };

/** Repository credentials, given by reference: the password must be a token (e.g. a sensitive variable). */
export interface GitCredentials {
  /** User name (for tokens, often `git` or any non-empty name). */
  readonly username: string;
  /** Password or access token; a Terraform token, never a literal. */
  readonly password: string;
}

/** The Git source a GitOps controller syncs from. */
export interface GitSource {
  /** Repository URL (`https://…`; SSH needs a key the bootstrap does not carry). */
  readonly repoUrl: string;
  /** Revision to sync. */
  readonly revision: GitRevision;
  /** Path inside the repository. */
  readonly path: string;
  /** Namespace the synced objects land in, when the repository does not say. */
  readonly destinationNamespace?: string;
  /** Credentials, by reference. */
  readonly credentials?: GitCredentials;
}

/** The revision as one string (Argo CD `targetRevision`). */
export function revisionString(revision: GitRevision): string {
  return "branch" in revision ? revision.branch : "tag" in revision ? revision.tag : revision.commit;
}
