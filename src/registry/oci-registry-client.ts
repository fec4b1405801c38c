// PLACEHOLDER: replaced by the real OCI registry client.
export class OciRegistry {}
