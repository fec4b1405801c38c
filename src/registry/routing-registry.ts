import type { ImageRegistryPort, ManifestInfo } from '../ports/image-registry.js'
import type { ImageRepository } from '../settings/settings.js'
import { parseEcrHost } from './ecr-host.js'

export interface RegistryRoutes {
  /** Amazon ECR private registries, read through the ECR API with AWS credentials. */
  ecr: () => ImageRegistryPort
  /** Every other registry, read anonymously with the OCI distribution API. */
  oci: () => ImageRegistryPort
}

/** Sends each image to the client that can read its registry; the clients are made on first use. */
export class RoutingRegistry implements ImageRegistryPort {
  private ecr?: ImageRegistryPort
  private oci?: ImageRegistryPort

  constructor(private readonly routes: RegistryRoutes) {}

  headManifest(image: ImageRepository, tag: string): Promise<ManifestInfo | undefined> {
    return this.registryFor(image.registry).headManifest(image, tag)
  }

  async compressedSize(image: ImageRepository, reference: string): Promise<number | undefined> {
    return this.registryFor(image.registry).compressedSize?.(image, reference)
  }

  private registryFor(registry: string): ImageRegistryPort {
    if (parseEcrHost(registry)) return (this.ecr ??= this.routes.ecr())
    return (this.oci ??= this.routes.oci())
  }
}
