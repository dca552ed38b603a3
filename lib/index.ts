// Public API of cdktf-talos: re-exports only. Constructs, their props, value classes, enums,
// the contracts (cluster, node source, addon) and the checker API; helpers stay internal.

// Providers: pass an aliased one (another endpoint, account or region, a private Image Factory)
// as `provider` (or `factoryProvider`) to any construct that creates provider blocks.
export { TalosProvider, TalosProviderConfig } from "../.gen/providers/talos/provider";
export { ProxmoxProvider, ProxmoxProviderConfig, ProxmoxProviderSsh, ProxmoxProviderSshNode } from "../.gen/providers/proxmox/provider";
export { HelmProvider, HelmProviderConfig } from "../.gen/providers/helm/provider";

// Versions
export { TalosVersion, TalosMinor } from "./versions/talos-version";
export { KubernetesVersion } from "./versions/kubernetes-version";
export { TalosFeature, TalosRelease } from "./versions/talos-releases";

// Talos config
export { ConfigPatch } from "./config/config-patch";
export { JsonArray, JsonObject, JsonValue } from "./config/json";
export * from "./config/documents";
export * from "./config/v1alpha1";
export { LinkSettings, MachineSettings, Taint, TaintEffect, UserVolumeSettings, VipSettings } from "./config/machine-settings";
export { LinkSelector, LinkSelectorKind } from "./config/link-selector";

// Cluster core and its contracts
export { TalosCluster } from "./cluster/talos-cluster";
export { DEFAULT_HEALTH_TIMEOUT, SecretsRemovalPolicy, TalosClusterProps } from "./cluster/talos-cluster-props";
export { ITalosCluster } from "./cluster/talos-cluster-contract";
export { MachineRole } from "./cluster/machine-role";
export { ManifestOrder } from "./cluster/manifest-order";
export { ClusterMember } from "./cluster/cluster-member";
export { ClusterFact, ClusterFacts } from "./cluster/cluster-facts";
export { CredentialOutputs } from "./cluster/credential-outputs";
export { AddonContext, AddonContribution, AddonValidationContext, IClusterAddon, IImageMirror, InlineManifest } from "./cluster/addon";
export { ClusterAddon, ClusterAddonProps } from "./cluster/cluster-addon";

// Day 2: upgrades
export { DEFAULT_NODE_UPGRADE_TIMEOUT, DEFAULT_UPGRADE_HEALTH_TIMEOUT, TalosUpgrades, UpgradeStrategy } from "./upgrades/upgrade-options";

// Node pools and the node-source contract
export { NodePool } from "./node-pool/node-pool";
export { ApplyMode, NodePoolProps } from "./node-pool/node-pool-props";
export { AfterReset, INodeSource, TalosNode } from "./node-pool/talos-node";

// Image Factory
export { TalosArchitecture } from "./image-factory/architecture";
export { TalosPlatform } from "./image-factory/talos-platform";
export { TalosExtension } from "./image-factory/talos-extension";
export { TalosOverlay } from "./image-factory/schematic";
export { TalosImage, TalosImageProps } from "./image-factory/talos-image";

// Platforms
export { ExistingMachine, ExistingMachineLink, ExistingMachines, ExistingMachinesProps } from "./platforms/existing/existing-machines";
export { ProxmoxIsoStorage, TalosProxmoxImage, TalosProxmoxImageProps } from "./platforms/proxmox/talos-proxmox-image";
export { ProxmoxNodes, ProxmoxNodesProps } from "./platforms/proxmox/proxmox-nodes";
export * from "./platforms/proxmox/proxmox-vm-spec";

