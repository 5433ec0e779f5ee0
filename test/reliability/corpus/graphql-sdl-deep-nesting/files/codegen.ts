export const tasklist = { rest: false };
