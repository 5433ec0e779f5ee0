export const tasklist = {
  rest: { format: 'xml' },
  graphql: { operations: 42 },
};
export default {};
