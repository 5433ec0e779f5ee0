/** The typed-document interface of generated GraphQL operations, without the package that usually declares it. */

/**
 * The type graphql-codegen's typed documents carry: generated operations.ts declares its
 * `TypedDocumentString` class with it. The same shape as `@graphql-typed-document-node/core`'s
 * (TypeScript compares structurally, so the two are interchangeable for every tool that reads
 * either), declared here rather than re-exported because that package has `graphql` as a
 * required peer dependency: npm would install graphql's 2 MB into every app for one interface.
 */
export interface DocumentTypeDecoration<TResult, TVariables> {
  /**
   * Never set at run time: the optional member only carries the result and variable types, so
   * a client can infer both from a document.
   */
  __apiType?: (variables: TVariables) => TResult;
}
