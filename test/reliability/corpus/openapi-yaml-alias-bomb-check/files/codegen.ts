export const tasklist = { graphql: false, rest: { schemaFile: 'schemas/tasklist.openapi.yaml' } };
