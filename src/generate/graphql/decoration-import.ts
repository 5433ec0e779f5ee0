/**
 * graphql-codegen's typed-document-node plugin writes, into operations.ts,
 *   import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
 * and has no option to say where from. The runtime exports that type, and this points the
 * import there: generated code then imports the runtime and nothing else, so an app needs the
 * runtime as its one dependency. Under a strict layout (pnpm, `npm install --install-strategy=linked`)
 * that is what makes it compile: there, a package the app did not list itself does not resolve.
 * Used by `generateGraphQL` and by codegen.ts (as a graphql-codegen hook), which write the same bytes.
 */
import { stringLiteral } from '../escape.js';

const TYPED_DOCUMENT_IMPORT = "import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';";

/** `contents` with typed-document-node's import of `DocumentTypeDecoration` taken from `runtimeImport` instead. */
export function importDecorationFromRuntime(contents: string, runtimeImport: string): string {
  return contents.replace(TYPED_DOCUMENT_IMPORT, `import type { DocumentTypeDecoration } from ${stringLiteral(runtimeImport, "'")};`);
}