// Addons
export { ManifestLifecycle } from "./addons/manifest-lifecycle";
export { InlineManifestAddon, InlineManifestAddonProps, InlineManifestSpec } from "./addons/inline-manifest-addon";
export { HelmChartSource } from "./addons/helm/helm-chart";
export { LabelSelector, LabelSelectorRequirement, WORKER_NODES } from "./addons/kubernetes/manifest";
export { HarborProxyProps, RegistryAuth, RegistryHost, RegistryMirror, RegistryMirrors, RegistryMirrorsProps, RegistryMirrorsSettings, RegistryTls } from "./addons/registry-mirrors/registry-mirrors";
export { CILIUM_CHART_REPOSITORY } from "./addons/cilium/cilium-versions";
export { CiliumHubble, CiliumIpam, CiliumRouting, CiliumSettings } from "./addons/cilium/cilium-values";
export { CiliumIpBlock, CiliumL2AnnouncementPolicy, CiliumLoadBalancerIpPool } from "./addons/cilium/cilium-objects";
export { CiliumInlineManifest, CiliumInlineManifestProps } from "./addons/cilium/cilium-inline-manifest";
export { GitCredentials, GitRevision } from "./addons/gitops/git-source";
export { FLUX_CHART } from "./addons/gitops/flux";
export { ARGOCD_CHART } from "./addons/gitops/argocd";
export { GitOpsBootstrap, GitOpsBootstrapProps, GitOpsEngine } from "./addons/gitops/gitops-bootstrap";
export { CERT_MANAGER_CHART_REPOSITORY } from "./addons/cert-manager/cert-manager-versions";
export { CERT_MANAGER_DEFAULT_VALUES, CertManager, CertManagerProps } from "./addons/cert-manager/cert-manager";

// Validation
export { TalosInputError } from "./validation/input-error";
export { RuleViolation } from "./validation/rule";
export { CheckWarning, ValidationFindings } from "./validation/cross-construct";

// The offline checker of synthesized JSON
export { CheckReport, SynthChecker, SynthCheckerOptions } from "./checker/synth-checker";
export { Finding, formatFinding } from "./checker/finding";
export { providerSubgraph, TerraformDiagnostic, terraformValidateAws, TerraformValidateResult } from "./checker/terraform-validate";
export { TerraformEnvironment } from "./checker/schema/terraform-schema";
export { SynthesizedStack } from "./checker/schema/check-provider-schema";

// Policy pack
export { PolicyReport, PolicyReportEntry, TALOS_POLICY_RULES, TalosChecks, TalosChecksOptions } from "./policy/talos-checks";
export { PolicyBlock, PolicyContext, PolicyFinding, PolicyLevel, PolicyRule } from "./policy/policy-rule";
export { PolicySuppression } from "./validation/suppressions";

// Synthesis and review
export { SuppressedFinding, synthValidated, SynthValidatedOptions, SynthesizedStackSummary, SynthReport, SynthWarning } from "./app/synth-validated";
export { printSynthReport, PrintSynthReportOptions } from "./app/print-synth-report";
export { PlanAction, PlannedChange, planDiff } from "./review/plan-diff";
export { NodePatches, RebootNote, ResourceCount, ReviewChanges, ReviewedPatch, Risk, RolePatches, reviewStack, StackReview, UpgradeRun } from "./review/stack-review";
export { OutdirReview, readOutdir, reviewOutdir } from "./review/review-outdir";
export { REVIEW_MARKER, reviewMarkdown } from "./review/review-markdown";
export { Topology, TopologyGroup, TopologyNode, topologyMermaid, topologyOf, topologySvg } from "./review/topology";
export { SYNTH_NOTES_FILE, SynthNotes } from "./review/synth-notes";
export { redact, REDACTED } from "./review/redact";

// Renames
export { moveConstruct } from "./bindings/moves";

// Rehearsal of day-2 changes
export { Rehearsal, RehearsalError, RehearsalOptions, rehearsalAvailable, rehearse, rehearseStack } from "./rehearsal/rehearse";
export { RehearsalEvent, RehearsalEventKind, RehearsalNodeState, RehearsalResult, RehearsalSummary, StackRehearsal } from "./rehearsal/timeline";
export { rehearsalText } from "./rehearsal/rehearsal-text";
export { SimFaults } from "./rehearsal/sim/sim-world";
export { AttributeRule, ChangeEffect, ComputedKind, ComputedRule, STAND_IN_TABLE, StandInRole, StandInRow } from "./rehearsal/stand-in-table";
export { StandInError, SynthesizedStackJson } from "./rehearsal/stand-in-config";
