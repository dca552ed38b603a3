/** Where the machine running Terraform reaches the nodes' Talos API. */
export enum AwsTalosApiAccess {
  /** The nodes' public IPs (public subnets, Terraform outside the VPC). */
  PUBLIC_IP = "public-ip",
  /** The nodes' private IPs (Terraform inside the VPC, or through a VPN, peering or bastion). */
  PRIVATE_IP = "private-ip",
}
