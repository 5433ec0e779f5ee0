export const tasklist = { graphql: false };
